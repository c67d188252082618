//! Planning rules in isolation: who may do what, and what each command writes and tells.

use super::*;
use crate::domain::answer::Answer;
use crate::domain::command::CallerUser;
use crate::persistence::contract::sample_event;

fn organizer() -> Caller {
    Caller { user: Some(CallerUser { id: "u1".into(), name: "Olga".into() }), token_hash: None }
}

fn guest(token: &str) -> Caller {
    Caller { user: None, token_hash: Some(token.into()) }
}

fn at() -> Timestamp {
    "2026-11-24T12:00:00Z".parse().unwrap()
}

/// An event with one guest "pa" (token "ta") already joined.
fn state() -> EventState {
    let mut state = EventState::assemble(sample_event("ev", "u1"), Vec::new(), Vec::new());
    let join = Command::Join { name: "Anya".into(), participant_id: "pa".into(), token_hash: Some("ta".into()) };
    let planned = plan(&state, join, &Caller::default(), at()).unwrap();
    state.commit(&planned);
    state
}

fn paint(answer: Option<Answer>) -> Command {
    let mut cells = AnswerCells::default();
    cells.slots.insert("s1".into(), answer);
    Command::Answer { participant_id: "pa".into(), cells }
}

#[test]
fn joining_bumps_the_version_and_announces_the_newcomer() {
    let s = state();
    assert_eq!(s.version, 2);
    assert_eq!(s.participants[0].token_hash.as_deref(), Some("ta"));
    let again = plan(
        &s,
        Command::Join { name: " ".into(), participant_id: "pb".into(), token_hash: None },
        &Caller::default(),
        at(),
    );
    assert!(matches!(again, Err(DomainError::InvalidArgument { .. })), "blank names are refused");
}

#[test]
fn users_join_once() {
    let mut s = state();
    let vera = Caller { user: Some(CallerUser { id: "u9".into(), name: "Vera".into() }), token_hash: None };
    let first =
        plan(&s, Command::Join { name: "Vera".into(), participant_id: "pv".into(), token_hash: None }, &vera, at())
            .unwrap();
    s.commit(&first);
    let second =
        plan(&s, Command::Join { name: "Vera".into(), participant_id: "px".into(), token_hash: None }, &vera, at())
            .unwrap();
    assert!(second.writes.is_empty());
    assert!(
        matches!(second.outcome, Outcome::Participant { created: false, ref participant } if participant.id == "pv")
    );
}

#[test]
fn guests_are_refused_when_the_organiser_says_so() {
    let mut s = state();
    s.meta.settings.allow_guests = false;
    let refused = plan(
        &s,
        Command::Join { name: "Boris".into(), participant_id: "pb".into(), token_hash: Some("tb".into()) },
        &Caller::default(),
        at(),
    );
    assert!(matches!(refused, Err(DomainError::PermissionDenied(_))));
}

#[test]
fn painting_changes_only_the_owners_sheet() {
    let s = state();
    let planned = plan(&s, paint(Some(Answer::Yes)), &guest("ta"), at()).unwrap();
    assert_eq!(planned.changes.len(), 1);
    assert!(
        matches!(&planned.writes[0], Write::Participant(p) if p.version == 3 && p.answers.slots["s1"] == Answer::Yes)
    );
    assert!(matches!(plan(&s, paint(Some(Answer::Yes)), &guest("tb"), at()), Err(DomainError::PermissionDenied(_))));
    assert!(matches!(
        plan(&s, paint(Some(Answer::Yes)), &Caller::default(), at()),
        Err(DomainError::Unauthenticated(_))
    ));
    assert!(matches!(plan(&s, paint(Some(Answer::Yes)), &organizer(), at()), Err(DomainError::PermissionDenied(_))));
}

#[test]
fn repainting_the_same_cells_writes_nothing() {
    let mut s = state();
    let planned = plan(&s, paint(Some(Answer::Yes)), &guest("ta"), at()).unwrap();
    s.commit(&planned);
    let again = plan(&s, paint(Some(Answer::Yes)), &guest("ta"), at()).unwrap();
    assert!(again.writes.is_empty() && again.changes.is_empty());
    s.commit(&again);
    assert_eq!(s.version, 3, "a no-op spends no version");
}

#[test]
fn final_plans_and_deadlines_close_voting() {
    let mut s = state();
    let finalize = Command::Finalize { slot_id: "s1".into(), place_id: Some("p1".into()) };
    assert!(matches!(plan(&s, finalize.clone(), &guest("ta"), at()), Err(DomainError::Unauthenticated(_))));
    let planned = plan(&s, finalize, &organizer(), at()).unwrap();
    s.commit(&planned);
    assert_eq!(s.meta.status, Status::Finalized);
    assert!(matches!(plan(&s, paint(Some(Answer::No)), &guest("ta"), at()), Err(DomainError::Conflict(_))));
    let reopened = plan(&s, Command::Reopen, &organizer(), at()).unwrap();
    s.commit(&reopened);
    s.meta.settings.deadline = Some(at());
    assert!(
        matches!(plan(&s, paint(Some(Answer::No)), &guest("ta"), at()), Err(DomainError::Conflict(_))),
        "the deadline instant is already closed"
    );
}

#[test]
fn finalising_needs_a_real_slot_and_place() {
    let s = state();
    let without_place = plan(&s, Command::Finalize { slot_id: "s1".into(), place_id: None }, &organizer(), at());
    assert!(
        matches!(without_place, Err(DomainError::InvalidArgument { ref fields, .. }) if fields.contains_key("placeId"))
    );
    let bad_slot =
        plan(&s, Command::Finalize { slot_id: "s7".into(), place_id: Some("p1".into()) }, &organizer(), at());
    assert!(matches!(bad_slot, Err(DomainError::InvalidArgument { ref fields, .. }) if fields.contains_key("slotId")));
}

#[test]
fn removing_a_participant_stores_the_version_first() {
    let s = state();
    assert!(matches!(
        plan(&s, Command::RemoveParticipant { participant_id: "pa".into() }, &guest("tb"), at()),
        Err(DomainError::PermissionDenied(_))
    ));
    let planned = plan(&s, Command::RemoveParticipant { participant_id: "pa".into() }, &guest("ta"), at()).unwrap();
    assert!(
        matches!(&planned.writes[..], [Write::Meta(m), Write::RemoveParticipant(id)] if m.version == 3 && id == "pa")
    );
}
