//! When2meet-style grids: a set of dates and a daily window, split into equal slots.
//!
//! The organizer thinks in local wall-clock time ("18:00–23:00 in Moscow"), but slots are stored
//! as instants, so the expansion is where the event's time zone and its DST rules get applied.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The most slots one grid may expand to, so a single request cannot create a huge event.
pub const MAX_GRID_SLOTS: usize = 2000;
/// The most dates one grid may list: about two months of evenings.
pub const MAX_GRID_DATES: usize = 62;
/// The slot lengths the voting grid can draw; anything else would not line up with its rows.
pub const GRID_STEPS: [u32; 3] = [15, 30, 60];

/// A request for a grid of slots: every date in `dates`, the window `from`–`to` local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridSpec {
    /// The calendar days to offer, in the event's time zone; order does not matter.
    #[schema(value_type = Vec<String>, format = Date, example = json!(["2026-12-04"]))]
    pub dates: Vec<Date>,
    /// Local start of the daily window; absent (with `to`) for whole-day slots.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hh_mm")]
    #[schema(value_type = Option<String>, example = "18:00", pattern = r"^\d\d:\d\d(:\d\d)?$")]
    pub from: Option<Time>,
    /// Local end of the daily window; at or before `from` means it ends the next day, so
    /// `"24:00"` (the same as `"00:00"`, and written back as `"24:00"`) ends it at midnight.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "window_end")]
    #[schema(value_type = Option<String>, example = "23:00", pattern = r"^\d\d:\d\d(:\d\d)?$")]
    pub to: Option<Time>,
    /// Length of each slot in minutes: 15, 30 or 60. Needed with `from`/`to`; whole-day grids
    /// need none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 30, minimum = 15, maximum = 60)]
    pub step_minutes: Option<u32>,
}

/// One expanded slot, as the instants it starts and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotTimes {
    /// When the slot begins.
    pub start: Timestamp,
    /// When the slot ends; always after `start`.
    pub end: Timestamp,
}

/// Why a grid cannot be expanded; `field` names the offending request field for the error body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GridError {
    /// Too few or too many dates.
    #[error("give between 1 and {MAX_GRID_DATES} dates, not {0}")]
    DateCount(usize),
    /// The same date twice would make overlapping slots.
    #[error("the date {0} is listed more than once")]
    DuplicateDate(Date),
    /// A date whose day cannot be represented as an instant in this time zone.
    #[error("the date {0} is out of the supported range")]
    DateOutOfRange(Date),
    /// A step the grid cannot draw.
    #[error("the step must be 15, 30 or 60 minutes, not {0}")]
    Step(u32),
    /// A daily window without a step.
    #[error("give `stepMinutes` (15, 30 or 60) with a daily window")]
    MissingStep,
    /// `to` without `from`.
    #[error("give `from` together with `to`, or neither for whole-day slots")]
    MissingFrom,
    /// `from` without `to`.
    #[error("give `to` together with `from`, or neither for whole-day slots")]
    MissingTo,
    /// The window is shorter than one step on every date, so nothing could be voted on.
    #[error("the window from `from` to `to` is shorter than one step")]
    WindowTooShort,
    /// More slots than [`MAX_GRID_SLOTS`].
    #[error("the grid makes {0} slots, more than the {MAX_GRID_SLOTS} allowed")]
    TooManySlots(usize),
}

impl GridError {
    /// The request field the error is about, as used in the API error body's `fields`.
    pub fn field(&self) -> &'static str {
        match self {
            Self::DateCount(_) | Self::DuplicateDate(_) | Self::DateOutOfRange(_) => "grid.dates",
            Self::Step(_) | Self::MissingStep => "grid.stepMinutes",
            Self::MissingFrom => "grid.from",
            Self::MissingTo | Self::WindowTooShort => "grid.to",
            Self::TooManySlots(_) => "grid",
        }
    }
}

/// Expands `spec` into slots in `tz`, sorted by start and never overlapping.
///
/// Local times that do not exist or happen twice (DST changes) are resolved with jiff's
/// "compatible" disambiguation, as RFC 5545 and most calendars do: a time in a spring-forward gap
/// moves forward by the gap, and an ambiguous fall-back time takes the first (earlier) instant.
pub fn expand(spec: &GridSpec, tz: &TimeZone) -> Result<Vec<SlotTimes>, GridError> {
    if let Some(step) = spec.step_minutes.filter(|step| !GRID_STEPS.contains(step)) {
        return Err(GridError::Step(step));
    }
    if spec.dates.is_empty() || spec.dates.len() > MAX_GRID_DATES {
        return Err(GridError::DateCount(spec.dates.len()));
    }
    let mut dates = spec.dates.clone();
    dates.sort_unstable();
    if let Some(pair) = dates.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(GridError::DuplicateDate(pair[0]));
    }
    let slots = match (spec.from, spec.to) {
        (None, None) => whole_days(&dates, tz)?,
        (Some(from), Some(to)) => windows(&dates, from, to, spec.step_minutes.ok_or(GridError::MissingStep)?, tz)?,
        (None, Some(_)) => return Err(GridError::MissingFrom),
        (Some(_), None) => return Err(GridError::MissingTo),
    };
    if slots.is_empty() {
        return Err(GridError::WindowTooShort);
    }
    if slots.len() > MAX_GRID_SLOTS {
        return Err(GridError::TooManySlots(slots.len()));
    }
    Ok(slots)
}

/// One slot per date, from its first instant to the next day's: 23 or 25 hours across DST.
fn whole_days(dates: &[Date], tz: &TimeZone) -> Result<Vec<SlotTimes>, GridError> {
    dates
        .iter()
        .map(|&date| {
            let (start, end) = (day_start(date, tz)?, day_start(next_day(date)?, tz)?);
            Ok(SlotTimes { start, end })
        })
        .collect()
}

/// The first instant of `date` in `tz`; `Date::to_zoned` picks it even when midnight is skipped.
fn day_start(date: Date, tz: &TimeZone) -> Result<Timestamp, GridError> {
    let zoned = date.to_zoned(tz.clone());
    zoned.map(|start| start.timestamp()).map_err(|_| GridError::DateOutOfRange(date))
}

fn next_day(date: Date) -> Result<Date, GridError> {
    date.tomorrow().map_err(|_| GridError::DateOutOfRange(date))
}

/// Slots of `step` real minutes through each date's window, dropping a last partial slot.
fn windows(dates: &[Date], from: Time, to: Time, step: u32, tz: &TimeZone) -> Result<Vec<SlotTimes>, GridError> {
    let step = SignedDuration::from_mins(i64::from(step));
    let mut slots: Vec<SlotTimes> = Vec::new();
    for &date in dates {
        let end_date = if to <= from { next_day(date)? } else { date };
        let window_end = local(end_date, to, tz)?;
        // Stepping on instants rather than wall-clock times is what makes a window that spans a
        // DST change hold its real length (5 or 7 hours for a 6-hour window), with no skipped or
        // doubled slots. Minutes are exact units, so this equals jiff's zoned arithmetic.
        let mut start = local(date, from, tz)?;
        while let Some(end) = start.checked_add(step).ok().filter(|end| *end <= window_end) {
            // Resolving gap times forward can pull a late window start past an early end
            // (e.g. `from` inside a spring-forward gap): keep the earlier slot, skip the overlap.
            if slots.last().is_none_or(|last| last.end <= start) {
                slots.push(SlotTimes { start, end });
            }
            start = end;
        }
    }
    Ok(slots)
}

/// The instant of a local date and time in `tz`, resolved "compatibly" (see [`expand`]).
fn local(date: Date, time: Time, tz: &TimeZone) -> Result<Timestamp, GridError> {
    tz.to_ambiguous_timestamp(date.to_datetime(time)).compatible().map_err(|_| GridError::DateOutOfRange(date))
}

/// Serde for optional window times as "HH:MM", the way people write them, so "18:00" round-trips.
mod hh_mm {
    use jiff::civil::Time;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes "HH:MM", or "HH:MM:SS" when there are seconds so nothing is lost.
    pub fn serialize<S: Serializer>(time: &Option<Time>, out: S) -> Result<S::Ok, S::Error> {
        match time {
            None => out.serialize_none(),
            Some(t) if t.second() == 0 && t.subsec_nanosecond() == 0 => out.collect_str(&t.strftime("%H:%M")),
            Some(t) => out.collect_str(&t.strftime("%H:%M:%S")),
        }
    }

    /// Reads "HH:MM" or "HH:MM:SS", or null; fractions and other shapes are rejected.
    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<Time>, D::Error> {
        let Some(text) = Option::<String>::deserialize(input)? else {
            return Ok(None);
        };
        parse(&text).map(Some).map_err(D::Error::custom)
    }

    pub(super) fn parse(text: &str) -> Result<Time, String> {
        let format = if text.len() == 5 { "%H:%M" } else { "%H:%M:%S" };
        Time::strptime(format, text).map_err(|_| format!("expected a time as HH:MM, got {text:?}"))
    }
}

/// Serde for the window's end: like [`hh_mm`], plus "24:00", the way people write "until
/// midnight". It is the same instant as "00:00" of the next day, which a window ending at or
/// before its start already means, so midnight is written back as "24:00".
mod window_end {
    use jiff::civil::Time;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes midnight as "24:00", anything else as [`super::hh_mm`] does.
    pub fn serialize<S: Serializer>(time: &Option<Time>, out: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) if *t == Time::midnight() => out.serialize_str("24:00"),
            other => super::hh_mm::serialize(other, out),
        }
    }

    /// Reads "24:00" (or "24:00:00") as midnight, anything else as [`super::hh_mm`] does.
    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<Time>, D::Error> {
        match Option::<String>::deserialize(input)? {
            None => Ok(None),
            Some(text) if text == "24:00" || text == "24:00:00" => Ok(Some(Time::midnight())),
            Some(text) => super::hh_mm::parse(&text).map(Some).map_err(D::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // POSIX rules rather than tzdb names, so the tests do not depend on the machine's zoneinfo.
    const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

    /// A grid from space-separated dates and "HH:MM" times, "" for an absent time.
    fn grid(dates: &str, from: &str, to: &str, step_minutes: u32) -> GridSpec {
        let time = |t: &str| (!t.is_empty()).then(|| t.parse::<Time>().expect("valid time"));
        let dates = dates.split_whitespace().map(|d| d.parse().expect("valid date")).collect();
        GridSpec { dates, from: time(from), to: time(to), step_minutes: Some(step_minutes) }
    }

    fn run(zone: &str, spec: &GridSpec) -> Result<Vec<SlotTimes>, GridError> {
        expand(spec, &TimeZone::posix(zone).expect("valid POSIX TZ"))
    }

    fn hours(slots: &[SlotTimes]) -> f64 {
        let (first, last) = (slots[0].start, slots[slots.len() - 1].end);
        last.duration_since(first).as_secs_f64() / 3600.0
    }

    #[test]
    fn api_example_round_trips_with_hh_mm_times() {
        let json = r#"{"dates":["2026-12-04"],"from":"18:00","to":"23:00","stepMinutes":30}"#;
        let parsed: GridSpec = serde_json::from_str(json).expect("valid grid");
        assert_eq!(parsed, grid("2026-12-04", "18:00", "23:00", 30));
        assert_eq!(serde_json::to_string(&parsed).expect("serializes"), json);
    }

    #[test]
    fn times_accept_seconds_and_null_but_not_other_shapes() {
        let parse = |from: &str| {
            let json = format!(r#"{{"dates":["2026-12-04"],"from":{from},"to":null,"stepMinutes":30}}"#);
            serde_json::from_str::<GridSpec>(&json)
        };
        let with_seconds = parse(r#""18:00:30""#).expect("HH:MM:SS");
        assert_eq!(with_seconds.from, "18:00:30".parse().ok());
        let written = serde_json::to_string(&with_seconds).expect("serializes");
        assert!(written.contains(r#""from":"18:00:30""#), "{written}");
        assert_eq!(parse("null").expect("null").to, None);
        for bad in [r#""6pm""#, r#""18:00:00.5""#, r#""25:00""#, "1800"] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn twenty_four_hundred_ends_the_window_at_midnight() {
        let json = r#"{"dates":["2026-12-04"],"from":"20:00","to":"24:00","stepMinutes":60}"#;
        let parsed: GridSpec = serde_json::from_str(json).expect("24:00 is a window end");
        let slots = run("MSK-3", &parsed).expect("valid grid");
        assert_eq!((slots.len(), hours(&slots)), (4, 4.0));
        assert_eq!(slots[3].end.to_string(), "2026-12-04T21:00:00Z", "midnight Moscow time");
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json, "written back as 24:00");
        let from_midnight: GridSpec =
            serde_json::from_str(r#"{"dates":["2026-12-04"],"from":"00:00","to":"24:00","stepMinutes":60}"#).unwrap();
        assert_eq!(run("MSK-3", &from_midnight).unwrap().len(), 24, "00:00–24:00 is the whole day");
        let bad = r#"{"dates":["2026-12-04"],"from":"24:00","to":"23:00","stepMinutes":60}"#;
        assert!(serde_json::from_str::<GridSpec>(bad).is_err(), "24:00 only ends a window");
        assert!(serde_json::from_str::<GridSpec>(&json.replace("24:00", "24:30")).is_err());
    }

    #[test]
    fn whole_day_grids_need_no_step_but_windows_do() {
        let days: GridSpec = serde_json::from_str(r#"{"dates":["2026-12-04","2026-12-05"]}"#).expect("no step needed");
        assert_eq!(run("MSK-3", &days).expect("whole days").len(), 2);
        assert_eq!(serde_json::to_string(&days).unwrap(), r#"{"dates":["2026-12-04","2026-12-05"]}"#);
        let window: GridSpec = serde_json::from_str(r#"{"dates":["2026-12-04"],"from":"18:00","to":"23:00"}"#).unwrap();
        assert_eq!(run("MSK-3", &window), Err(GridError::MissingStep));
        assert_eq!(GridError::MissingStep.field(), "grid.stepMinutes");
    }

    #[test]
    fn moscow_evening_window_makes_half_hour_slots_in_utc() {
        let evenings = grid("2026-12-05 2026-12-04", "18:00", "23:00", 30);
        let slots = run("MSK-3", &evenings).expect("valid grid");
        assert_eq!(slots.len(), 20);
        assert_eq!(slots[0].start.to_string(), "2026-12-04T15:00:00Z");
        assert_eq!(slots[9].end.to_string(), "2026-12-04T20:00:00Z");
        assert_eq!(slots[10].start.to_string(), "2026-12-05T15:00:00Z");
    }

    #[test]
    fn windows_across_dst_changes_hold_real_time() {
        let spring = run(BERLIN, &grid("2026-03-29", "00:00", "06:00", 60)).expect("ok");
        let autumn = run(BERLIN, &grid("2026-10-25", "00:00", "06:00", 60)).expect("ok");
        assert_eq!((spring.len(), hours(&spring)), (5, 5.0));
        assert_eq!((autumn.len(), hours(&autumn)), (7, 7.0));
        // 03:00 on the 29th is half an hour earlier in UTC than 02:30 resolved out of the gap.
        let into_gap = grid("2026-03-28 2026-03-29", "03:00", "02:30", 30);
        let slots = run(BERLIN, &into_gap).expect("ok");
        assert!(slots.windows(2).all(|pair| pair[0].end <= pair[1].start));
        // Two 23.5-hour windows of 47 slots each, less the one overlapping slot.
        assert_eq!(slots.len(), 47 + 46);
    }

    #[test]
    fn whole_days_are_23_or_25_hours_on_dst_days() {
        let days = grid("2026-10-25 2026-03-29 2026-06-01", "", "", 60);
        let slots = run(BERLIN, &days).expect("valid grid");
        let lengths: Vec<f64> = slots.iter().map(|s| hours(&[*s])).collect();
        assert_eq!(lengths, [23.0, 24.0, 25.0]);
        assert_eq!(slots[0].start.to_string(), "2026-03-28T23:00:00Z");
    }

    #[test]
    fn a_window_ending_at_or_before_its_start_runs_past_midnight() {
        let slots = run(BERLIN, &grid("2026-06-01", "20:00", "02:00", 30)).expect("ok");
        assert_eq!((slots.len(), hours(&slots)), (12, 6.0));
        let all_day = run(BERLIN, &grid("2026-06-01", "09:00", "09:00", 60)).expect("ok");
        assert_eq!((all_day.len(), hours(&all_day)), (24, 24.0));
    }

    #[test]
    fn invalid_grids_name_their_field() {
        let may_first = jiff::civil::date(2026, 5, 1);
        let two_months: String = (0..62).map(|i| format!("{} ", may_first + jiff::Span::new().days(i))).collect();
        let cases = [
            (grid("2026-06-01", "18:00", "23:00", 20), "grid.stepMinutes"),
            (grid("", "18:00", "23:00", 30), "grid.dates"),
            (grid("2026-06-01 2026-06-01", "18:00", "23:00", 30), "grid.dates"),
            (grid("2026-06-01", "", "23:00", 30), "grid.from"),
            (grid("2026-06-01", "18:00", "", 30), "grid.to"),
            (grid("2026-06-01", "18:00", "18:10", 30), "grid.to"),
            (grid(&two_months, "18:00", "18:00", 15), "grid"),
        ];
        for (spec, field) in cases {
            let error = run(BERLIN, &spec).expect_err("invalid grid");
            assert_eq!(error.field(), field, "{error:?}");
            assert!(!error.to_string().is_empty());
        }
    }

    proptest! {
        #[test]
        fn slots_are_sorted_disjoint_and_one_step_long(
            days in prop::collection::btree_set(0i64..3650, 1..8),
            from in (0i8..24, 0i8..4), to in (0i8..24, 0i8..4),
            step in prop::sample::select(GRID_STEPS.to_vec()),
            zone in prop::sample::select(vec![
                BERLIN, "EST5EDT,M3.2.0,M11.1.0", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "<+0545>-5:45",
            ]),
        ) {
            let day = |d| jiff::civil::date(2024, 1, 1) + jiff::Span::new().days(d);
            let time = |(h, q): (i8, i8)| Some(jiff::civil::time(h, q * 15, 0, 0));
            let spec = GridSpec {
                dates: days.into_iter().map(day).collect(), from: time(from), to: time(to), step_minutes: Some(step),
            };
            let slots = match run(zone, &spec) {
                Ok(slots) => slots,
                Err(error) => {
                    // Only a window shorter than one step may fail with these inputs.
                    prop_assert_eq!(error, GridError::WindowTooShort);
                    return Ok(());
                }
            };
            prop_assert!(slots.len() <= MAX_GRID_SLOTS);
            for slot in &slots {
                prop_assert_eq!(slot.end.duration_since(slot.start), SignedDuration::from_mins(step.into()));
            }
            prop_assert!(slots.windows(2).all(|pair| pair[0].end <= pair[1].start));
        }
    }
}
