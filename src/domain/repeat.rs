//! "Same again": a new event like an old one (`POST /events/{id}/copy`), its slots moved by a
//! number of days. The days are counted on the event's own calendar, so Friday 19:00 in Berlin
//! stays Friday 19:00 across a change of daylight saving time. The copy is checked by the same
//! rules as any new event; what only the move can have broken is reported on `shiftDays`.

use super::error::DomainError;
use super::event::{EventMeta, Organizer};
use super::grid::{self, GridSpec};
use super::input::{NewEvent, NewPlace, NewSlot, SettingsPatch};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// How far a copy moves when the caller does not say: "same again next week".
pub const DEFAULT_SHIFT_DAYS: i64 = 7;
/// The furthest a copy moves, either way: a year (of 366 days).
pub const MAX_SHIFT_DAYS: i64 = 366;
/// The request field problems of the move are reported on.
pub const SHIFT_FIELD: &str = "shiftDays";

/// `at` moved by `days` on the calendar of `tz`.
fn shifted(at: Timestamp, days: i64, tz: &TimeZone) -> Option<Timestamp> {
    at.to_zoned(tz.clone()).checked_add(days.days()).ok().map(|z| z.timestamp())
}

/// The grid moved by `days`, when it still expands (it only draws the slots, so a grid that no
/// longer fits is left out rather than refusing the copy).
fn shifted_grid(spec: &GridSpec, days: i64, tz: &TimeZone) -> Option<GridSpec> {
    let dates = spec.dates.iter().map(|d| d.checked_add(days.days()).ok()).collect::<Option<Vec<_>>>()?;
    let moved = GridSpec { dates, ..spec.clone() };
    grid::expand(&moved, tz).is_ok().then_some(moved)
}

/// Problems with the slots of the copy come from the move: name `shiftDays` instead.
fn blame_the_move(error: DomainError) -> DomainError {
    match error {
        DomainError::InvalidArgument { fields, .. } if !fields.is_empty() => DomainError::fields(
            fields
                .into_iter()
                .map(|(field, problem)| {
                    let moved = field.starts_with("slots") || field.starts_with("grid");
                    (if moved { SHIFT_FIELD.to_string() } else { field }, problem)
                })
                .collect(),
        ),
        other => other,
    }
}

/// A new event organised by `organizer`: `source`'s title, description, zone, language,
/// visibility, places and settings, its slots (and grid) moved by `days`, a deadline moved the
/// same way (and dropped if that has passed), no participants, nothing final.
pub fn again(
    source: &EventMeta,
    days: i64,
    id: String,
    organizer: Organizer,
    now: Timestamp,
) -> Result<EventMeta, DomainError> {
    if !(-MAX_SHIFT_DAYS..=MAX_SHIFT_DAYS).contains(&days) {
        return Err(DomainError::field(
            SHIFT_FIELD,
            format!("must be between -{MAX_SHIFT_DAYS} and {MAX_SHIFT_DAYS} days"),
        ));
    }
    let tz = TimeZone::get(&source.timezone).unwrap_or(TimeZone::UTC);
    let slots = source
        .slots
        .iter()
        .map(|s| Some(NewSlot { start: shifted(s.start, days, &tz)?, end: shifted(s.end, days, &tz)? }))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| DomainError::field(SHIFT_FIELD, "moves the slots off the calendar"))?;
    let places = source
        .places
        .iter()
        .map(|p| NewPlace { name: p.name.clone(), address: p.address.clone(), map_url: p.map_url.clone() })
        .collect();
    let deadline = source.settings.deadline.and_then(|d| shifted(d, days, &tz)).filter(|d| *d > now);
    let copy = NewEvent {
        title: source.title.clone(),
        description: source.description.clone(),
        timezone: Some(source.timezone.clone()),
        visibility: Some(source.visibility),
        slots: Some(slots),
        grid: None,
        places: Some(places),
        settings: Some(SettingsPatch {
            allow_guests: Some(source.settings.allow_guests),
            participants_can_add_places: Some(source.settings.participants_can_add_places),
            deadline: Some(deadline),
        }),
        language: source.language,
        organizer_name: None,
    };
    // The slots go in as they are (grid cells the organiser removed stay removed); the grid
    // comes along only so clients can draw them.
    let mut meta = copy.into_meta(id, organizer, now).map_err(blame_the_move)?;
    meta.grid = source.grid.as_ref().and_then(|g| shifted_grid(g, days, &tz));
    // Places keep where they are even when no map link says so.
    for (copied, original) in meta.places.iter_mut().zip(&source.places) {
        if copied.lat.is_none() && copied.lng.is_none() {
            (copied.lat, copied.lng) = (original.lat, original.lng);
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{Slot, Status, Visibility};
    use crate::persistence::contract::sample_event;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn me() -> Organizer {
        Organizer::account("u2".into(), "Ivan".into())
    }

    #[test]
    fn a_week_later_keeps_the_local_time_across_daylight_saving() {
        let mut source = sample_event("ev", "u1");
        source.timezone = "Europe/Berlin".into();
        source.visibility = Visibility::Public;
        // 19:00 in summer time (UTC+2), and a week later 19:00 in winter time (UTC+1).
        source.slots =
            vec![Slot { id: "s4".into(), start: ts("2027-10-28T17:00:00Z"), end: ts("2027-10-28T20:00:00Z") }];
        source.status = Status::Finalized;
        let copy = again(&source, 7, "new".into(), me(), ts("2027-10-01T00:00:00Z")).unwrap();
        assert_eq!(copy.slots.len(), 1);
        assert_eq!((copy.slots[0].start, copy.slots[0].end), (ts("2027-11-04T18:00:00Z"), ts("2027-11-04T21:00:00Z")));
        assert_eq!(copy.slots[0].id, "s1", "a fresh event numbers its slots afresh");
        assert_eq!((copy.id.as_str(), copy.organizer.id.as_str()), ("new", "u2"));
        assert_eq!(copy.status, Status::Open);
        assert_eq!(copy.visibility, Visibility::Public);
        assert_eq!((copy.title.as_str(), copy.places[0].name.as_str()), (source.title.as_str(), "Bar Pivovar"));
        assert_eq!((copy.places[0].lat, copy.places[0].lng), (Some(55.7), Some(37.6)), "places stay where they are");
    }

    #[test]
    fn the_grid_moves_with_the_slots_and_a_passed_deadline_is_dropped() {
        let mut source = sample_event("ev", "u1");
        let now = ts("2026-12-05T12:00:00Z");
        source.grid = Some(GridSpec {
            dates: vec![jiff::civil::date(2026, 12, 4)],
            from: Some(jiff::civil::time(18, 0, 0, 0)),
            to: Some(jiff::civil::time(21, 0, 0, 0)),
            step_minutes: Some(60),
        });
        source.settings.deadline = Some(ts("2026-12-04T10:00:00Z"));
        let copy = again(&source, 1, "n".into(), me(), now).unwrap();
        assert_eq!(copy.grid.unwrap().dates, vec![jiff::civil::date(2026, 12, 5)]);
        assert_eq!(copy.settings.deadline, None, "a day later is still before now");
        let copy = again(&source, 14, "n".into(), me(), now).unwrap();
        assert_eq!(copy.settings.deadline, Some(ts("2026-12-18T10:00:00Z")));
    }

    #[test]
    fn moving_into_the_past_or_too_far_is_refused_on_shift_days() {
        let source = sample_event("ev", "u1");
        let now = ts("2026-12-01T00:00:00Z");
        for days in [-7, 367, -367, i64::MAX] {
            match again(&source, days, "n".into(), me(), now) {
                Err(DomainError::InvalidArgument { fields, .. }) => {
                    assert_eq!(fields.keys().collect::<Vec<_>>(), [SHIFT_FIELD], "{days}: {fields:?}");
                }
                other => panic!("{days}: {other:?}"),
            }
        }
        assert!(again(&source, 0, "n".into(), me(), now).is_ok(), "the same days again, while still ahead");
    }
}
