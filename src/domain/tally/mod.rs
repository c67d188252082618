//! Who said what: per slot and per place, the people behind yes / maybe / no, the score, the
//! best options, and the ranked plans (whole evenings with a place).

use super::answer::Answer;
use super::event::{EventState, Participant};
use jiff::tz::TimeZone;
use serde::Serialize;
use utoipa::ToSchema;

mod chains;
mod crew;
pub mod plans;

pub use plans::{MAX_PLANS, RankedPlan};

/// The people behind one option's answers, and its score: `yes + 0.5 × maybe` ("if need be" is
/// worth half a yes; no counts nothing). Names are kept for older clients; ids are what tell two
/// people with one name apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Voters {
    /// Names that said yes.
    pub yes: Vec<String>,
    /// Names that said maybe.
    pub maybe: Vec<String>,
    /// Names that said no.
    pub no: Vec<String>,
    /// Participant ids that said yes, in the order of `yes`.
    pub yes_ids: Vec<String>,
    /// Participant ids that said maybe, in the order of `maybe`.
    pub maybe_ids: Vec<String>,
    /// Participant ids that said no, in the order of `no`.
    pub no_ids: Vec<String>,
    /// yes + 0.5 × maybe.
    pub score: f64,
}

/// One slot's tally.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SlotTally {
    /// The slot.
    pub slot_id: String,
    /// Its voters and score.
    #[serde(flatten)]
    pub voters: Voters,
}

/// One place's tally.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlaceTally {
    /// The place.
    pub place_id: String,
    /// Its voters and score.
    #[serde(flatten)]
    pub voters: Voters,
}

/// The options with the top score (all of them on a tie).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Best {
    /// Top-scoring slots.
    pub slot_ids: Vec<String>,
    /// Top-scoring places.
    pub place_ids: Vec<String>,
}

/// The whole tally of an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Tally {
    /// Every slot, in slot order.
    pub slots: Vec<SlotTally>,
    /// Every place, in place order.
    pub places: Vec<PlaceTally>,
    /// The best slots and places.
    pub best: Best,
    /// Whole plans (a run of back-to-back slots and a place), best first, at most 10.
    pub plans: Vec<RankedPlan>,
}

/// Collects one option's voters from every participant's sheet.
fn voters<'a>(participants: &'a [Participant], answer_of: impl Fn(&'a Participant) -> Option<Answer>) -> Voters {
    let mut v = Voters::default();
    for p in participants {
        let (names, ids) = match answer_of(p) {
            Some(Answer::Yes) => (&mut v.yes, &mut v.yes_ids),
            Some(Answer::Maybe) => (&mut v.maybe, &mut v.maybe_ids),
            Some(Answer::No) => (&mut v.no, &mut v.no_ids),
            None => continue,
        };
        names.push(p.name.clone());
        ids.push(p.id.clone());
    }
    v.score = v.yes.len() as f64 + 0.5 * v.maybe.len() as f64;
    v
}

/// Ids whose score equals the top score.
fn top<'a>(scored: impl Iterator<Item = (&'a String, f64)> + Clone) -> Vec<String> {
    let max = scored.clone().map(|(_, s)| s).fold(f64::NEG_INFINITY, f64::max);
    scored.filter(|(_, s)| *s == max).map(|(id, _)| id.clone()).collect()
}

impl Tally {
    /// Counts every answer of every participant.
    pub fn of(state: &EventState) -> Tally {
        let slots: Vec<SlotTally> = state
            .meta
            .slots
            .iter()
            .map(|s| SlotTally {
                slot_id: s.id.clone(),
                voters: voters(&state.participants, |p| p.answers.slots.get(&s.id).copied()),
            })
            .collect();
        let places: Vec<PlaceTally> = state
            .meta
            .places
            .iter()
            .map(|pl| PlaceTally {
                place_id: pl.id.clone(),
                voters: voters(&state.participants, |p| p.answers.places.get(&pl.id).copied()),
            })
            .collect();
        let best = Best {
            slot_ids: top(slots.iter().map(|s| (&s.slot_id, s.voters.score))),
            place_ids: top(places.iter().map(|p| (&p.place_id, p.voters.score))),
        };
        // A zone the store holds was checked at creation; UTC only guards against tzdata drift.
        let tz = TimeZone::get(&state.meta.timezone).unwrap_or(TimeZone::UTC);
        Tally { slots, places, best, plans: plans::rank(state, &tz) }
    }
}

#[cfg(test)]
mod plan_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answer::Answers;
    use crate::domain::event::*;
    use jiff::Timestamp;

    fn person(name: &str, slots: &[(&str, Answer)], places: &[(&str, Answer)]) -> Participant {
        Participant {
            id: name.to_lowercase(),
            name: name.into(),
            user_id: None,
            token_hash: None,
            answers: Answers {
                slots: slots.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
                places: places.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            },
            joined_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            version: 1,
        }
    }

    fn state(participants: Vec<Participant>) -> EventState {
        let slot = |id: &str| Slot { id: id.into(), start: Timestamp::UNIX_EPOCH, end: Timestamp::MAX };
        let place = |id: &str| Place {
            id: id.into(),
            name: id.into(),
            address: None,
            map_url: None,
            lat: None,
            lng: None,
            suggested_by: None,
        };
        let meta = EventMeta {
            id: "e".into(),
            title: "t".into(),
            description: None,
            timezone: "UTC".into(),
            visibility: Visibility::Link,
            status: Status::Open,
            organizer: Organizer::account("u".into(), "U".into()),
            organizer_token_hash: None,
            language: None,
            slots: vec![slot("s1"), slot("s2"), slot("s3")],
            grid: None,
            places: vec![place("p1"), place("p2")],
            settings: EventSettings::default(),
            final_plan: None,
            next_slot_seq: 4,
            cards: Vec::new(),
            next_place_seq: 3,
            version: 1,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
        };
        EventState::assemble(meta, participants, Vec::new())
    }

    #[test]
    fn names_and_scores_per_option() {
        let s = state(vec![
            person("Anya", &[("s1", Answer::Yes), ("s2", Answer::Maybe)], &[("p1", Answer::Maybe)]),
            person("Boris", &[("s1", Answer::No), ("s2", Answer::Yes)], &[("p1", Answer::Yes)]),
        ]);
        let t = Tally::of(&s);
        assert_eq!(t.slots[0].voters.yes, vec!["Anya"]);
        assert_eq!(t.slots[0].voters.yes_ids, vec!["anya"]);
        assert_eq!(t.slots[0].voters.no_ids, vec!["boris"]);
        assert_eq!(t.slots[0].voters.no, vec!["Boris"]);
        assert_eq!(t.slots[0].voters.score, 1.0);
        assert_eq!(t.slots[1].voters.score, 1.5);
        assert_eq!(t.places[0].voters.maybe, vec!["Anya"]);
        assert_eq!(t.best.slot_ids, vec!["s2"]);
        assert_eq!(t.best.place_ids, vec!["p1"]);
    }

    #[test]
    fn ties_keep_every_top_option() {
        let s = state(vec![person("Anya", &[("s1", Answer::Yes), ("s3", Answer::Yes)], &[])]);
        let t = Tally::of(&s);
        assert_eq!(t.best.slot_ids, vec!["s1", "s3"]);
        assert_eq!(t.best.place_ids, vec!["p1", "p2"], "no votes: every place ties at zero");
    }

    #[test]
    fn tally_serializes_flat_like_the_contract() {
        let s = state(vec![person("Anya", &[("s1", Answer::Yes)], &[("p1", Answer::Yes)])]);
        let json = serde_json::to_value(Tally::of(&s)).unwrap();
        assert_eq!(json["slots"][0]["slotId"], "s1");
        assert_eq!(json["slots"][0]["yes"][0], "Anya");
        assert_eq!(json["slots"][0]["yesIds"][0], "anya");
        assert_eq!(json["slots"][0]["noIds"], serde_json::json!([]));
        assert_eq!(json["plans"][0]["slotIds"][0], "s1");
        assert_eq!(json["plans"][0]["placeId"], "p1");
        assert_eq!(json["plans"][0]["yes"][0], "anya", "plans name people by id");
        assert_eq!(json["slots"][0]["score"], 1.0);
        assert_eq!(json["best"]["slotIds"][0], "s1");
    }
}
