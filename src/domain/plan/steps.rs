//! The checks and record changes behind individual commands.

use super::{Outcome, Plan, Write};
use crate::domain::answer::{AnswerCells, Answers};
use crate::domain::change::Change;
use crate::domain::command::Caller;
use crate::domain::error::{DomainError, FieldErrors};
use crate::domain::event::{EventMeta, EventState, FinalPlan, Organizer, Participant, Slot, Status};
use crate::domain::input::{MAX_NAME, MAX_PARTICIPANTS, MAX_SLOTS, required_text};
use crate::domain::view::ParticipantView;
use jiff::Timestamp;

pub(super) fn organizer_only(state: &EventState, caller: &Caller) -> Result<(), DomainError> {
    if caller.is_organizer(state) {
        Ok(())
    } else if !caller.may_organize() {
        Err(DomainError::Unauthenticated("sign in as the organiser, or send the event's organiser token".into()))
    } else {
        Err(DomainError::PermissionDenied("only the organiser can do this".into()))
    }
}

/// The rule of a final plan: it freezes the vote. Until the organiser reopens the event,
/// answers (REST and live), new places and finalising again are refused with 409. Joining and
/// commenting stay open, so a latecomer still sees the plan, gets the reminder and can say
/// "I'm in"; the organiser's edits stay open too, except removing what the plan uses.
pub(super) fn vote_not_final(state: &EventState) -> Result<(), DomainError> {
    if state.meta.status == Status::Finalized {
        return Err(DomainError::Conflict("the plan is final; the organiser can reopen it".into()));
    }
    Ok(())
}

/// The vote is open: not final (see [`vote_not_final`]) and not past the deadline, which
/// closes answers and participants' place suggestions.
pub(super) fn voting_open(state: &EventState, now: Timestamp) -> Result<(), DomainError> {
    vote_not_final(state)?;
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

/// The slots a finalise names, checked and in time order: `slotIds` (a run of back-to-back
/// slots), or the older single `slotId`. Field errors name the offending entry.
pub(super) fn chosen_run(
    state: &EventState,
    slot_id: Option<String>,
    slot_ids: Option<Vec<String>>,
) -> Result<Vec<&Slot>, DomainError> {
    let mut errors = FieldErrors::default();
    let (ids, field): (Vec<String>, fn(usize) -> String) = match (slot_ids, slot_id) {
        (Some(ids), one) => {
            errors.check(ids.is_empty(), "slotIds", "pick at least one slot");
            errors.check(ids.len() > MAX_SLOTS, "slotIds", &format!("an event holds at most {MAX_SLOTS} slots"));
            errors.check(one.is_some_and(|one| !ids.contains(&one)), "slotId", "must be one of slotIds");
            (ids, |i| format!("slotIds[{i}]"))
        }
        (None, Some(one)) => (vec![one], |_| "slotId".to_string()),
        (None, None) => {
            errors.add("slotId", "pick a slot (slotId) or a run of back-to-back slots (slotIds)");
            (Vec::new(), |_| "slotId".to_string())
        }
    };
    errors.finish()?;
    let mut errors = FieldErrors::default();
    let mut run = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        match state.meta.slots.iter().find(|s| &s.id == id) {
            Some(slot) => run.push(slot),
            None => errors.add(field(i), "no such slot"),
        }
    }
    errors.finish()?;
    let mut errors = FieldErrors::default();
    run.sort_by_key(|s| (s.start, s.end));
    let repeated = run.windows(2).any(|w| w[0].id == w[1].id);
    errors.check(repeated, "slotIds", "must not repeat a slot");
    let gap = !repeated && run.windows(2).any(|w| w[0].end != w[1].start);
    errors.check(gap, "slotIds", "must be back-to-back slots, each starting when the one before ends");
    errors.finish()?;
    Ok(run)
}

pub(super) fn finalize(
    state: &EventState,
    run: Vec<&Slot>,
    place_id: Option<String>,
    version: u64,
    now: Timestamp,
) -> Result<Plan, DomainError> {
    let mut errors = FieldErrors::default();
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
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return Err(DomainError::field("slotIds", "pick at least one slot"));
    };
    let final_plan = FinalPlan {
        slot_id: first.id.clone(),
        slot_ids: run.iter().map(|s| s.id.clone()).collect(),
        place_id,
        start: first.start,
        end: last.end,
        place: place.cloned(),
    };
    let mut meta = state.meta.clone();
    meta.status = Status::Finalized;
    meta.final_plan = Some(final_plan.clone());
    stamp(&mut meta, version, now);
    Ok(Plan::new(vec![Write::Meta(Box::new(meta))], vec![Change::Finalized { final_plan }], Outcome::Event))
}

/// Hands an event made without an account to the caller's account. The organiser token stops
/// working: from now on the account is the way in, and a leaked token grants nothing.
pub(super) fn claim(state: &EventState, caller: &Caller, version: u64, now: Timestamp) -> Result<Plan, DomainError> {
    let Some(user) = &caller.user else {
        return Err(DomainError::Unauthenticated("sign in to take the event over".into()));
    };
    let token_matches = matches!(
        (&caller.organizer_token_hash, &state.meta.organizer_token_hash),
        (Some(a), Some(b)) if a == b
    );
    if !token_matches {
        return Err(DomainError::PermissionDenied("that is not this event's organiser token".into()));
    }
    let mut meta = state.meta.clone();
    meta.organizer = Organizer::account(user.id.clone(), user.name.clone());
    meta.organizer_token_hash = None;
    stamp(&mut meta, version, now);
    let change = Change::Organizer { organizer: meta.organizer.clone() };
    Ok(Plan::new(vec![Write::Meta(Box::new(meta))], vec![change], Outcome::Event))
}

/// Links the guest participant whose token the caller brings to the caller's account, answers
/// and all. Linking again is a no-op; a guest already linked to someone else, or an account that
/// already takes part, is a conflict.
pub(super) fn link_participant(
    state: &EventState,
    caller: &Caller,
    version: u64,
    now: Timestamp,
) -> Result<Plan, DomainError> {
    let Some(user) = &caller.user else {
        return Err(DomainError::Unauthenticated("sign in to keep these answers".into()));
    };
    let guest = caller
        .token_hash
        .as_ref()
        .and_then(|hash| state.participants.iter().find(|p| p.token_hash.as_ref() == Some(hash)))
        .ok_or_else(|| DomainError::NotFound("no guest with that participant token".into()))?;
    match &guest.user_id {
        Some(owner) if owner == &user.id => {
            return Ok(Plan::new(
                Vec::new(),
                Vec::new(),
                Outcome::Participant { participant: guest.clone(), created: false },
            ));
        }
        Some(_) => return Err(DomainError::Conflict("that guest belongs to another account".into())),
        None => {}
    }
    if state.participant_of_user(&user.id).is_some() {
        return Err(DomainError::Conflict("this account already takes part in the event".into()));
    }
    let mut linked = guest.clone();
    linked.user_id = Some(user.id.clone());
    linked.version = version;
    linked.updated_at = now;
    let change = Change::ParticipantUpdated { participant: ParticipantView::from(&linked) };
    Ok(Plan::new(
        vec![Write::Participant(linked.clone())],
        vec![change],
        Outcome::Participant { participant: linked, created: false },
    ))
}
