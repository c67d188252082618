//! Planning a command: check it against the current state and work out what to store and what
//! to tell watchers, without changing anything. The actor stores the writes and only then
//! commits them to memory, so a failed write leaves the state untouched.

use super::answer::{AnswerCells, Answers};
use super::change::Change;
use super::command::{Caller, Command};
use super::error::{DomainError, FieldErrors};
use super::event::{Comment, EventMeta, EventState, FinalPlan, Participant, Place, Status};
use super::input::{MAX_COMMENT, MAX_NAME, MAX_PARTICIPANTS, MAX_PLACES, required_text};
use super::view::ParticipantView;
use jiff::Timestamp;

/// One record to store.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Replace the event's own record (boxed: it is far larger than the other writes).
    Meta(Box<EventMeta>),
    /// Insert or replace a participant.
    Participant(Participant),
    /// Remove a participant.
    RemoveParticipant(String),
    /// Add a comment.
    Comment(Comment),
    /// Remove the event with everything in it.
    DeleteEvent,
}

/// What the caller gets back.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A participant (joined now when `created`, or already there).
    Participant {
        /// The participant.
        participant: Participant,
        /// False when the caller had already joined.
        created: bool,
    },
    /// The added place.
    Place(Place),
    /// The added comment.
    Comment(Comment),
    /// The event changed (or not); reply with the event.
    Event,
    /// Nothing to return.
    Done,
}

/// The result of planning a command.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Records to store, in order. Empty means the command changed nothing.
    pub writes: Vec<Write>,
    /// What watchers are told.
    pub changes: Vec<Change>,
    /// What the caller gets.
    pub outcome: Outcome,
}

impl Plan {
    fn new(writes: Vec<Write>, changes: Vec<Change>, outcome: Outcome) -> Self {
        Plan { writes, changes, outcome }
    }
}

fn organizer_only(state: &EventState, caller: &Caller) -> Result<(), DomainError> {
    if caller.is_organizer(state) {
        Ok(())
    } else if caller.user.is_none() {
        Err(DomainError::Unauthenticated("sign in as the organiser to do this".into()))
    } else {
        Err(DomainError::PermissionDenied("only the organiser can do this".into()))
    }
}

fn voting_open(state: &EventState, now: Timestamp) -> Result<(), DomainError> {
    if state.meta.status == Status::Finalized {
        return Err(DomainError::Conflict("the plan is final; the organiser can reopen it".into()));
    }
    match state.meta.settings.deadline {
        Some(deadline) if now >= deadline => Err(DomainError::Conflict("voting closed at the deadline".into())),
        _ => Ok(()),
    }
}

fn owned_participant<'a>(state: &'a EventState, caller: &Caller, id: &str) -> Result<&'a Participant, DomainError> {
    let participant = state.participant(id).ok_or_else(|| DomainError::NotFound("no such participant".into()))?;
    if caller.owns(participant) {
        Ok(participant)
    } else if caller.is_anonymous() {
        Err(DomainError::Unauthenticated("send this participant's token or sign in".into()))
    } else {
        Err(DomainError::PermissionDenied("you can only change your own answers".into()))
    }
}

fn check_cells(state: &EventState, cells: &AnswerCells) -> Result<(), DomainError> {
    let mut errors = FieldErrors::default();
    for id in cells.slots.keys().filter(|id| !state.has_slot(id)) {
        errors.add(format!("slots.{id}"), "no such slot");
    }
    for id in cells.places.keys().filter(|id| !state.has_place(id)) {
        errors.add(format!("places.{id}"), "no such place");
    }
    errors.finish()
}

/// Plans `command` by `caller` against `state` at `now`.
pub fn plan(state: &EventState, command: Command, caller: &Caller, now: Timestamp) -> Result<Plan, DomainError> {
    let version = state.version + 1;
    match command {
        Command::Join { name, participant_id, token_hash } => {
            join(state, caller, name, participant_id, token_hash, version, now)
        }
        Command::Answer { participant_id, cells } => {
            let participant = owned_participant(state, caller, &participant_id)?;
            voting_open(state, now)?;
            check_cells(state, &cells)?;
            answer(participant, &cells, version, now)
        }
        Command::ReplaceAnswers { participant_id, answers } => {
            let participant = owned_participant(state, caller, &participant_id)?;
            voting_open(state, now)?;
            let cells = participant.answers.cells_to(&answers);
            check_cells(state, &AnswerCells::from(&answers))?;
            answer(participant, &cells, version, now)
        }
        Command::AddPlace(new_place) => {
            let suggested_by = if caller.is_organizer(state) {
                None
            } else {
                let me = caller.participant(state).ok_or_else(|| {
                    if caller.is_anonymous() {
                        DomainError::Unauthenticated("join the event to suggest places".into())
                    } else {
                        DomainError::PermissionDenied("join the event to suggest places".into())
                    }
                })?;
                if !state.meta.settings.participants_can_add_places {
                    return Err(DomainError::PermissionDenied("the organiser adds the places here".into()));
                }
                Some(me.id.clone())
            };
            if state.meta.places.len() >= MAX_PLACES {
                return Err(DomainError::Conflict(format!("an event holds at most {MAX_PLACES} places")));
            }
            let mut meta = state.meta.clone();
            let mut errors = FieldErrors::default();
            let place = new_place.into_place(format!("p{}", meta.next_place_seq), suggested_by, "place", &mut errors);
            errors.finish().map_err(|e| strip_prefix(e, "place."))?;
            meta.next_place_seq += 1;
            meta.places.push(place.clone());
            stamp(&mut meta, version, now);
            Ok(Plan::new(
                vec![Write::Meta(Box::new(meta))],
                vec![Change::PlaceAdded { place: place.clone() }],
                Outcome::Place(place),
            ))
        }
        Command::Patch(patch) => {
            organizer_only(state, caller)?;
            let result = patch.apply(state, version, now)?;
            if result.changes.is_empty() {
                return Ok(Plan::new(Vec::new(), Vec::new(), Outcome::Event));
            }
            let mut writes = vec![Write::Meta(Box::new(result.meta))];
            writes.extend(result.participants.into_iter().map(Write::Participant));
            Ok(Plan::new(writes, result.changes, Outcome::Event))
        }
        Command::RemoveParticipant { participant_id } => {
            let participant = state
                .participant(&participant_id)
                .ok_or_else(|| DomainError::NotFound("no such participant".into()))?;
            if !caller.is_organizer(state) && !caller.owns(participant) {
                return Err(if caller.is_anonymous() {
                    DomainError::Unauthenticated("sign in as the organiser, or send this participant's token".into())
                } else {
                    DomainError::PermissionDenied("only the organiser or the participant can do this".into())
                });
            }
            // The record goes first so the bumped version is stored before the participant
            // (who may have held the highest version) disappears.
            let mut meta = state.meta.clone();
            stamp(&mut meta, version, now);
            Ok(Plan::new(
                vec![Write::Meta(Box::new(meta)), Write::RemoveParticipant(participant_id.clone())],
                vec![Change::ParticipantLeft { participant_id }],
                Outcome::Done,
            ))
        }
        Command::Comment { comment_id, text } => {
            let (author, participant_id) = match caller.participant(state) {
                Some(p) => (p.name.clone(), Some(p.id.clone())),
                None if caller.is_organizer(state) => (state.meta.organizer.name.clone(), None),
                None if caller.is_anonymous() => {
                    return Err(DomainError::Unauthenticated("join the event to comment".into()));
                }
                None => return Err(DomainError::PermissionDenied("join the event to comment".into())),
            };
            let mut errors = FieldErrors::default();
            let text = required_text(&mut errors, "text", &text, MAX_COMMENT);
            errors.finish()?;
            let comment = Comment { id: comment_id, author, participant_id, text, created_at: now, version };
            Ok(Plan::new(
                vec![Write::Comment(comment.clone())],
                vec![Change::Comment { comment: comment.clone() }],
                Outcome::Comment(comment),
            ))
        }
        Command::Finalize { slot_id, place_id } => {
            organizer_only(state, caller)?;
            finalize(state, slot_id, place_id, version, now)
        }
        Command::Reopen => {
            organizer_only(state, caller)?;
            if state.meta.status != Status::Finalized {
                return Err(DomainError::Conflict("the event is not finalised".into()));
            }
            let mut meta = state.meta.clone();
            meta.status = Status::Open;
            meta.final_plan = None;
            stamp(&mut meta, version, now);
            Ok(Plan::new(vec![Write::Meta(Box::new(meta))], vec![Change::Reopened], Outcome::Event))
        }
        Command::Delete => {
            organizer_only(state, caller)?;
            Ok(Plan::new(vec![Write::DeleteEvent], vec![Change::Deleted], Outcome::Done))
        }
    }
}

fn stamp(meta: &mut EventMeta, version: u64, now: Timestamp) {
    meta.version = version;
    meta.updated_at = now;
}

fn strip_prefix(error: DomainError, prefix: &str) -> DomainError {
    match error {
        DomainError::InvalidArgument { fields, .. } => DomainError::fields(
            fields.into_iter().map(|(k, v)| (k.strip_prefix(prefix).unwrap_or(&k).to_string(), v)).collect(),
        ),
        other => other,
    }
}

fn join(
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

fn answer(participant: &Participant, cells: &AnswerCells, version: u64, now: Timestamp) -> Result<Plan, DomainError> {
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

fn finalize(
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

impl EventState {
    /// Applies a stored plan to memory. Call only after every write succeeded.
    pub fn commit(&mut self, plan: &Plan) {
        if plan.writes.is_empty() {
            return;
        }
        self.version += 1;
        for write in &plan.writes {
            match write {
                Write::Meta(meta) => self.meta = (**meta).clone(),
                Write::Participant(p) => {
                    self.meta.updated_at = self.meta.updated_at.max(p.updated_at);
                    match self.participants.iter_mut().find(|q| q.id == p.id) {
                        Some(slot) => *slot = p.clone(),
                        None => self.participants.push(p.clone()),
                    }
                }
                Write::RemoveParticipant(id) => self.participants.retain(|p| &p.id != id),
                Write::Comment(c) => self.comments.push(c.clone()),
                Write::DeleteEvent => {}
            }
        }
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
