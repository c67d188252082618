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

fn patch(json: serde_json::Value) -> Command {
    Command::Patch(Box::new(serde_json::from_value(json).unwrap()))
}

#[test]
fn a_whole_slot_list_keeps_adds_and_removes() {
    let mut s = state();
    let added = plan(
        &s,
        patch(serde_json::json!({"addSlots": [{"start": "2026-12-05T15:00:00Z", "end": "2026-12-05T18:00:00Z"}]})),
        &organizer(),
        at(),
    )
    .unwrap();
    s.commit(&added);
    assert_eq!(s.meta.slots.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    let listed = patch(
        serde_json::json!({"slots": [{"id": "s2"}, {"start": "2026-12-06T15:00:00Z", "end": "2026-12-06T18:00:00Z"}]}),
    );
    let planned = plan(&s, listed, &organizer(), at()).unwrap();
    s.commit(&planned);
    assert_eq!(s.meta.slots.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["s2", "s3"]);
    let unknown = plan(&s, patch(serde_json::json!({"slots": [{"id": "s9"}]})), &organizer(), at());
    assert!(
        matches!(unknown, Err(DomainError::InvalidArgument { ref fields, .. }) if fields.contains_key("slots[0].id"))
    );
}

#[test]
fn places_can_be_removed_by_alias_and_take_their_answers() {
    let mut s = state();
    let mut cells = AnswerCells::default();
    cells.places.insert("p1".into(), Some(Answer::Yes));
    let answered = plan(&s, Command::Answer { participant_id: "pa".into(), cells }, &guest("ta"), at()).unwrap();
    s.commit(&answered);
    let planned = plan(&s, patch(serde_json::json!({"removePlaces": ["p1"]})), &organizer(), at()).unwrap();
    assert!(planned.changes.iter().any(|c| matches!(c, Change::PlaceRemoved { place_id } if place_id == "p1")));
    s.commit(&planned);
    assert!(s.meta.places.is_empty());
    assert!(s.participants[0].answers.places.is_empty(), "answers to a removed place are gone");
}
