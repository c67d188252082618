//! Which slots run back to back: the chains that plans are cut from.
//!
//! Only cells of a grid with a daily window chain together: an evening is cells on one "grid
//! day". Explicit options and whole-day slots stand alone, because two explicit options that
//! happen to touch are two different proposals, not one long evening.

use crate::domain::event::Slot;
use crate::domain::grid::GridSpec;
use jiff::SignedDuration;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The day a grid cell belongs to: the local date of its start, or the day before when it starts
/// before the window does, so a 20:00–02:00 window stays one evening across midnight.
fn grid_day(slot: &Slot, grid: &GridSpec, tz: &TimeZone) -> Option<Date> {
    let (from, _) = (grid.from?, grid.to?);
    let step = SignedDuration::from_mins(i64::from(grid.step_minutes?));
    if slot.end.duration_since(slot.start) != step {
        return None;
    }
    let local = tz.to_datetime(slot.start);
    if local.time() < from { local.date().yesterday().ok() } else { Some(local.date()) }
}

/// Indices into `slots`, in (start, end) order, split into chains of neighbouring grid cells:
/// each `end` meets the next `start`, on the same grid day. Everything else is a chain of one.
pub(super) fn chains(slots: &[Slot], grid: Option<&GridSpec>, tz: &TimeZone) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by_key(|&i| (slots[i].start, slots[i].end));
    let day = |i: usize| grid.and_then(|g| grid_day(&slots[i], g, tz));
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut last_day = None;
    for i in order {
        let this_day = day(i);
        let joins = chains
            .last()
            .and_then(|c| c.last())
            .is_some_and(|&prev| this_day.is_some() && this_day == last_day && slots[prev].end == slots[i].start);
        match chains.last_mut() {
            Some(chain) if joins => chain.push(i),
            _ => chains.push(vec![i]),
        }
        last_day = this_day;
    }
    chains
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn slot(id: &str, start: &str, end: &str) -> Slot {
        Slot { id: id.into(), start: start.parse::<Timestamp>().unwrap(), end: end.parse::<Timestamp>().unwrap() }
    }

    fn grid(from: &str, to: &str, step: u32) -> GridSpec {
        GridSpec { dates: vec![], from: from.parse().ok(), to: to.parse().ok(), step_minutes: Some(step) }
    }

    fn ids(slots: &[Slot], chains: Vec<Vec<usize>>) -> Vec<Vec<&str>> {
        chains.into_iter().map(|c| c.into_iter().map(|i| slots[i].id.as_str()).collect()).collect()
    }

    #[test]
    fn window_past_midnight_is_one_evening_and_days_split() {
        let tz = TimeZone::posix("MSK-3").unwrap();
        let slots = [
            slot("s3", "2026-12-04T21:00:00Z", "2026-12-04T22:00:00Z"), // 00:00 local, next date
            slot("s1", "2026-12-04T19:00:00Z", "2026-12-04T20:00:00Z"),
            slot("s2", "2026-12-04T20:00:00Z", "2026-12-04T21:00:00Z"),
            slot("s4", "2026-12-05T19:00:00Z", "2026-12-05T20:00:00Z"),
            // An explicit option right after the window, two hours long: stands alone.
            slot("x", "2026-12-04T22:00:00Z", "2026-12-05T00:00:00Z"),
        ];
        let found = ids(&slots, chains(&slots, Some(&grid("22:00", "01:00", 60)), &tz));
        assert_eq!(found, vec![vec!["s1", "s2", "s3"], vec!["x"], vec!["s4"]]);
    }

    #[test]
    fn a_window_from_midnight_splits_at_midnight() {
        let tz = TimeZone::UTC;
        // Back-to-back hours across midnight in a 00:00–24:00 grid: two grid days.
        let slots = [
            slot("a", "2026-12-04T23:00:00Z", "2026-12-05T00:00:00Z"),
            slot("b", "2026-12-05T00:00:00Z", "2026-12-05T01:00:00Z"),
        ];
        assert_eq!(ids(&slots, chains(&slots, Some(&grid("00:00", "00:00", 60)), &tz)), vec![vec!["a"], vec!["b"]]);
    }

    #[test]
    fn explicit_options_and_whole_days_stand_alone() {
        let tz = TimeZone::UTC;
        let slots = [
            slot("a", "2026-12-04T18:00:00Z", "2026-12-04T19:00:00Z"),
            slot("b", "2026-12-04T19:00:00Z", "2026-12-04T20:00:00Z"),
        ];
        assert_eq!(ids(&slots, chains(&slots, None, &tz)), vec![vec!["a"], vec!["b"]]);
        let days = GridSpec { dates: vec![], from: None, to: None, step_minutes: None };
        assert_eq!(ids(&slots, chains(&slots, Some(&days), &tz)), vec![vec!["a"], vec!["b"]]);
        assert_eq!(ids(&slots, chains(&slots, Some(&grid("18:00", "23:00", 60)), &tz)), vec![vec!["a", "b"]]);
        assert_eq!(ids(&slots, chains(&slots, Some(&grid("18:00", "23:00", 30)), &tz)), vec![vec!["a"], vec!["b"]]);
    }
}
