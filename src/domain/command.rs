//! Commands an event accepts, and who is asking.

use super::answer::{AnswerCells, Answers};
use super::event::{EventState, Participant};
use super::input::NewPlace;
use super::outbox::GroupCard;
use super::patch::EventPatch;
use serde::{Deserialize, Serialize};

/// A signed-in user, as the access token names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallerUser {
    /// User id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Who sends a command: an account, a guest's participant token, both, or neither. Serialized
/// only between replicas, when a socket's command is forwarded to the event's owner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Caller {
    /// The signed-in account, if any.
    pub user: Option<CallerUser>,
    /// SHA-256 of the `X-Participant-Token` (or WebSocket `participantToken`), if any.
    pub token_hash: Option<String>,
    /// SHA-256 of the `X-Organizer-Token` of an event made without an account, if any.
    #[serde(default)]
    pub organizer_token_hash: Option<String>,
}

impl Caller {
    /// Whether the caller runs this event: its organiser's account, or the organiser token of an
    /// event made without one.
    pub fn is_organizer(&self, state: &EventState) -> bool {
        let by_user = self.user.as_ref().is_some_and(|u| u.id == state.meta.organizer.id);
        let by_token = matches!(
            (&self.organizer_token_hash, &state.meta.organizer_token_hash),
            (Some(a), Some(b)) if a == b
        );
        by_user || by_token
    }

    /// True when the caller brings something that could make them the organiser.
    pub fn may_organize(&self) -> bool {
        self.user.is_some() || self.organizer_token_hash.is_some()
    }

    /// Whether the caller may act as `participant`: it is their account or their token.
    pub fn owns(&self, participant: &Participant) -> bool {
        let by_user = matches!((&self.user, &participant.user_id), (Some(u), Some(id)) if &u.id == id);
        let by_token = matches!((&self.token_hash, &participant.token_hash), (Some(a), Some(b)) if a == b);
        by_user || by_token
    }

    /// The caller's own participant in this event, if they joined.
    pub fn participant<'a>(&self, state: &'a EventState) -> Option<&'a Participant> {
        state.participants.iter().find(|p| self.owns(p))
    }

    /// True when the caller has no credentials at all.
    pub fn is_anonymous(&self) -> bool {
        self.user.is_none() && self.token_hash.is_none() && self.organizer_token_hash.is_none()
    }
}

/// A change someone asks an event to make.
#[derive(Debug, Clone)]
pub enum Command {
    /// Join as a participant. Ids and the guest token hash are made by the caller so planning
    /// stays deterministic.
    Join {
        /// Display name.
        name: String,
        /// Id to use if a new participant is created.
        participant_id: String,
        /// Hash of the new guest token (ignored for signed-in callers).
        token_hash: Option<String>,
    },
    /// Paint some cells (WebSocket `answers`).
    Answer {
        /// Whose sheet.
        participant_id: String,
        /// The cells to change.
        cells: AnswerCells,
    },
    /// Replace a whole answer sheet (`PUT …/answers`).
    ReplaceAnswers {
        /// Whose sheet.
        participant_id: String,
        /// The new sheet.
        answers: Answers,
    },
    /// Suggest or add a place.
    AddPlace(NewPlace),
    /// Organiser edits.
    Patch(Box<EventPatch>),
    /// Remove a participant with their answers.
    RemoveParticipant {
        /// Who.
        participant_id: String,
    },
    /// Add a comment.
    Comment {
        /// Id for the new comment.
        comment_id: String,
        /// The text.
        text: String,
    },
    /// Lock the plan.
    Finalize {
        /// The chosen slot, the old way of choosing one slot.
        slot_id: Option<String>,
        /// The chosen run of back-to-back slots; wins over `slot_id`, which must then be in it.
        slot_ids: Option<Vec<String>>,
        /// The chosen place (required when the event has places).
        place_id: Option<String>,
    },
    /// Move an event made without an account to the caller's account; the caller brings the
    /// event's organiser token and an account.
    Claim,
    /// Link the caller's guest participant (by its token) to the caller's account.
    LinkParticipant,
    /// Unlock the plan.
    Reopen,
    /// Delete the event.
    Delete,
    /// The bot posted a live card of the event in a group chat (sent by the bot, not a person:
    /// anyone with the link may ask for a card).
    AttachCard(GroupCard),
    /// A card can no longer be edited (deleted, or the bot left the group).
    DetachCard {
        /// The group.
        chat_id: i64,
    },
}

impl Command {
    /// Whether only the organiser may send this command.
    pub fn needs_organizer(&self) -> bool {
        matches!(self, Command::Patch(_) | Command::Finalize { .. } | Command::Reopen | Command::Delete)
    }
}
