//! Planning a command: check it against the current state and work out what to store and what
//! to tell watchers, without changing anything. The actor stores the writes and only then
//! commits them to memory, so a failed write leaves the state untouched.

use super::answer::AnswerCells;
use super::change::Change;
use super::command::{Caller, Command};
use super::error::{DomainError, FieldErrors};
use super::event::{Comment, EventMeta, EventState, Participant, Place, Status};
use super::input::{MAX_COMMENT, MAX_COMMENT_BYTES, MAX_COMMENTS, MAX_PLACES, required_text};
use super::outbox::Job;
use jiff::Timestamp;
use steps::*;

mod follow_up;
mod steps;

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
    /// Queue background work (a no-op when a job with its key exists).
    Enqueue(Job),
    /// Cancel the event's pending plan messages and reminders (the plan was reopened).
    CancelPlanJobs,
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

/// Plans `command` by `caller` against `state` at `now`, with the background work it calls for
/// (plan messages, reminders, card edits) written in the same batch, so a stored change never
/// goes without its messages.
pub fn plan(state: &EventState, command: Command, caller: &Caller, now: Timestamp) -> Result<Plan, DomainError> {
    let quiet = matches!(command, Command::AttachCard { .. } | Command::DetachCard { .. });
    let mut planned = plan_command(state, command, caller, now)?;
    if !quiet {
        follow_up::add_jobs(state, &mut planned, now);
    }
    Ok(planned)
}

fn plan_command(state: &EventState, command: Command, caller: &Caller, now: Timestamp) -> Result<Plan, DomainError> {
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
                // The organiser may add options past the deadline (and move it), not to a plan
                // that is already final.
                vote_not_final(state)?;
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
                voting_open(state, now)?;
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
            let kept: usize = state.comments.iter().map(|c| c.text.len()).sum();
            if state.comments.len() >= MAX_COMMENTS || kept + text.len() > MAX_COMMENT_BYTES {
                return Err(DomainError::Conflict(format!(
                    "this event's guestbook is full ({MAX_COMMENTS} comments or {} KiB); talk in person!",
                    MAX_COMMENT_BYTES / 1024
                )));
            }
            let comment = Comment { id: comment_id, author, participant_id, text, created_at: now, version };
            Ok(Plan::new(
                vec![Write::Comment(comment.clone())],
                vec![Change::Comment { comment: comment.clone() }],
                Outcome::Comment(comment),
            ))
        }
        Command::Finalize { slot_id, slot_ids, place_id } => {
            organizer_only(state, caller)?;
            // Choosing again silently would send a second plan and a second reminder to
            // everyone; reopening first makes that a deliberate step.
            if state.meta.status == Status::Finalized {
                return Err(DomainError::Conflict("the plan is already final: reopen it to choose again".into()));
            }
            let run = chosen_run(state, slot_id, slot_ids)?;
            finalize(state, run, place_id, version, now)
        }
        Command::Claim => claim(state, caller, version, now),
        Command::LinkParticipant => link_participant(state, caller, version, now),
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
        Command::AttachCard(card) => follow_up::attach_card(state, card, version, now),
        Command::DetachCard { chat_id } => follow_up::detach_card(state, chat_id, version, now),
    }
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
                Write::DeleteEvent | Write::Enqueue(_) | Write::CancelPlanJobs => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
