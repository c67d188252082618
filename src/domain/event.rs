//! The event being planned: candidate slots and places, settings, participants and comments.
//! These are the stored shapes; `view` builds the public API shape from them.

use super::answer::Answers;
use super::grid::GridSpec;
use super::outbox::GroupCard;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who can find an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Reachable only by its id (the share link).
    #[default]
    Link,
    /// Listed in search for everyone.
    Public,
}

/// The language an event was written in, so what the server writes about it (link previews)
/// speaks it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Русский.
    Ru,
    /// English.
    En,
}

/// Where the plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Voting is on.
    #[default]
    Open,
    /// The organiser picked the plan.
    Finalized,
}

/// A candidate time slot, stored as UTC instants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Slot {
    /// Short per-event id (`s1`, `s2`, …).
    pub id: String,
    /// When it starts (RFC 3339, UTC).
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// When it ends (RFC 3339, UTC).
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
}

/// A candidate place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// Short per-event id (`p1`, `p2`, …).
    pub id: String,
    /// What people call it.
    pub name: String,
    /// Street address, if given.
    pub address: Option<String>,
    /// A Yandex, Google, OpenStreetMap or 2GIS link.
    pub map_url: Option<String>,
    /// Latitude read from the map link.
    pub lat: Option<f64>,
    /// Longitude read from the map link.
    pub lng: Option<f64>,
    /// The participant who suggested it, when it was not the organiser.
    #[serde(default)]
    pub suggested_by: Option<String>,
}

/// Organiser switches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventSettings {
    /// Whether people without an account may join with just a name.
    pub allow_guests: bool,
    /// Whether participants (not only the organiser) may suggest places.
    pub participants_can_add_places: bool,
    /// After this instant answers are refused.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deadline: Option<Timestamp>,
}

impl Default for EventSettings {
    fn default() -> Self {
        EventSettings { allow_guests: true, participants_can_add_places: true, deadline: None }
    }
}

/// The organiser, as shown to everyone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Organizer {
    /// The organiser's user id; for a guest organiser, a random id no account has.
    pub id: String,
    /// The organiser's display name.
    pub name: String,
    /// True when the event was made without an account (organised with `X-Organizer-Token`).
    #[serde(default, rename = "isGuest")]
    pub is_guest: bool,
}

impl Organizer {
    /// The organiser behind an account.
    pub fn account(id: String, name: String) -> Organizer {
        Organizer { id, name, is_guest: false }
    }
}

/// The chosen plan: a run of back-to-back slots and (when the event has places) one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", from = "StoredFinalPlan")]
pub struct FinalPlan {
    /// The first chosen slot (all of them: `slotIds`).
    pub slot_id: String,
    /// Every chosen slot, in time order.
    pub slot_ids: Vec<String>,
    /// The chosen place, if the event has places.
    pub place_id: Option<String>,
    /// Start of the first chosen slot.
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// End of the last chosen slot.
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// The chosen place, copied so the plan survives later edits.
    pub place: Option<Place>,
}

/// A final plan as stored: plans locked before runs existed have no `slotIds`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredFinalPlan {
    slot_id: String,
    #[serde(default)]
    slot_ids: Vec<String>,
    place_id: Option<String>,
    start: Timestamp,
    end: Timestamp,
    place: Option<Place>,
}

impl From<StoredFinalPlan> for FinalPlan {
    fn from(s: StoredFinalPlan) -> Self {
        let slot_ids = if s.slot_ids.is_empty() { vec![s.slot_id.clone()] } else { s.slot_ids };
        FinalPlan { slot_id: s.slot_id, slot_ids, place_id: s.place_id, start: s.start, end: s.end, place: s.place }
    }
}

/// Everything about an event except participants and comments, which are stored apart so an
/// answer rewrites one small participant record instead of the whole event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventMeta {
    /// The unguessable share id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Longer text, if any.
    pub description: Option<String>,
    /// The event's IANA zone; grid windows are local to it.
    pub timezone: String,
    /// The language the organiser wrote it in, when the client said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Link-only or public.
    pub visibility: Visibility,
    /// Open or finalised.
    pub status: Status,
    /// Who runs it.
    pub organizer: Organizer,
    /// SHA-256 of the guest organiser's `organizerToken`; `None` once an account runs the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer_token_hash: Option<String>,
    /// The candidate slots, sorted by start.
    pub slots: Vec<Slot>,
    /// The grid the slots came from, so clients can draw it; `None` for explicit options.
    pub grid: Option<GridSpec>,
    /// The candidate places.
    pub places: Vec<Place>,
    /// Organiser switches.
    pub settings: EventSettings,
    /// The chosen plan once finalised.
    #[serde(rename = "final")]
    pub final_plan: Option<FinalPlan>,
    /// Live cards the bot keeps in group chats (never shown in the API).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<GroupCard>,
    /// Next number for a slot id, so removed ids are never reused for another slot.
    pub next_slot_seq: u32,
    /// Next number for a place id, for the same reason.
    pub next_place_seq: u32,
    /// Version of the last change written with this record.
    pub version: u64,
    /// When it was created.
    pub created_at: Timestamp,
    /// When this record last changed.
    pub updated_at: Timestamp,
}

/// Someone answering: a guest with a secret token, or a signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    /// Random id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The account behind it; `None` for guests.
    pub user_id: Option<String>,
    /// SHA-256 of the guest's participant token; the token itself is never stored.
    pub token_hash: Option<String>,
    /// The answer sheet.
    pub answers: Answers,
    /// When they joined.
    pub joined_at: Timestamp,
    /// When their record last changed.
    pub updated_at: Timestamp,
    /// Version of the last change written with this record.
    pub version: u64,
}

impl Participant {
    /// Guests have no account.
    pub fn is_guest(&self) -> bool {
        self.user_id.is_none()
    }
}

/// A comment on the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    /// Random id.
    pub id: String,
    /// The author's display name.
    pub author: String,
    /// The author's participant id; `None` when the organiser wrote it without joining.
    pub participant_id: Option<String>,
    /// The text.
    pub text: String,
    /// When it was written.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Version of the change that added it.
    #[serde(default)]
    #[schema(ignore)]
    pub version: u64,
}

/// A place in an event's comments: the version that added a comment, and its id (the order
/// comments are stored and paged in). Clients see it only as opaque text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentCursor {
    /// The comment's version.
    pub version: u64,
    /// The comment's id.
    pub id: String,
}

impl CommentCursor {
    /// The cursor at `comment`: a page asked for with it starts with the comment just before.
    pub fn of(comment: &Comment) -> Self {
        CommentCursor { version: comment.version, id: comment.id.clone() }
    }

    /// The opaque text form clients pass back.
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}:{}", self.version, self.id))
    }

    /// Reads a cursor from its text form; `None` for anything this server did not issue.
    pub fn decode(text: &str) -> Option<Self> {
        use base64::Engine;
        let raw = String::from_utf8(base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok()?).ok()?;
        let (version, id) = raw.split_once(':')?;
        Some(CommentCursor { version: version.parse().ok()?, id: id.to_string() }).filter(|c| !c.id.is_empty())
    }
}

/// The whole event as its actor holds it in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct EventState {
    /// Everything but participants and comments.
    pub meta: EventMeta,
    /// Participants in the order they joined.
    pub participants: Vec<Participant>,
    /// Comments, oldest first.
    pub comments: Vec<Comment>,
    /// The current version: the highest version of any stored part.
    pub version: u64,
}

impl EventState {
    /// Assembles the state from its stored parts, recovering the version and last update from
    /// whichever part changed last (answers rewrite only their participant record).
    pub fn assemble(meta: EventMeta, mut participants: Vec<Participant>, mut comments: Vec<Comment>) -> Self {
        participants.sort_by(|a, b| a.joined_at.cmp(&b.joined_at).then_with(|| a.id.cmp(&b.id)));
        comments.sort_by(|a, b| a.version.cmp(&b.version).then_with(|| a.created_at.cmp(&b.created_at)));
        let version = participants
            .iter()
            .map(|p| p.version)
            .chain(comments.iter().map(|c| c.version))
            .fold(meta.version, u64::max);
        let mut state = EventState { meta, participants, comments, version };
        if let Some(latest) = state.participants.iter().map(|p| p.updated_at).max() {
            state.meta.updated_at = state.meta.updated_at.max(latest);
        }
        state
    }

    /// The participant with this id.
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// The participant linked to this account.
    pub fn participant_of_user(&self, user_id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.user_id.as_deref() == Some(user_id))
    }

    /// Whether `slot_id` is a current slot.
    pub fn has_slot(&self, slot_id: &str) -> bool {
        self.meta.slots.iter().any(|s| s.id == slot_id)
    }

    /// Whether `place_id` is a current place.
    pub fn has_place(&self, place_id: &str) -> bool {
        self.meta.places.iter().any(|p| p.id == place_id)
    }
}

#[cfg(test)]
mod tests {
    use super::CommentCursor;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the id holds (colons included), a cursor reads back as itself.
        #[test]
        fn comment_cursors_round_trip(version in any::<u64>(), id in "\\PC{1,40}") {
            let cursor = CommentCursor { version, id };
            prop_assert_eq!(CommentCursor::decode(&cursor.encode()), Some(cursor));
        }

        /// Any text a client sends is read or refused, never a panic.
        #[test]
        fn any_text_is_a_cursor_or_refused(text in "\\PC{0,80}") {
            if let Some(cursor) = CommentCursor::decode(&text) {
                prop_assert!(!cursor.id.is_empty());
            }
        }
    }

    #[test]
    fn foreign_cursors_are_refused() {
        use base64::Engine;
        let encode = |raw: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
        for junk in [String::new(), "!!!".into(), encode("nope"), encode("x:c1"), encode("7:"), encode("-1:c1")] {
            assert_eq!(CommentCursor::decode(&junk), None, "{junk}");
        }
    }
}
