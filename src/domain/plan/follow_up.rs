//! The background work a command calls for, planned beside its writes: locking the plan queues
//! the fan-out of plan messages and reminders, reopening cancels them, deleting tells the group
//! cards, and any change redraws the cards (coalesced per window by the job key).

use super::{Outcome, Plan, Write};
use crate::domain::change::Change;
use crate::domain::error::DomainError;
use crate::domain::event::{EventMeta, EventState};
use crate::domain::outbox::{GroupCard, Job, MAX_CARDS};
use jiff::Timestamp;

pub(super) fn add_jobs(state: &EventState, plan: &mut Plan, now: Timestamp) {
    if plan.writes.is_empty() {
        return;
    }
    let version = state.version + 1;
    let meta = plan
        .writes
        .iter()
        .rev()
        .find_map(|w| match w {
            Write::Meta(meta) => Some(&**meta),
            _ => None,
        })
        .unwrap_or(&state.meta);
    let mut jobs = Vec::new();
    for change in &plan.changes {
        match change {
            Change::Finalized { .. } => {
                // A plan locked over another one replaces its messages.
                jobs.push(Write::CancelPlanJobs);
                jobs.extend(Job::plan_fan_out(meta, version, now).map(Write::Enqueue));
            }
            Change::Reopened => jobs.push(Write::CancelPlanJobs),
            Change::Deleted => {
                jobs.push(Write::CancelPlanJobs);
                jobs.extend(Job::cards_deleted(&state.meta, now).map(Write::Enqueue));
            }
            _ => {}
        }
    }
    let deleted = plan.writes.contains(&Write::DeleteEvent);
    if !meta.cards.is_empty() && !deleted {
        jobs.push(Write::Enqueue(Job::card_refresh(&meta.id, now)));
    }
    // Before a delete, so the jobs are written while the event still exists.
    match plan.writes.iter().position(|w| *w == Write::DeleteEvent) {
        Some(at) => {
            plan.writes.splice(at..at, jobs);
        }
        None => plan.writes.extend(jobs),
    }
}

fn with_cards(state: &EventState, version: u64, now: Timestamp, cards: Vec<GroupCard>) -> Plan {
    let mut meta: EventMeta = state.meta.clone();
    meta.cards = cards;
    meta.version = version;
    meta.updated_at = now;
    Plan { writes: vec![Write::Meta(Box::new(meta))], changes: Vec::new(), outcome: Outcome::Done }
}

pub(super) fn attach_card(
    state: &EventState,
    card: GroupCard,
    version: u64,
    now: Timestamp,
) -> Result<Plan, DomainError> {
    let mut cards: Vec<GroupCard> = state.meta.cards.iter().filter(|c| c.chat_id != card.chat_id).cloned().collect();
    if cards.len() >= MAX_CARDS {
        return Err(DomainError::Conflict(format!("an event can have live cards in at most {MAX_CARDS} groups")));
    }
    cards.push(card);
    Ok(with_cards(state, version, now, cards))
}

pub(super) fn detach_card(state: &EventState, chat_id: i64, version: u64, now: Timestamp) -> Result<Plan, DomainError> {
    if !state.meta.cards.iter().any(|c| c.chat_id == chat_id) {
        return Ok(Plan { writes: Vec::new(), changes: Vec::new(), outcome: Outcome::Done });
    }
    let cards = state.meta.cards.iter().filter(|c| c.chat_id != chat_id).cloned().collect();
    Ok(with_cards(state, version, now, cards))
}

#[cfg(test)]
mod tests {
    use crate::domain::EventState;
    use crate::domain::command::{Caller, CallerUser, Command};
    use crate::domain::outbox::{GroupCard, Task};
    use crate::domain::plan::{Write, plan};
    use crate::persistence::contract::sample_event;
    use jiff::Timestamp;

    fn sample_state() -> EventState {
        EventState::assemble(sample_event("ev", "u1"), Vec::new(), Vec::new())
    }

    fn organizer(state: &EventState) -> Caller {
        Caller {
            user: Some(CallerUser { id: state.meta.organizer.id.clone(), name: "Org".into() }),
            ..Caller::default()
        }
    }

    fn jobs(writes: &[Write]) -> Vec<&Task> {
        writes
            .iter()
            .filter_map(|w| match w {
                Write::Enqueue(job) => Some(&job.task),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finalising_queues_one_fan_out_and_reopening_cancels() {
        let mut state = sample_state();
        let now: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let slot = state.meta.slots[0].id.clone();
        let place = state.meta.places.first().map(|p| p.id.clone());
        let caller = organizer(&state);
        let planned =
            plan(&state, Command::Finalize { slot_id: Some(slot), slot_ids: None, place_id: place }, &caller, now)
                .unwrap();
        assert!(matches!(jobs(&planned.writes)[..], [Task::PlanFanOut { .. }]));
        assert!(planned.writes.contains(&Write::CancelPlanJobs));
        state.commit(&planned);
        let reopened = plan(&state, Command::Reopen, &caller, now).unwrap();
        assert!(reopened.writes.contains(&Write::CancelPlanJobs));
        assert!(jobs(&reopened.writes).is_empty());
    }

    #[test]
    fn cards_are_redrawn_after_changes_and_told_of_deletion_before_it() {
        let mut state = sample_state();
        let now: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let caller = organizer(&state);
        let attach =
            plan(&state, Command::AttachCard(GroupCard { chat_id: -5, message_id: 9, russian: false }), &caller, now)
                .unwrap();
        assert!(jobs(&attach.writes).is_empty(), "posting a card needs no redraw");
        state.commit(&attach);
        assert_eq!(state.meta.cards.len(), 1);
        let comment = Command::Comment { comment_id: "c1".into(), text: "Prost!".into() };
        let commented = plan(&state, comment, &caller, now).unwrap();
        assert!(matches!(jobs(&commented.writes)[..], [Task::CardRefresh]));
        let deleted = plan(&state, Command::Delete, &caller, now).unwrap();
        assert!(matches!(jobs(&deleted.writes)[..], [Task::CardsDeleted { .. }]));
        assert_eq!(deleted.writes.last(), Some(&Write::DeleteEvent));
    }
}
