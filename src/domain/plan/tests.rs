//! Planning rules in isolation: who may do what, and what each command writes and tells.

use super::*;
use crate::domain::answer::Answer;
use crate::domain::command::CallerUser;
use crate::persistence::contract::sample_event;

fn organizer() -> Caller {
    Caller { user: Some(CallerUser { id: "u1".into(), name: "Olga".into() }), ..Caller::default() }
}

fn guest(token: &str) -> Caller {
    Caller { token_hash: Some(token.into()), ..Caller::default() }
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
    let vera = Caller { user: Some(CallerUser { id: "u9".into(), name: "Vera".into() }), ..Caller::default() };
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
    let finalize = Command::Finalize { slot_id: Some("s1".into()), slot_ids: None, place_id: Some("p1".into()) };
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
fn a_final_plan_freezes_the_vote_but_not_the_door() {
    let mut s = state();
    let finalize = Command::Finalize { slot_id: Some("s1".into()), slot_ids: None, place_id: Some("p1".into()) };
    s.commit(&plan(&s, finalize.clone(), &organizer(), at()).unwrap());
    let conflict = |result: Result<Plan, DomainError>| matches!(result, Err(DomainError::Conflict(_)));
    assert!(conflict(plan(&s, finalize.clone(), &organizer(), at())), "finalising twice needs a reopen");
    let place = || Command::AddPlace(serde_json::from_value(serde_json::json!({"name": "Late bar"})).unwrap());
    assert!(conflict(plan(&s, place(), &organizer(), at())), "no new places for a final plan");
    assert!(conflict(plan(&s, place(), &guest("ta"), at())));
    // A latecomer may still join (to get the plan and the reminder) and everyone may talk.
    let join = Command::Join { name: "Boris".into(), participant_id: "pb".into(), token_hash: Some("tb".into()) };
    assert!(plan(&s, join, &Caller::default(), at()).is_ok());
    let comment = Command::Comment { comment_id: "c1".into(), text: "I'm in!".into() };
    assert!(plan(&s, comment, &guest("ta"), at()).is_ok());
    // Reopened, it all opens again; past a deadline the organiser may still add places.
    s.commit(&plan(&s, Command::Reopen, &organizer(), at()).unwrap());
    s.meta.settings.deadline = Some(at());
    s.meta.settings.participants_can_add_places = true;
    assert!(conflict(plan(&s, place(), &guest("ta"), at())), "guests' suggestions close with the vote");
    assert!(plan(&s, place(), &organizer(), at()).is_ok());
    assert!(plan(&s, finalize, &organizer(), at()).is_ok());
}

#[test]
fn the_guestbook_has_room_for_so_many_comments() {
    let mut s = state();
    let comment = |text: String| Command::Comment { comment_id: "c".into(), text };
    for i in 0..crate::domain::input::MAX_COMMENTS {
        let planned = plan(&s, comment(format!("Prost #{i}")), &guest("ta"), at()).unwrap();
        s.commit(&planned);
    }
    let full = plan(&s, comment("one more".into()), &guest("ta"), at());
    assert!(matches!(full, Err(DomainError::Conflict(_))), "{full:?}");

    // Long comments fill it by size before count.
    let mut s = state();
    let long = "🍺".repeat(crate::domain::input::MAX_COMMENT);
    let mut taken = 0;
    while let Ok(planned) = plan(&s, comment(long.clone()), &guest("ta"), at()) {
        s.commit(&planned);
        taken += 1;
        assert!(taken <= crate::domain::input::MAX_COMMENTS);
    }
    assert_eq!(taken, crate::domain::input::MAX_COMMENT_BYTES / long.len());
}

#[test]
fn finalising_needs_a_real_slot_and_place() {
    let s = state();
    let without_place =
        plan(&s, Command::Finalize { slot_id: Some("s1".into()), slot_ids: None, place_id: None }, &organizer(), at());
    assert!(
        matches!(without_place, Err(DomainError::InvalidArgument { ref fields, .. }) if fields.contains_key("placeId"))
    );
    let bad_slot = plan(
        &s,
        Command::Finalize { slot_id: Some("s7".into()), slot_ids: None, place_id: Some("p1".into()) },
        &organizer(),
        at(),
    );
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

/// The sample event with three back-to-back hours (s1–s3) and one the day after (s4).
fn evening_state() -> EventState {
    let mut s = state();
    let hour = |id: &str, start: &str, end: &str| crate::domain::event::Slot {
        id: id.into(),
        start: start.parse().unwrap(),
        end: end.parse().unwrap(),
    };
    s.meta.slots = vec![
        hour("s1", "2026-12-04T15:00:00Z", "2026-12-04T16:00:00Z"),
        hour("s2", "2026-12-04T16:00:00Z", "2026-12-04T17:00:00Z"),
        hour("s3", "2026-12-04T17:00:00Z", "2026-12-04T18:00:00Z"),
        hour("s4", "2026-12-05T15:00:00Z", "2026-12-05T16:00:00Z"),
    ];
    s
}

fn finalize_run(ids: &[&str]) -> Command {
    Command::Finalize {
        slot_id: None,
        slot_ids: Some(ids.iter().map(|s| s.to_string()).collect()),
        place_id: Some("p1".into()),
    }
}

fn field_of(result: Result<Plan, DomainError>) -> Vec<String> {
    match result {
        Err(DomainError::InvalidArgument { fields, .. }) => fields.into_keys().collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn finalising_a_run_spans_first_start_to_last_end() {
    let s = evening_state();
    let planned = plan(&s, finalize_run(&["s3", "s1", "s2"]), &organizer(), at()).unwrap();
    let Some(Change::Finalized { final_plan }) = planned.changes.first() else { panic!("{planned:?}") };
    assert_eq!(final_plan.slot_ids, ["s1", "s2", "s3"]);
    assert_eq!(final_plan.slot_id, "s1");
    assert_eq!(
        (final_plan.start.to_string(), final_plan.end.to_string()),
        ("2026-12-04T15:00:00Z".into(), "2026-12-04T18:00:00Z".into())
    );
    assert_eq!(field_of(plan(&s, finalize_run(&["s1", "s3"]), &organizer(), at())), ["slotIds"], "a gap");
    assert_eq!(field_of(plan(&s, finalize_run(&["s3", "s4"]), &organizer(), at())), ["slotIds"], "another day");
    assert_eq!(field_of(plan(&s, finalize_run(&["s1", "nope"]), &organizer(), at())), ["slotIds[1]"]);
    assert_eq!(field_of(plan(&s, finalize_run(&[]), &organizer(), at())), ["slotIds"]);
    assert_eq!(field_of(plan(&s, finalize_run(&["s2", "s2"]), &organizer(), at())), ["slotIds"]);
    let both = Command::Finalize { slot_id: Some("s4".into()), slot_ids: Some(vec!["s1".into()]), place_id: None };
    assert_eq!(field_of(plan(&s, both, &organizer(), at())), ["slotId"]);
    let neither = Command::Finalize { slot_id: None, slot_ids: None, place_id: Some("p1".into()) };
    assert_eq!(field_of(plan(&s, neither, &organizer(), at())), ["slotId"]);
}

/// A caller bringing an organiser token (already hashed, as the HTTP layer passes it).
fn token_organizer(hash: &str) -> Caller {
    Caller { organizer_token_hash: Some(hash.into()), ..Caller::default() }
}

#[test]
fn the_organiser_token_acts_as_the_organiser_until_an_account_claims_it() {
    let mut s = state();
    s.meta.organizer = crate::domain::event::Organizer { id: "guest-org".into(), name: "Olga".into(), is_guest: true };
    s.meta.organizer_token_hash = Some("ot".into());
    let rename = || Command::Patch(Box::new(serde_json::from_str(r#"{"title": "Renamed"}"#).unwrap()));
    assert!(plan(&s, rename(), &token_organizer("ot"), at()).is_ok());
    assert!(matches!(plan(&s, rename(), &token_organizer("wrong"), at()), Err(DomainError::PermissionDenied(_))));
    assert!(matches!(plan(&s, rename(), &Caller::default(), at()), Err(DomainError::Unauthenticated(_))));
    assert!(
        matches!(plan(&s, rename(), &guest("ta"), at()), Err(DomainError::Unauthenticated(_))),
        "a participant token is not one"
    );

    let vera = CallerUser { id: "u9".into(), name: "Vera".into() };
    let with_token = Caller { user: Some(vera.clone()), organizer_token_hash: Some("ot".into()), ..Caller::default() };
    let no_token = Caller { user: Some(vera.clone()), ..Caller::default() };
    assert!(matches!(plan(&s, Command::Claim, &no_token, at()), Err(DomainError::PermissionDenied(_))));
    assert!(matches!(plan(&s, Command::Claim, &token_organizer("ot"), at()), Err(DomainError::Unauthenticated(_))));
    let claimed = plan(&s, Command::Claim, &with_token, at()).unwrap();
    assert!(
        matches!(&claimed.changes[0], Change::Organizer { organizer } if organizer.id == "u9" && !organizer.is_guest)
    );
    s.commit(&claimed);
    assert_eq!(s.meta.organizer_token_hash, None);
    assert!(
        matches!(plan(&s, rename(), &token_organizer("ot"), at()), Err(DomainError::PermissionDenied(_))),
        "the token is retired"
    );
    assert!(plan(&s, rename(), &no_token, at()).is_ok(), "the account runs it now");
    assert!(
        matches!(plan(&s, Command::Claim, &with_token, at()), Err(DomainError::PermissionDenied(_))),
        "claimed once"
    );
}

#[test]
fn a_guest_who_signs_up_keeps_their_answers() {
    let mut s = state();
    let painted = plan(&s, paint(Some(Answer::Yes)), &guest("ta"), at()).unwrap();
    s.commit(&painted);
    let vera = CallerUser { id: "u9".into(), name: "Vera".into() };
    let link = |token: &str| Caller { user: Some(vera.clone()), token_hash: Some(token.into()), ..Caller::default() };
    assert!(matches!(plan(&s, Command::LinkParticipant, &link("nope"), at()), Err(DomainError::NotFound(_))));
    assert!(matches!(plan(&s, Command::LinkParticipant, &guest("ta"), at()), Err(DomainError::Unauthenticated(_))));
    let linked = plan(&s, Command::LinkParticipant, &link("ta"), at()).unwrap();
    assert!(
        matches!(&linked.changes[0], Change::ParticipantUpdated { participant } if participant.user_id.as_deref() == Some("u9"))
    );
    s.commit(&linked);
    let anya = s.participant("pa").unwrap();
    assert_eq!((anya.user_id.as_deref(), anya.answers.slots["s1"]), (Some("u9"), Answer::Yes));
    let again = plan(&s, Command::LinkParticipant, &link("ta"), at()).unwrap();
    assert!(again.writes.is_empty(), "linking twice is a no-op");
    let boris = CallerUser { id: "u8".into(), name: "Boris".into() };
    let stolen = Caller { user: Some(boris), token_hash: Some("ta".into()), ..Caller::default() };
    assert!(matches!(plan(&s, Command::LinkParticipant, &stolen, at()), Err(DomainError::Conflict(_))));
}
