//! The checks and record changes behind individual commands.

use super::{Outcome, Plan, Write};
use crate::domain::answer::{AnswerCells, Answers};
use crate::domain::change::Change;
use crate::domain::command::Caller;
use crate::domain::error::{DomainError, FieldErrors};
use crate::domain::event::{EventMeta, EventState, FinalPlan, Participant, Status};
use crate::domain::input::{MAX_NAME, MAX_PARTICIPANTS, required_text};
use crate::domain::view::ParticipantView;
use jiff::Timestamp;

pub(super) fn organizer_only(state: &EventState, caller: &Caller) -> Result<(), DomainError> {
    if caller.is_organizer(state) {
        Ok(())
    } else if caller.user.is_none() {
        Err(DomainError::Unauthenticated("sign in as the organiser to do this".into()))
    } else {
        Err(DomainError::PermissionDenied("only the organiser can do this".into()))
    }
}

pub(super) fn voting_open(state: &EventState, now: Timestamp) -> Result<(), DomainError> {
    if state.meta.status == Status::Finalized {
        return Err(DomainError::Conflict("the plan is final; the organiser can reopen it".into()));
    }
    match state.meta.settings.deadline {
        Some(deadline) if now >= deadline => Err(DomainError::Conflict("voting closed at the deadline".into())),
        _ => Ok(()),
    }
}

pub(super) fn owned_participant<'a>(
    state: &'a EventState,
    caller: &Caller,
    id: &str,
) -> Result<&'a Participant, DomainError> {
    let participant = state.participant(id).ok_or_else(|| DomainError::NotFound("no such participant".into()))?;
    if caller.owns(participant) {
        Ok(participant)
    } else if caller.is_anonymous() {
        Err(DomainError::Unauthenticated("send this participant's token or sign in".into()))
    } else {
        Err(DomainError::PermissionDenied("you can only change your own answers".into()))
    }
}

pub(super) fn check_cells(state: &EventState, cells: &AnswerCells) -> Result<(), DomainError> {
    let mut errors = FieldErrors::default();
    for id in cells.slots.keys().filter(|id| !state.has_slot(id)) {
        errors.add(format!("slots.{id}"), "no such slot");
    }
    for id in cells.places.keys().filter(|id| !state.has_place(id)) {
        errors.add(format!("places.{id}"), "no such place");
    }
    errors.finish()
}

pub(super) fn stamp(meta: &mut EventMeta, version: u64, now: Timestamp) {
    meta.version = version;
    meta.updated_at = now;
}

pub(super) fn strip_prefix(error: DomainError, prefix: &str) -> DomainError {
    match error {
        DomainError::InvalidArgument { fields, .. } => DomainError::fields(
            fields.into_iter().map(|(k, v)| (k.strip_prefix(prefix).unwrap_or(&k).to_string(), v)).collect(),
        ),
        other => other,
    }
}

pub(super) fn join(
    state: &EventState,
    caller: &Caller,
    name: String,
    participant_id: String,
    token_hash: Option<String>,
    version: u64,
    now: Timestamp,
) -> Result<Plan, DomainError> {
    if let Some(user) = &caller.user
        && let Some(existing) = state.participant_of_user(&user.id)
    {
        return Ok(Plan::new(
            Vec::new(),
            Vec::new(),
            Outcome::Participant { participant: existing.clone(), created: false },
        ));
    }
    let mut errors = FieldErrors::default();
    let name = required_text(&mut errors, "name", &name, MAX_NAME);
    errors.finish()?;
    let (user_id, token_hash) = match &caller.user {
        Some(user) => (Some(user.id.clone()), None),
        None if !state.meta.settings.allow_guests => {
            return Err(DomainError::PermissionDenied("the organiser asks everyone to sign in first".into()));
        }
        None => (None, token_hash),
    };
    if state.participants.len() >= MAX_PARTICIPANTS {
        return Err(DomainError::Conflict(format!("this event is full ({MAX_PARTICIPANTS} people)")));
    }
    let participant = Participant {
        id: participant_id,
        name,
        user_id,
        token_hash,
        answers: Answers::default(),
        joined_at: now,
        updated_at: now,
        version,
    };
    Ok(Plan::new(
        vec![Write::Participant(participant.clone())],
        vec![Change::ParticipantJoined { participant: ParticipantView::from(&participant) }],
        Outcome::Participant { participant, created: true },
    ))
}

pub(super) fn answer(
    participant: &Participant,
    cells: &AnswerCells,
    version: u64,
    now: Timestamp,
) -> Result<Plan, DomainError> {
    let mut updated = participant.clone();
    let changed = updated.answers.apply(cells);
    let outcome = Outcome::Participant { participant: updated.clone(), created: false };
    if changed.is_empty() {
        return Ok(Plan::new(Vec::new(), Vec::new(), outcome));
    }
    updated.version = version;
    updated.updated_at = now;
    let outcome = Outcome::Participant { participant: updated.clone(), created: false };
    let change = Change::Answers { participant_id: updated.id.clone(), slots: changed.slots, places: changed.places };
    Ok(Plan::new(vec![Write::Participant(updated)], vec![change], outcome))
}

pub(super) fn finalize(
    state: &EventState,
    slot_id: String,
    place_id: Option<String>,
    version: u64,
    now: Timestamp,
) -> Result<Plan, DomainError> {
    let mut errors = FieldErrors::default();
    let slot = state.meta.slots.iter().find(|s| s.id == slot_id);
    errors.check(slot.is_none(), "slotId", "no such slot");
    let place = match &place_id {
        Some(id) => {
            let place = state.meta.places.iter().find(|p| &p.id == id);
            errors.check(place.is_none(), "placeId", "no such place");
            place
        }
        None => {
            errors.check(!state.meta.places.is_empty(), "placeId", "pick one of the places");
            None
        }
    };
    errors.finish()?;
    let Some(slot) = slot else { return Err(DomainError::field("slotId", "no such slot")) };
    let final_plan = FinalPlan { slot_id, place_id, start: slot.start, end: slot.end, place: place.cloned() };
    let mut meta = state.meta.clone();
    meta.status = Status::Finalized;
    meta.final_plan = Some(final_plan.clone());
    stamp(&mut meta, version, now);
    Ok(Plan::new(vec![Write::Meta(Box::new(meta))], vec![Change::Finalized { final_plan }], Outcome::Event))
}
