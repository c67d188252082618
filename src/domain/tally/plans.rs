//! `tally.plans`: whole candidate evenings (a run of back-to-back slots and a place), ranked by
//! how many people can make all of it.
//!
//! The definition, which the web client repeats for live updates (and the shared fixture
//! `client/src/lib/fixtures/plans.json` pins down for both):
//! - a person's weight on a run and place is the lowest of their answers to every slot of the
//!   run and to the place (yes 1, maybe ½, no or none 0); the plan's score is the sum;
//! - a run and place is a plan when its score is above zero and adding the neighbouring slot on
//!   either side would lower it, so five cells the same people can make are one plan, not five;
//! - ties go to the longer run, then the earlier start, then the place listed first.

use super::chains::chains;
use super::crew::Crew;
use crate::domain::answer::Answer;
use crate::domain::event::{EventState, Participant};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use std::cmp::Ordering;
use utoipa::ToSchema;

/// How many plans the tally lists.
pub const MAX_PLANS: usize = 10;

/// One ranked plan.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RankedPlan {
    /// The run of back-to-back slots, in time order.
    pub slot_ids: Vec<String>,
    /// Start of the first slot.
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// End of the last slot.
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// The place, or `null` when the event has no places.
    pub place_id: Option<String>,
    /// Participant ids of those who said yes to every slot of the run and to the place.
    pub yes: Vec<String>,
    /// Participant ids of those who can make all of it, but at least one part only "if need be".
    pub maybe: Vec<String>,
    /// The same ids as `yes`, named like every other tally entry's.
    pub yes_ids: Vec<String>,
    /// The same ids as `maybe`.
    pub maybe_ids: Vec<String>,
    /// yes + 0.5 × maybe: what the ranking uses, and the number to show.
    pub score: f64,
}

/// Who can make one option: surely (yes) and at all (yes or maybe).
struct Reach {
    sure: Crew,
    at_all: Crew,
}

impl Reach {
    fn of<'a>(people: &'a [Participant], answer: impl Fn(&'a Participant) -> Option<Answer>) -> Reach {
        let (mut sure, mut at_all) = (Crew::empty(people.len()), Crew::empty(people.len()));
        for (i, p) in people.iter().enumerate() {
            match answer(p) {
                Some(Answer::Yes) => {
                    sure.insert(i);
                    at_all.insert(i);
                }
                Some(Answer::Maybe) => at_all.insert(i),
                Some(Answer::No) | None => {}
            }
        }
        Reach { sure, at_all }
    }

    fn and(&self, other: &Reach) -> Reach {
        Reach { sure: self.sure.and(&other.sure), at_all: self.at_all.and(&other.at_all) }
    }

    /// Twice the score with `place`: whole numbers, so ties are exact.
    fn half_points(&self, place: &Reach) -> u32 {
        self.sure.count_and(&place.sure) + self.at_all.count_and(&place.at_all)
    }
}

/// A plan found while ranking, before names are attached.
struct Found {
    half_points: u32,
    length: SignedDuration,
    start: Timestamp,
    place: Option<usize>,
    first_slot: usize,
    slots: Vec<usize>,
    sure: Crew,
    at_all: Crew,
}

impl Found {
    /// Better plans sort first.
    fn rank(&self, other: &Found) -> Ordering {
        (other.half_points, other.length)
            .cmp(&(self.half_points, self.length))
            .then_with(|| (self.start, self.place, self.first_slot).cmp(&(other.start, other.place, other.first_slot)))
    }
}

/// Keeps the best [`MAX_PLANS`] seen, so memory stays small however many runs there are.
fn keep(best: &mut Vec<Found>, found: Found) {
    if best.len() == MAX_PLANS && best.last().is_some_and(|worst| found.rank(worst) != Ordering::Less) {
        return;
    }
    let at = best.partition_point(|b| b.rank(&found) == Ordering::Less);
    best.insert(at, found);
    best.truncate(MAX_PLANS);
}

/// Ranks the event's plans in `tz` (the event's zone, which decides what "one day" is).
pub fn rank(state: &EventState, tz: &TimeZone) -> Vec<RankedPlan> {
    let (people, meta) = (&state.participants, &state.meta);
    let slots: Vec<Reach> =
        meta.slots.iter().map(|s| Reach::of(people, |p| p.answers.slots.get(&s.id).copied())).collect();
    // No places: the place part of every plan is "everyone", so it changes nothing.
    let places: Vec<(Option<usize>, Reach)> = if meta.places.is_empty() {
        let everyone = Crew::everyone(people.len());
        vec![(None, Reach { sure: everyone.clone(), at_all: everyone })]
    } else {
        meta.places
            .iter()
            .enumerate()
            .map(|(i, pl)| (Some(i), Reach::of(people, |p| p.answers.places.get(&pl.id).copied())))
            .collect()
    };
    let mut order: Vec<usize> = (0..meta.slots.len()).collect();
    order.sort_by_key(|&i| (meta.slots[i].start, meta.slots[i].end));
    let mut position = vec![0; order.len()];
    order.iter().enumerate().for_each(|(at, &slot)| position[slot] = at);
    let mut best = Vec::new();
    for chain in chains(&meta.slots, meta.grid.as_ref(), tz) {
        for i in 0..chain.len() {
            let mut run = Reach { sure: slots[chain[i]].sure.clone(), at_all: slots[chain[i]].at_all.clone() };
            for j in i..chain.len() {
                if j > i {
                    run = run.and(&slots[chain[j]]);
                }
                if run.at_all.is_empty() {
                    break;
                }
                let left = (i > 0).then(|| run.and(&slots[chain[i - 1]]));
                let right = chain.get(j + 1).map(|&next| run.and(&slots[next]));
                for (place, reach) in &places {
                    let points = run.half_points(reach);
                    let drops = |wider: &Option<Reach>| wider.as_ref().is_none_or(|w| w.half_points(reach) < points);
                    if points == 0 || !drops(&left) || !drops(&right) {
                        continue;
                    }
                    let (first, last) = (&meta.slots[chain[i]], &meta.slots[chain[j]]);
                    keep(
                        &mut best,
                        Found {
                            half_points: points,
                            length: last.end.duration_since(first.start),
                            start: first.start,
                            place: *place,
                            first_slot: position[chain[i]],
                            slots: chain[i..=j].to_vec(),
                            sure: run.sure.and(&reach.sure),
                            at_all: run.at_all.and(&reach.at_all),
                        },
                    );
                }
            }
        }
    }
    best.into_iter().map(|found| named(state, found)).collect()
}

/// Turns a found plan into the public entry, with ids in participant order.
fn named(state: &EventState, found: Found) -> RankedPlan {
    let (people, meta) = (&state.participants, &state.meta);
    let ids = |crew: &Crew| crew.members().map(|i| people[i].id.clone()).collect::<Vec<_>>();
    let yes = ids(&found.sure);
    let maybe = ids(&found.at_all.minus(&found.sure));
    let first = &meta.slots[found.slots[0]];
    let last = &meta.slots[found.slots[found.slots.len() - 1]];
    RankedPlan {
        slot_ids: found.slots.iter().map(|&i| meta.slots[i].id.clone()).collect(),
        start: first.start,
        end: last.end,
        place_id: found.place.map(|i| meta.places[i].id.clone()),
        yes_ids: yes.clone(),
        maybe_ids: maybe.clone(),
        yes,
        maybe,
        score: f64::from(found.half_points) / 2.0,
    }
}
