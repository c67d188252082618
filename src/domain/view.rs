//! The public shape of an event (`GET /events/{id}` and the WebSocket snapshot) and of the
//! pieces that diffs carry. Secrets such as participant token hashes never reach these types.

use super::answer::Answers;
use super::event::{
    Comment, CommentCursor, EventMeta, EventSettings, EventState, FinalPlan, Language, Organizer, Participant, Place,
    Slot, Status, Visibility,
};
use super::grid::GridSpec;
use super::tally::Tally;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A participant as everyone sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantView {
    /// Participant id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// True for people without an account.
    pub is_guest: bool,
    /// The account behind a signed-in participant, so a client can find "me".
    pub user_id: Option<String>,
    /// Their answers.
    pub answers: Answers,
    /// When they joined.
    #[schema(value_type = String, format = DateTime)]
    pub joined_at: Timestamp,
}

impl From<&Participant> for ParticipantView {
    fn from(p: &Participant) -> Self {
        ParticipantView {
            id: p.id.clone(),
            name: p.name.clone(),
            is_guest: p.is_guest(),
            user_id: p.user_id.clone(),
            answers: p.answers.clone(),
            joined_at: p.joined_at,
        }
    }
}

/// The whole event, as API.md shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    /// The share id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// The event's IANA zone.
    pub timezone: String,
    /// The language it is written in (`ru`, `en`), when known.
    pub language: Option<Language>,
    /// `link` or `public`.
    pub visibility: Visibility,
    /// `open` or `finalized`.
    pub status: Status,
    /// Who runs it.
    pub organizer: Organizer,
    /// Candidate slots.
    pub slots: Vec<Slot>,
    /// The grid the slots came from; `null` for explicit options.
    pub grid: Option<GridSpec>,
    /// Candidate places.
    pub places: Vec<Place>,
    /// Organiser switches.
    pub settings: EventSettings,
    /// Participants and their answers.
    pub participants: Vec<ParticipantView>,
    /// Who said what, and the best options.
    pub tally: Tally,
    /// The chosen plan, once finalised.
    #[serde(rename = "final")]
    pub final_plan: Option<FinalPlan>,
    /// The latest comments (at most `VIEW_COMMENTS`), oldest first; older ones page through
    /// `GET /events/{id}/comments`.
    pub comments: Vec<Comment>,
    /// How many comments the event has in all.
    pub comment_count: usize,
    /// When `comments` is not all of them: pass as `before` to `GET /events/{id}/comments` for
    /// the ones before.
    pub older_comments: Option<String>,
    /// Grows by one with each change; live diffs carry it too.
    pub version: u64,
    /// Creation time.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last change.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
    /// This view as JSON, encoded by the first reader and shared by the rest: one version is
    /// read far more often than it changes.
    #[serde(skip)]
    json: EncodedOnce,
}

/// How many of the latest comments an event's view carries: the board opens with the recent
/// conversation, and a long guestbook does not weigh down every read and snapshot.
pub const VIEW_COMMENTS: usize = 100;

/// A view's JSON, made once. Never part of what the view says, so it never makes two views
/// unequal, and a clone (which may then be changed) starts without it.
#[derive(Default)]
struct EncodedOnce(std::sync::OnceLock<bytes::Bytes>);

impl Clone for EncodedOnce {
    fn clone(&self) -> Self {
        EncodedOnce::default()
    }
}

impl PartialEq for EncodedOnce {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for EncodedOnce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() { "encoded" } else { "not encoded yet" })
    }
}

impl EventView {
    /// The view as JSON bytes, encoded at most once (views of a version are shared, never
    /// changed).
    pub fn json(&self) -> bytes::Bytes {
        // Serialising plain data into a Vec cannot fail; an empty body would show if it did.
        self.json.0.get_or_init(|| serde_json::to_vec(self).unwrap_or_default().into()).clone()
    }

    /// Builds the public view, tally included.
    pub fn of(state: &EventState) -> EventView {
        let m = &state.meta;
        let latest = &state.comments[state.comments.len().saturating_sub(VIEW_COMMENTS)..];
        EventView {
            id: m.id.clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            timezone: m.timezone.clone(),
            language: m.language,
            visibility: m.visibility,
            status: m.status,
            organizer: m.organizer.clone(),
            slots: m.slots.clone(),
            grid: m.grid.clone(),
            places: m.places.clone(),
            settings: m.settings.clone(),
            participants: state.participants.iter().map(ParticipantView::from).collect(),
            tally: Tally::of(state),
            final_plan: m.final_plan.clone(),
            comments: latest.to_vec(),
            comment_count: state.comments.len(),
            older_comments: (latest.len() < state.comments.len())
                .then(|| latest.first().map(|c| CommentCursor::of(c).encode()))
                .flatten(),
            version: state.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            json: EncodedOnce::default(),
        }
    }
}

/// A short listing entry for `GET /events`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventSummary {
    /// The share id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// The event's zone.
    pub timezone: String,
    /// `link` or `public`.
    pub visibility: Visibility,
    /// `open` or `finalized`.
    pub status: Status,
    /// Who runs it.
    pub organizer: Organizer,
    /// How many candidate slots.
    pub slot_count: usize,
    /// How many candidate places.
    pub place_count: usize,
    /// Start of the earliest slot.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub first_start: Option<Timestamp>,
    /// End of the latest slot.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_end: Option<Timestamp>,
    /// The chosen plan, once finalised.
    #[serde(rename = "final")]
    pub final_plan: Option<FinalPlan>,
    /// Creation time.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last change to the event's own record.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<&EventMeta> for EventSummary {
    fn from(m: &EventMeta) -> Self {
        EventSummary {
            id: m.id.clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            timezone: m.timezone.clone(),
            visibility: m.visibility,
            status: m.status,
            organizer: m.organizer.clone(),
            slot_count: m.slots.len(),
            place_count: m.places.len(),
            first_start: m.slots.iter().map(|s| s.start).min(),
            last_end: m.slots.iter().map(|s| s.end).max(),
            final_plan: m.final_plan.clone(),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[cfg(test)]
mod encoding_tests {
    use super::*;
    use crate::persistence::contract::sample_event;

    #[test]
    fn the_json_is_the_view_and_a_changed_clone_is_encoded_afresh() {
        let view = EventView::of(&EventState::assemble(sample_event("ev", "u1"), Vec::new(), Vec::new()));
        let json = view.json();
        assert_eq!(json, serde_json::to_vec(&view).unwrap(), "the same bytes as serialising it");
        assert_eq!(view.json().as_ptr(), json.as_ptr(), "encoded once, then shared");
        let mut renamed = view.clone();
        renamed.title = "Saturday stouts".into();
        let again: serde_json::Value = serde_json::from_slice(&renamed.json()).unwrap();
        assert_eq!(again["title"], "Saturday stouts");
        assert!(again.get("json").is_none(), "the cache is not part of the view");
    }

    /// A long guestbook: the view carries the latest comments and the cursor for the rest.
    #[test]
    fn the_view_carries_the_latest_comments_and_a_cursor_for_older_ones() {
        let comments: Vec<Comment> = (0..130u64)
            .map(|n| Comment {
                id: format!("c{n}"),
                author: "Anya".into(),
                participant_id: None,
                text: format!("round {n}"),
                created_at: Timestamp::UNIX_EPOCH,
                version: n + 2,
            })
            .collect();
        let view = EventView::of(&EventState::assemble(sample_event("ev", "u1"), Vec::new(), comments.clone()));
        assert_eq!(view.comment_count, 130);
        assert_eq!(view.comments.len(), VIEW_COMMENTS);
        assert_eq!(view.comments.first().map(|c| c.text.as_str()), Some("round 30"), "the latest, oldest first");
        assert_eq!(view.comments.last().map(|c| c.text.as_str()), Some("round 129"));
        let older = CommentCursor::decode(view.older_comments.as_deref().unwrap()).unwrap();
        assert_eq!(older, CommentCursor::of(&comments[30]), "older ones start before the first shown");
        let short = EventView::of(&EventState::assemble(sample_event("ev", "u1"), Vec::new(), comments[..5].to_vec()));
        assert_eq!((short.comments.len(), short.comment_count, short.older_comments), (5, 5, None));
    }
}
