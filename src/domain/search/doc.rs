//! The search record of one event: everything a listing filters and orders by, small enough to
//! read for every candidate, and the index terms and order key derived from it.

use super::{distinct_words, geo, prefixes};
use crate::domain::event::{EventMeta, Status, Visibility};
use crate::domain::ids::looks_like_id;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Most UTC days one event is indexed under; an event spread wider gets [`WIDE`] instead, and
/// every time-range query also looks there.
pub const MAX_DAYS: usize = 400;
/// The day term of events spread over more than [`MAX_DAYS`] days.
pub const WIDE: &str = "%wide";
/// The term every event has, so "no filter" is a term lookup like any other.
pub const EVERY: &str = "*";

const DAY_MS: i64 = 86_400_000;

/// Where an event sorts: soonest upcoming slot first. Text of the form
/// - `0` + 16 hex digits of the next slot's start + id, for events with a slot still to start;
/// - `1` + 16 hex digits counting down from the last start + id, for events whose slots have
///   all started (most recent first), after every upcoming one;
/// - `2` + id for events without any time, last.
///
/// Being one string that ends in the id, it is a total order, a unique index key and the whole
/// cursor. It is computed at a moment; once that moment's next slot has started the key is
/// stale, and the stores move it on (see [`SortKey::stale_before`]) before they read a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SortKey(String);

/// Maps an instant in milliseconds onto `u64` keeping the order, so hex digits sort like time.
fn biased(ms: i64) -> u64 {
    (ms as u64) ^ (1 << 63)
}

impl SortKey {
    /// The key of event `id` with slot starts `starts` (milliseconds, sorted) as of `now_ms`.
    pub fn at(id: &str, starts: &[i64], now_ms: i64) -> SortKey {
        if let Some(next) = starts.iter().find(|s| **s >= now_ms) {
            SortKey(format!("0{:016x}{id}", biased(*next)))
        } else if let Some(last) = starts.last() {
            SortKey(format!("1{:016x}{id}", u64::MAX - biased(*last)))
        } else {
            SortKey(format!("2{id}"))
        }
    }

    /// Keys below this one (and at or above `"0"`) name a next slot that started before
    /// `now_ms`: they are stale.
    pub fn stale_before(now_ms: i64) -> String {
        format!("0{:016x}", biased(now_ms))
    }

    /// Reads a key back from its text (a cursor); `None` for anything we could not have made.
    pub fn parse(text: &str) -> Option<SortKey> {
        let timed = |rest: &str| {
            rest.len() > 16
                && rest.is_char_boundary(16)
                && rest[..16].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                && looks_like_id(&rest[16..])
        };
        let ok = match text.split_at_checked(1) {
            Some(("0" | "1", rest)) => timed(rest),
            Some(("2", rest)) => looks_like_id(rest),
            _ => false,
        };
        ok.then(|| SortKey(text.to_string()))
    }

    /// The event id at the end of the key.
    pub fn id(&self) -> &str {
        match self.0.as_bytes().first() {
            Some(b'2') => &self.0[1..],
            _ => self.0.get(17..).unwrap_or(""),
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A time an event occupies: a run of back-to-back slots, or the final time (milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// Start, inclusive.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
}

/// A place's coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lng: f64,
}

/// What search knows about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchDoc {
    /// The event id.
    pub id: String,
    /// Where it sorts, as of [`SearchDoc::keyed_at`].
    pub sort: SortKey,
    /// When `sort` was computed (milliseconds).
    pub keyed_at: i64,
    /// Public events are listed for everyone; link events only for their members.
    pub visibility: Visibility,
    /// Open or finalised.
    pub status: Status,
    /// The organiser's user id.
    pub organizer: String,
    /// User ids of signed-in participants, sorted.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Folded words of the title, description, place names and addresses.
    pub words: Vec<String>,
    /// Folded words of the place names and addresses only.
    pub place_words: Vec<String>,
    /// Slot starts (or the final start once finalised), milliseconds, sorted.
    pub starts: Vec<i64>,
    /// Runs of slots and the final time, merged, sorted.
    pub spans: Vec<Span>,
    /// Coordinates of the places that have them.
    pub points: Vec<Point>,
}

/// Sorted spans with overlapping or touching ones merged.
fn merged(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

impl SearchDoc {
    /// The record of `meta`, with these signed-in participants, keyed as of `now`.
    pub fn of(meta: &EventMeta, participants: Vec<String>, now: Timestamp) -> SearchDoc {
        let ms = |t: Timestamp| t.as_millisecond();
        let place_texts = meta.places.iter().flat_map(|p| std::iter::once(p.name.as_str()).chain(p.address.as_deref()));
        let words = distinct_words(
            std::iter::once(meta.title.as_str()).chain(place_texts.clone()).chain(meta.description.as_deref()),
        );
        let mut starts: Vec<i64> = match &meta.final_plan {
            Some(plan) => vec![ms(plan.start)],
            None => meta.slots.iter().map(|s| ms(s.start)).collect(),
        };
        starts.sort_unstable();
        starts.dedup();
        let spans = merged(
            meta.slots
                .iter()
                .map(|s| Span { start: ms(s.start), end: ms(s.end) })
                .chain(meta.final_plan.iter().map(|f| Span { start: ms(f.start), end: ms(f.end) }))
                .collect(),
        );
        let points = meta
            .places
            .iter()
            .filter_map(|p| Some(Point { lat: p.lat?, lng: p.lng? }))
            .filter(|p| p.lat.is_finite() && p.lng.is_finite())
            .collect();
        let mut participants = participants;
        participants.sort();
        participants.dedup();
        SearchDoc {
            id: meta.id.clone(),
            sort: SortKey::at(&meta.id, &starts, ms(now)),
            keyed_at: ms(now),
            visibility: meta.visibility,
            status: meta.status,
            organizer: meta.organizer.id.clone(),
            participants,
            words,
            place_words: distinct_words(place_texts),
            starts,
            spans,
            points,
        }
    }

    /// The same record keyed again as of `now_ms` (its next slot has started).
    pub fn rekeyed(&self, now_ms: i64) -> SearchDoc {
        SearchDoc { sort: SortKey::at(&self.id, &self.starts, now_ms), keyed_at: now_ms, ..self.clone() }
    }

    /// Who may see it even when it is link-only: the organiser and signed-in participants.
    pub fn members(&self) -> BTreeSet<&str> {
        std::iter::once(self.organizer.as_str()).chain(self.participants.iter().map(String::as_str)).collect()
    }

    /// The index terms it is found by (see [`super::filter::SearchFilter::groups`]): word
    /// prefixes, `@` place-word prefixes, `#` status, `%` UTC days, `~` geo cells, and `*`.
    pub fn terms(&self) -> BTreeSet<String> {
        let mut terms = BTreeSet::new();
        terms.insert(EVERY.to_string());
        terms.extend(self.words.iter().flat_map(|w| prefixes(w)).map(str::to_string));
        terms.extend(self.place_words.iter().flat_map(|w| prefixes(w)).map(|p| format!("@{p}")));
        terms.insert(status_term(self.status));
        let mut days = BTreeSet::new();
        for span in &self.spans {
            for day in day_of(span.start)..=day_of(span.end - 1).max(day_of(span.start)) {
                days.insert(day);
                if days.len() > MAX_DAYS {
                    break;
                }
            }
            if days.len() > MAX_DAYS {
                break;
            }
        }
        if days.len() > MAX_DAYS {
            terms.insert(WIDE.to_string());
        } else {
            terms.extend(days.into_iter().map(day_term));
        }
        terms.extend(self.points.iter().flat_map(|p| geo::cells_of(p.lat, p.lng)));
        terms
    }
}

/// The UTC day number of an instant in milliseconds.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// The term of UTC day `day`.
pub fn day_term(day: i64) -> String {
    format!("%{day}")
}

/// The term of a status.
pub fn status_term(status: Status) -> String {
    match status {
        Status::Open => "#open".into(),
        Status::Finalized => "#finalized".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence::contract::sample_event;
    use proptest::prelude::*;

    #[test]
    fn upcoming_events_sort_by_their_next_slot_then_past_ones_newest_first() {
        let key = |starts: &[i64], now| SortKey::at("abc", starts, now);
        assert!(key(&[300], 200) < key(&[100, 500], 200), "the next slot decides, not the first");
        assert!(key(&[100, 500], 200) < key(&[100], 200), "anything upcoming before anything past");
        assert!(key(&[150], 200) < key(&[100], 200), "past events: the most recent first");
        assert!(key(&[100], 200) < key(&[], 200), "events without a time last");
        assert_eq!(key(&[200], 200), SortKey(format!("0{:016x}abc", biased(200))), "starting now is upcoming");
    }

    #[test]
    fn keys_read_back_and_junk_is_refused() {
        let key = SortKey::at("k3J9xQ2pLm", &[1_000, 2_000], 1_500);
        assert_eq!(SortKey::parse(key.as_str()), Some(key.clone()));
        assert_eq!(key.id(), "k3J9xQ2pLm");
        let past = SortKey::at("abc", &[1_000], 5_000);
        assert_eq!(past.id(), "abc");
        assert_eq!(SortKey::at("abc", &[], 0).id(), "abc");
        for junk in ["", "0", "3abc", "0zzzzzzzzzzzzzzzzabc", "0000000000000000", "2", "2a/b"] {
            assert_eq!(SortKey::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_record_holds_words_places_days_and_cells() {
        let meta = sample_event("ev1", "u1");
        let doc = SearchDoc::of(&meta, vec!["u9".into(), "u9".into()], Timestamp::UNIX_EPOCH);
        assert_eq!(doc.participants, ["u9"]);
        assert!(doc.words.contains(&"pints".to_string()) && doc.words.contains(&"tverskaya".to_string()));
        assert_eq!(doc.place_words, ["bar", "pivovar", "tverskaya", "1"]);
        let terms = doc.terms();
        for term in ["*", "p", "pint", "@piv", "#open"] {
            assert!(terms.contains(term), "{term} in {terms:?}");
        }
        assert!(terms.iter().any(|t| t.starts_with('%')), "a day term");
        assert_eq!(terms.iter().filter(|t| t.starts_with('~')).count(), geo::LEVELS.len(), "a cell per level");
        assert_eq!(doc.members(), ["u1", "u9"].into_iter().collect());
    }

    proptest! {
        /// Keys order by (phase, time, id) whatever the numbers.
        #[test]
        fn keys_order_like_time(a in any::<i64>(), b in any::<i64>()) {
            let (ka, kb) = (SortKey::at("x", &[a], i64::MIN), SortKey::at("x", &[b], i64::MIN));
            prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
            let (pa, pb) = (SortKey::at("x", &[a], i64::MAX), SortKey::at("x", &[b], i64::MAX));
            if a != i64::MAX && b != i64::MAX {
                prop_assert_eq!(pa.cmp(&pb), b.cmp(&a), "past events: the latest first");
            }
        }
    }
}
