//! Organiser edits: title, description, zone, visibility, switches, and adding or removing
//! slots and places. Removing a slot or place removes the answers to it.

use super::change::Change;
use super::error::{DomainError, FieldErrors};
use super::event::{EventMeta, EventState, Participant, Slot, Status, Visibility};
use super::input::{
    self, MAX_DESCRIPTION, MAX_PLACES, MAX_SLOTS, MAX_TITLE, NewPlace, NewSlot, SettingsPatch, optional_text,
    required_text,
};
use jiff::Timestamp;
use serde::Deserialize;
use utoipa::ToSchema;

/// `PATCH /events/{id}` body. Every field is optional; absent means unchanged.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPatch {
    /// New title.
    #[serde(default)]
    pub title: Option<String>,
    /// New description; `null` clears it.
    #[serde(default, deserialize_with = "input::present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// New IANA zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// New visibility.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Switch changes.
    #[serde(default)]
    pub settings: Option<SettingsPatch>,
    /// Slots to add.
    #[serde(default)]
    pub add_slots: Option<Vec<NewSlot>>,
    /// Slot ids to remove (with their answers).
    #[serde(default, alias = "removeSlots")]
    pub remove_slot_ids: Option<Vec<String>>,
    /// The whole slot list: listed ids stay, entries without an id are added, the rest go.
    #[serde(default)]
    pub slots: Option<Vec<Listed<NewSlot>>>,
    /// Places to add.
    #[serde(default)]
    pub add_places: Option<Vec<NewPlace>>,
    /// Place ids to remove (with their answers).
    #[serde(default, alias = "removePlaces")]
    pub remove_place_ids: Option<Vec<String>>,
    /// The whole place list: listed ids stay, entries without an id are added, the rest go.
    #[serde(default)]
    pub places: Option<Vec<Listed<NewPlace>>>,
}

/// An entry of a whole slot or place list in a patch: an existing id to keep, or the fields of
/// a new one.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct Listed<T> {
    /// An existing entry to keep; absent for a new one.
    #[serde(default)]
    pub id: Option<String>,
    /// The new entry's fields (used when there is no id).
    #[serde(flatten)]
    pub new: Option<T>,
}

/// Turns a whole list into removals (ids not listed) and additions (entries without an id).
fn diff_list<N>(
    listed: Vec<Listed<N>>,
    existing: &[String],
    field: &str,
    errors: &mut FieldErrors,
) -> (Vec<String>, Vec<N>) {
    let mut kept = Vec::new();
    let mut added = Vec::new();
    for (i, entry) in listed.into_iter().enumerate() {
        match (entry.id, entry.new) {
            (Some(id), _) if existing.contains(&id) => kept.push(id),
            (Some(_), _) => errors.add(format!("{field}[{i}].id"), "no such id"),
            (None, Some(new)) => added.push(new),
            (None, None) => errors.add(format!("{field}[{i}]"), "give an id to keep, or the fields of a new one"),
        }
    }
    let removed = existing.iter().filter(|id| !kept.contains(id)).cloned().collect();
    (removed, added)
}

/// What a patch does: the new record, participants whose answers lost cells, and the diff.
#[derive(Debug)]
pub struct PatchResult {
    /// The event record after the patch.
    pub meta: EventMeta,
    /// Participants rewritten because answers to removed options went away.
    pub participants: Vec<Participant>,
    /// What watchers are told.
    pub changes: Vec<Change>,
}

fn check_removals(ids: &[String], exists: impl Fn(&str) -> bool, field: &str, errors: &mut FieldErrors) {
    for (i, id) in ids.iter().enumerate() {
        errors.check(!exists(id), &format!("{field}[{i}]"), "no such id");
    }
}

impl EventPatch {
    /// Validates and applies the patch to a copy of the event's record.
    pub fn apply(self, state: &EventState, version: u64, now: Timestamp) -> Result<PatchResult, DomainError> {
        let mut errors = FieldErrors::default();
        let mut meta = state.meta.clone();
        let mut changes = Vec::new();
        let touches_settings = self.title.is_some()
            || self.description.is_some()
            || self.timezone.is_some()
            || self.visibility.is_some()
            || self.settings.is_some();
        if let Some(title) = &self.title {
            meta.title = required_text(&mut errors, "title", title, MAX_TITLE);
        }
        if let Some(description) = &self.description {
            meta.description = optional_text(&mut errors, "description", description.as_deref(), MAX_DESCRIPTION);
        }
        if let Some(zone) = &self.timezone
            && input::time_zone(&mut errors, zone).is_some()
        {
            meta.timezone = zone.clone();
        }
        meta.visibility = self.visibility.unwrap_or(meta.visibility);
        if let Some(settings) = &self.settings {
            let before = meta.settings.deadline;
            meta.settings = settings.apply_to(&meta.settings);
            // Only a new deadline is checked: one that passed since it was set stays as it is.
            if meta.settings.deadline != before {
                input::check_deadline(&mut errors, &meta.settings, now);
            }
        }

        let mut removed_slots = self.remove_slot_ids.unwrap_or_default();
        let mut added_slots = self.add_slots.unwrap_or_default();
        if let Some(listed) = self.slots {
            let ids: Vec<String> = state.meta.slots.iter().map(|s| s.id.clone()).collect();
            let (gone, new) = diff_list(listed, &ids, "slots", &mut errors);
            removed_slots.extend(gone);
            added_slots.extend(new);
        }
        let mut new_places = self.add_places.unwrap_or_default();
        let mut removed_places = self.remove_place_ids.unwrap_or_default();
        if let Some(listed) = self.places {
            let ids: Vec<String> = state.meta.places.iter().map(|p| p.id.clone()).collect();
            let (gone, new) = diff_list(listed, &ids, "places", &mut errors);
            removed_places.extend(gone);
            new_places.extend(new);
        }
        check_removals(&removed_slots, |id| state.has_slot(id), "removeSlotIds", &mut errors);
        NewSlot::check_all(&added_slots, "addSlots", &mut errors);
        for (i, s) in added_slots.iter().enumerate() {
            let clash = meta.slots.iter().any(|o| o.start == s.start && o.end == s.end);
            errors.check(clash, &format!("addSlots[{i}]"), "this slot is already there");
        }
        meta.slots.retain(|s| !removed_slots.contains(&s.id));
        for s in &added_slots {
            meta.slots.push(Slot { id: format!("s{}", meta.next_slot_seq), start: s.start, end: s.end });
            meta.next_slot_seq += 1;
        }
        meta.slots.sort_by_key(|s| (s.start, s.end));
        errors.check(meta.slots.is_empty(), "removeSlotIds", "an event needs at least one slot");
        errors.check(meta.slots.len() > MAX_SLOTS, "addSlots", &format!("an event holds at most {MAX_SLOTS} slots"));

        check_removals(&removed_places, |id| state.has_place(id), "removePlaceIds", &mut errors);
        meta.places.retain(|p| !removed_places.contains(&p.id));
        let mut added_places = Vec::new();
        for (i, p) in new_places.into_iter().enumerate() {
            let place =
                p.into_place(format!("p{}", meta.next_place_seq), None, &format!("addPlaces[{i}]"), &mut errors);
            meta.next_place_seq += 1;
            meta.places.push(place.clone());
            added_places.push(place);
        }
        errors.check(
            meta.places.len() > MAX_PLACES,
            "addPlaces",
            &format!("an event holds at most {MAX_PLACES} places"),
        );
        errors.finish()?;

        if let Some(plan) = &meta.final_plan
            && meta.status == Status::Finalized
        {
            let place_gone = plan.place_id.as_ref().is_some_and(|p| removed_places.contains(p));
            if plan.slot_ids.iter().any(|id| removed_slots.contains(id)) || place_gone {
                return Err(DomainError::Conflict("that slot or place is the final plan: reopen first".into()));
            }
        }

        if touches_settings {
            changes.push(Change::Settings {
                title: meta.title.clone(),
                description: meta.description.clone(),
                timezone: meta.timezone.clone(),
                visibility: meta.visibility,
                settings: meta.settings.clone(),
            });
        }
        if !removed_slots.is_empty() || !added_slots.is_empty() {
            changes.push(Change::SlotsChanged { slots: meta.slots.clone() });
        }
        changes.extend(removed_places.iter().map(|id| Change::PlaceRemoved { place_id: id.clone() }));
        changes.extend(added_places.into_iter().map(|place| Change::PlaceAdded { place }));

        let participants = state
            .participants
            .iter()
            .filter_map(|p| {
                let mut p = p.clone();
                let before = p.answers.slots.len() + p.answers.places.len();
                p.answers
                    .retain(|id| !removed_slots.iter().any(|r| r == id), |id| !removed_places.iter().any(|r| r == id));
                (p.answers.slots.len() + p.answers.places.len() != before).then(|| {
                    p.version = version;
                    p.updated_at = now;
                    p
                })
            })
            .collect();
        meta.version = version;
        meta.updated_at = now;
        Ok(PatchResult { meta, participants, changes })
    }
}
