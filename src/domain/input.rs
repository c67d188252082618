//! What clients send to create things, and the checks that turn it into domain records.

use super::error::{DomainError, FieldErrors};
use super::event::{EventMeta, EventSettings, Language, Organizer, Place, Slot, Status, Visibility};
use super::grid::{self, GridSpec};
use super::maplink;
use super::text::{self, TextProblem};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 5000;
/// Longest display name, in characters.
pub const MAX_NAME: usize = 80;
/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;
/// Most comments an event keeps: its whole state, comments included, must stay small enough
/// for every snapshot to reach every socket.
pub const MAX_COMMENTS: usize = 500;
/// Most comment text an event keeps, in bytes, for the same reason.
pub const MAX_COMMENT_BYTES: usize = 256 * 1024;
/// Most slots an event may have, so one event's state stays small enough to hold in memory.
pub const MAX_SLOTS: usize = grid::MAX_GRID_SLOTS;
/// Most places an event may have.
pub const MAX_PLACES: usize = 100;
/// Most participants an event may have.
pub const MAX_PARTICIPANTS: usize = 1000;
/// Longest map link we accept.
const MAX_URL: usize = 2048;
/// Longest address, in characters.
const MAX_ADDRESS: usize = 300;

/// `POST /events` body.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewEvent {
    /// Short title ("Friday pints").
    #[schema(min_length = 1, max_length = 200, example = "Friday pints")]
    pub title: String,
    /// Optional longer text.
    #[serde(default)]
    pub description: Option<String>,
    /// IANA zone; grid windows are local to it. Defaults to UTC.
    #[serde(default)]
    #[schema(example = "Europe/Moscow")]
    pub timezone: Option<String>,
    /// `link` (default) or `public`.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Explicit time options. Give these or `grid`.
    #[serde(default)]
    pub slots: Option<Vec<NewSlot>>,
    /// Dates × daily window split into steps, or whole days without `from`/`to`.
    #[serde(default)]
    pub grid: Option<GridSpec>,
    /// Candidate places.
    #[serde(default)]
    pub places: Option<Vec<NewPlace>>,
    /// Organiser switches.
    #[serde(default)]
    pub settings: Option<SettingsPatch>,
    /// The language the event is written in (`ru` or `en`), for what the server writes about it
    /// such as link previews. Clients send their interface language.
    #[serde(default)]
    pub language: Option<Language>,
    /// The organiser's display name when creating without an account (ignored when signed in,
    /// where the account's name is used). Defaults to "Organiser".
    #[serde(default)]
    #[schema(max_length = 80, example = "Olga")]
    pub organizer_name: Option<String>,
}

/// Display name of a guest organiser who gave none.
pub const GUEST_ORGANIZER: &str = "Organiser";

/// An explicit time option.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct NewSlot {
    /// Start (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// End (RFC 3339), after the start.
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
}

/// A place to add (`POST /events/{id}/places`, or inside create and patch bodies).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewPlace {
    /// What people call it.
    #[schema(min_length = 1, max_length = 120, example = "Bar Pivovar")]
    pub name: String,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// A Yandex, Google, OpenStreetMap or 2GIS link; coordinates are read from it.
    #[serde(default)]
    pub map_url: Option<String>,
}

/// Changes to organiser switches; absent fields stay as they are, and `deadline: null` clears it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingsPatch {
    /// Whether guests may join with just a name.
    #[serde(default)]
    pub allow_guests: Option<bool>,
    /// Whether participants may suggest places.
    #[serde(default)]
    pub participants_can_add_places: Option<bool>,
    /// Voting closes at this instant; `null` removes the deadline.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deadline: Option<Option<Timestamp>>,
}

impl SettingsPatch {
    /// The settings after this patch.
    pub fn apply_to(&self, base: &EventSettings) -> EventSettings {
        EventSettings {
            allow_guests: self.allow_guests.unwrap_or(base.allow_guests),
            participants_can_add_places: self.participants_can_add_places.unwrap_or(base.participants_can_add_places),
            deadline: match self.deadline {
                Some(deadline) => deadline,
                None => base.deadline,
            },
        }
    }
}

/// Tells "field absent" (outer `None`, via `#[serde(default)]`) from "field is null"
/// (`Some(None)`), which PATCH needs to clear a value.
pub fn present<'de, D, T>(input: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(input).map(Some)
}

/// Refuses a deadline that has already passed: the event would be born closed.
pub fn check_deadline(errors: &mut FieldErrors, settings: &EventSettings, now: Timestamp) {
    let passed = settings.deadline.is_some_and(|deadline| deadline <= now);
    errors.check(passed, "settings.deadline", "must be in the future");
}

/// What is visible of `text` (see [`text::visible`]), or an error on `field`.
fn shown<'t>(errors: &mut FieldErrors, field: &str, text: &'t str) -> &'t str {
    match text::visible(text) {
        Ok(shown) => shown,
        Err(TextProblem::Control) => {
            errors.add(field, "must not contain control characters");
            ""
        }
    }
}

/// Trims `text` and checks it has something visible, no control characters, and at most `max`
/// characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, text: &str, max: usize) -> String {
    let text = shown(errors, field, text);
    // After a control-character error this adds nothing: the first problem per field wins.
    errors.check(text.is_empty(), field, "must not be empty");
    errors.check(text.chars().count() > max, field, &format!("must be at most {max} characters"));
    text.to_string()
}

/// Trims optional text; blank (or only invisible characters) becomes `None`.
pub fn optional_text(errors: &mut FieldErrors, field: &str, text: Option<&str>, max: usize) -> Option<String> {
    let text = shown(errors, field, text?);
    if text.is_empty() {
        return None;
    }
    errors.check(text.chars().count() > max, field, &format!("must be at most {max} characters"));
    Some(text.to_string())
}

/// Resolves an IANA zone name.
pub fn time_zone(errors: &mut FieldErrors, name: &str) -> Option<TimeZone> {
    match TimeZone::get(name) {
        Ok(tz) => Some(tz),
        Err(_) => {
            errors.add("timezone", "must be an IANA time zone such as Europe/Moscow");
            None
        }
    }
}

impl NewSlot {
    /// Checks explicit slots: each ends after it starts, no duplicates, not too many.
    pub fn check_all(slots: &[NewSlot], field: &str, errors: &mut FieldErrors) {
        for (i, slot) in slots.iter().enumerate() {
            errors.check(slot.end <= slot.start, &format!("{field}[{i}].end"), "must be after start");
        }
        let mut seen: Vec<(Timestamp, Timestamp)> = slots.iter().map(|s| (s.start, s.end)).collect();
        seen.sort();
        seen.dedup();
        errors.check(seen.len() != slots.len(), field, "must not repeat a slot");
    }
}

impl NewPlace {
    /// Validates the place and reads coordinates from its map link.
    pub fn into_place(self, id: String, suggested_by: Option<String>, field: &str, errors: &mut FieldErrors) -> Place {
        let name = required_text(errors, &format!("{field}.name"), &self.name, 120);
        let address = optional_text(errors, &format!("{field}.address"), self.address.as_deref(), MAX_ADDRESS);
        let map_url = self.map_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        if let Some(link) = &map_url {
            let web_link = url::Url::parse(link).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
            errors.check(!web_link || link.len() > MAX_URL, &format!("{field}.mapUrl"), "must be an http(s) link");
        }
        let at = map_url.as_deref().and_then(maplink::coordinates);
        Place {
            id,
            name,
            address,
            map_url,
            lat: at.as_ref().map(|c| c.lat),
            lng: at.as_ref().map(|c| c.lng),
            suggested_by,
        }
    }
}

/// Turns time candidates into slot times: explicit options, a grid, or both (the grid's cells
/// plus extra options), sorted, without duplicates.
fn slots_from(new: &NewEvent, tz: &TimeZone, errors: &mut FieldErrors) -> Vec<(Timestamp, Timestamp)> {
    let explicit = new.slots.as_deref().unwrap_or_default();
    NewSlot::check_all(explicit, "slots", errors);
    let mut times: Vec<_> = explicit.iter().map(|s| (s.start, s.end)).collect();
    if let Some(spec) = &new.grid {
        match grid::expand(spec, tz) {
            Ok(cells) => times.extend(cells.into_iter().map(|c| (c.start, c.end))),
            Err(err) => errors.add(err.field(), err.to_string()),
        }
    }
    times.sort();
    times.dedup();
    if times.is_empty() && new.grid.is_none() {
        errors.add("slots", "give explicit slots or a grid");
    }
    errors.check(times.len() > MAX_SLOTS, "slots", &format!("an event holds at most {MAX_SLOTS} slots"));
    times
}

impl NewEvent {
    /// The organiser of an event made without an account: a fresh id no account has, and the
    /// given `organizerName` or [`GUEST_ORGANIZER`].
    pub fn guest_organizer(&self, id: String) -> Result<Organizer, DomainError> {
        let mut errors = FieldErrors::default();
        let name = optional_text(&mut errors, "organizerName", self.organizer_name.as_deref(), MAX_NAME);
        errors.finish()?;
        Ok(Organizer { id, name: name.unwrap_or_else(|| GUEST_ORGANIZER.to_string()), is_guest: true })
    }

    /// Validates the request and builds the new event's record (version 1).
    pub fn into_meta(self, id: String, organizer: Organizer, now: Timestamp) -> Result<EventMeta, DomainError> {
        let mut errors = FieldErrors::default();
        let title = required_text(&mut errors, "title", &self.title, MAX_TITLE);
        let description = optional_text(&mut errors, "description", self.description.as_deref(), MAX_DESCRIPTION);
        let timezone = self.timezone.clone().unwrap_or_else(|| "UTC".to_string());
        let tz = time_zone(&mut errors, &timezone).unwrap_or(TimeZone::UTC);
        let times = slots_from(&self, &tz, &mut errors);
        let new_places = self.places.unwrap_or_default();
        errors.check(new_places.len() > MAX_PLACES, "places", &format!("must hold at most {MAX_PLACES} places"));
        let places: Vec<Place> = new_places
            .into_iter()
            .enumerate()
            .map(|(i, p)| p.into_place(format!("p{}", i + 1), None, &format!("places[{i}]"), &mut errors))
            .collect();
        let settings = self.settings.unwrap_or_default().apply_to(&EventSettings::default());
        check_deadline(&mut errors, &settings, now);
        // An event whose every slot has begun would be born closed: nothing left to vote on.
        if !times.is_empty() && times.iter().all(|(start, _)| *start <= now) {
            let field = if self.slots.as_ref().is_some_and(|s| !s.is_empty()) { "slots" } else { "grid.dates" };
            errors.add(field, "at least one slot must start in the future");
        }
        errors.finish()?;
        let slots: Vec<Slot> = times
            .into_iter()
            .enumerate()
            .map(|(i, (start, end))| Slot { id: format!("s{}", i + 1), start, end })
            .collect();
        Ok(EventMeta {
            id,
            title,
            description,
            timezone,
            language: self.language,
            visibility: self.visibility.unwrap_or_default(),
            status: Status::Open,
            organizer,
            organizer_token_hash: None,
            next_slot_seq: slots.len() as u32 + 1,
            cards: Vec::new(),
            next_place_seq: places.len() as u32 + 1,
            slots,
            grid: self.grid,
            places,
            settings,
            final_plan: None,
            version: 1,
            created_at: now,
            updated_at: now,
        })
    }
}
