//! The operations a live diff carries: only what changed, never the whole event.

use super::answer::Answer;
use super::event::{Comment, EventSettings, FinalPlan, Organizer, Place, Slot, Visibility};
use super::view::ParticipantView;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One change to an event, as sent in a `diff` message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Change {
    /// Only the answer cells that changed; `null` means cleared.
    #[serde(rename_all = "camelCase")]
    Answers {
        /// Whose answers.
        participant_id: String,
        /// Changed slot cells.
        #[schema(value_type = Object)]
        slots: BTreeMap<String, Option<Answer>>,
        /// Changed place cells.
        #[schema(value_type = Object)]
        places: BTreeMap<String, Option<Answer>>,
    },
    /// Someone joined.
    ParticipantJoined {
        /// The new participant.
        participant: ParticipantView,
    },
    /// A participant's own details changed (a guest signed up and kept their answers).
    ParticipantUpdated {
        /// The participant as it is now.
        participant: ParticipantView,
    },
    /// Someone left or was removed; their answers go with them.
    #[serde(rename_all = "camelCase")]
    ParticipantLeft {
        /// Who.
        participant_id: String,
    },
    /// A place was added.
    PlaceAdded {
        /// The place.
        place: Place,
    },
    /// A place was removed, with every answer to it.
    #[serde(rename_all = "camelCase")]
    PlaceRemoved {
        /// Which.
        place_id: String,
    },
    /// The slot list changed; answers to slots no longer listed are gone.
    SlotsChanged {
        /// The whole new slot list.
        slots: Vec<Slot>,
    },
    /// Title, description, zone, visibility or switches changed.
    Settings {
        /// Title.
        title: String,
        /// Description.
        description: Option<String>,
        /// IANA zone.
        timezone: String,
        /// Visibility.
        visibility: Visibility,
        /// Organiser switches.
        settings: EventSettings,
    },
    /// A comment was added.
    Comment {
        /// The comment.
        comment: Comment,
    },
    /// The organiser picked the plan.
    Finalized {
        /// The plan.
        #[serde(rename = "final")]
        final_plan: FinalPlan,
    },
    /// The event moved to another organiser (a guest organiser signed up).
    Organizer {
        /// The organiser now.
        organizer: Organizer,
    },
    /// The plan was unlocked again.
    Reopened,
    /// The event is gone.
    Deleted,
}
