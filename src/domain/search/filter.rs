//! What a listing asks for, as index term groups (to find candidates) and an exact check (to
//! keep only true matches).

use super::doc::{SearchDoc, WIDE, day_of, day_term, status_term};
use super::{geo, matches_word, probe};
use crate::domain::event::Status;

/// Most UTC days a time range is looked up by; a wider range is checked without day terms.
pub const MAX_QUERY_DAYS: i64 = 62;

/// `near=lat,lng&radiusKm=`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude in degrees, −90..=90.
    pub lat: f64,
    /// Longitude in degrees, −180..=180.
    pub lng: f64,
    /// Radius in km, above 0.
    pub radius_km: f64,
}

/// The filters of one search; all of them must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchFilter {
    /// Folded words (`q`), each a word or the start of one in the title, description or places.
    pub words: Vec<String>,
    /// Folded words (`place`), each a word or the start of one in a place name or address.
    pub place_words: Vec<String>,
    /// A slot or the final time ends after this (milliseconds).
    pub from: Option<i64>,
    /// A slot or the final time starts before this (milliseconds).
    pub to: Option<i64>,
    /// A place within this circle.
    pub near: Option<Near>,
    /// Only events with this status.
    pub status: Option<Status>,
}

impl SearchFilter {
    /// Index term groups: an event can match only if, for every group, it has at least one of
    /// the group's terms. The most selective group comes first, so a store that scans one group
    /// and checks the rest scans the shortest list it can guess. Filters without a group here
    /// (a one-sided or very wide range, a huge circle) are left to [`SearchFilter::admits`].
    pub fn groups(&self) -> Vec<Vec<String>> {
        let mut words: Vec<&String> = self.words.iter().collect();
        // Longer words are rarer; the stored-word check handles what the probe cuts off.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let mut place_words: Vec<&String> = self.place_words.iter().collect();
        place_words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let mut groups: Vec<Vec<String>> = words.into_iter().map(|w| vec![probe(w).to_string()]).collect();
        groups.extend(place_words.into_iter().map(|w| vec![format!("@{}", probe(w))]));
        if let Some(cells) = self.near.and_then(|n| geo::covering(n.lat, n.lng, n.radius_km)) {
            groups.push(cells);
        }
        if let Some(days) = self.days() {
            groups.push(days);
        }
        if let Some(status) = self.status {
            groups.push(vec![status_term(status)]);
        }
        groups
    }

    /// The day terms of a two-sided range of at most [`MAX_QUERY_DAYS`] days, plus [`WIDE`].
    fn days(&self) -> Option<Vec<String>> {
        let (from, to) = (self.from?, self.to?);
        if to <= from {
            return Some(Vec::new());
        }
        let (first, last) = (day_of(from), day_of(to - 1));
        (last - first < MAX_QUERY_DAYS)
            .then(|| (first..=last).map(day_term).chain(std::iter::once(WIDE.to_string())).collect())
    }

    /// Whether `doc` truly matches (the terms only narrow the candidates).
    pub fn admits(&self, doc: &SearchDoc) -> bool {
        let timed = self.from.is_some() || self.to.is_some();
        self.words.iter().all(|w| matches_word(&doc.words, w))
            && self.place_words.iter().all(|w| matches_word(&doc.place_words, w))
            && self.status.is_none_or(|s| doc.status == s)
            && (!timed
                || doc
                    .spans
                    .iter()
                    .any(|s| self.from.is_none_or(|from| s.end > from) && self.to.is_none_or(|to| s.start < to)))
            && self
                .near
                .is_none_or(|n| doc.points.iter().any(|p| geo::distance_km(n.lat, n.lng, p.lat, p.lng) <= n.radius_km))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::words;
    use crate::persistence::contract::sample_event;
    use jiff::Timestamp;

    fn doc() -> SearchDoc {
        let mut meta = sample_event("ev1", "u1");
        meta.title = "Ёлки и пиво".into();
        SearchDoc::of(&meta, Vec::new(), Timestamp::UNIX_EPOCH)
    }

    /// Whatever `admits` accepts, the term groups find: the index never hides a true match.
    fn found_by_terms(filter: &SearchFilter, doc: &SearchDoc) -> bool {
        let terms = doc.terms();
        filter.groups().iter().all(|group| group.iter().any(|t| terms.contains(t)))
    }

    #[test]
    fn words_match_as_prefixes_in_any_case_and_with_yo() {
        let doc = doc();
        for q in ["ёлки", "ЕЛК", "пив", "bar piv", "tverskaya 1", "bring"] {
            let filter = SearchFilter { words: words(q).collect(), ..Default::default() };
            assert!(filter.admits(&doc) && found_by_terms(&filter, &doc), "{q}");
        }
        for q in ["лки", "beer", "pivovarnya"] {
            let filter = SearchFilter { words: words(q).collect(), ..Default::default() };
            assert!(!filter.admits(&doc), "{q}");
        }
        let place = SearchFilter { place_words: words("Pivo").collect(), ..Default::default() };
        assert!(place.admits(&doc) && found_by_terms(&place, &doc));
        let not_a_place = SearchFilter { place_words: words("пиво").collect(), ..Default::default() };
        assert!(!not_a_place.admits(&doc), "title words are not place words");
    }

    #[test]
    fn ranges_overlap_half_open_slots() {
        let doc = doc();
        let (start, end) = (doc.spans[0].start, doc.spans[0].end);
        let range = |from: Option<i64>, to: Option<i64>| SearchFilter { from, to, ..Default::default() };
        assert!(range(Some(end - 1), None).admits(&doc));
        assert!(!range(Some(end), None).admits(&doc), "a range starting as the slot ends misses it");
        assert!(!range(None, Some(start)).admits(&doc), "a range ending as the slot starts misses it");
        assert!(range(Some(start - 10), Some(start + 1)).admits(&doc));
        assert!(found_by_terms(&range(Some(end - 1), Some(end + 1)), &doc), "the day terms find the last minute");
        assert!(!found_by_terms(&range(Some(end), Some(start)), &doc), "an empty range finds nothing");
    }

    #[test]
    fn near_checks_the_real_distance_after_the_cells() {
        let doc = doc();
        let near =
            |radius_km| SearchFilter { near: Some(Near { lat: 55.75, lng: 37.6, radius_km }), ..Default::default() };
        assert!(!near(5.0).admits(&doc), "the place is 5.6 km away");
        assert!(near(6.0).admits(&doc) && found_by_terms(&near(6.0), &doc));
    }
}
