//! redb tables of the embedded store, and how one planned command's writes land in them
//! (inside the caller's transaction, so a command is all-or-nothing here).

use crate::domain::event::{EventMeta, Participant, Visibility};
use crate::domain::plan::Write;
use crate::persistence::{StoreError, StoreResult};
use redb::{ReadableTable, TableDefinition};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub(super) const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");
pub(super) const EMAILS: TableDefinition<&str, &str> = TableDefinition::new("user_emails");
pub(super) const REFRESH: TableDefinition<&str, &[u8]> = TableDefinition::new("refresh_tokens");
pub(super) const EVENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("events");
/// `event/participant` → participant.
pub(super) const PARTICIPANTS: TableDefinition<&str, &[u8]> = TableDefinition::new("participants");
/// `event/version/comment` → comment, so a prefix scan returns them in order.
pub(super) const COMMENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("comments");
/// `user/event` → role, for "my events".
pub(super) const MEMBERS: TableDefinition<&str, &str> = TableDefinition::new("members");
/// `event` → head version, moved by compare-and-set on every command.
pub(super) const HEADS: TableDefinition<&str, u64> = TableDefinition::new("event_heads");
/// Ids of public events.
pub(super) const PUBLIC: TableDefinition<&str, ()> = TableDefinition::new("public_events");

pub(super) fn encode<T: Serialize>(value: &T) -> StoreResult<Vec<u8>> {
    serde_json::to_vec(value).map_err(StoreError::backend)
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> StoreResult<T> {
    serde_json::from_slice(bytes).map_err(StoreError::backend)
}

/// A comment's key: `event/version/id`, the version zero-padded so keys sort as numbers.
pub(super) fn comment_key(event_id: &str, version: u64, comment_id: &str) -> String {
    format!("{event_id}/{version:020}/{comment_id}")
}

/// The key range holding every key that starts with `prefix/`.
pub(super) fn under(prefix: &str) -> (String, String) {
    (format!("{prefix}/"), format!("{prefix}0"))
}

/// Writes the event record and keeps the public and membership indexes in step with it.
pub(super) fn put_meta(tx: &redb::WriteTransaction, meta: &EventMeta) -> StoreResult<()> {
    let bytes = encode(meta)?;
    tx.open_table(EVENTS)
        .map_err(StoreError::backend)?
        .insert(meta.id.as_str(), bytes.as_slice())
        .map_err(StoreError::backend)?;
    let mut public = tx.open_table(PUBLIC).map_err(StoreError::backend)?;
    if meta.visibility == Visibility::Public {
        public.insert(meta.id.as_str(), ()).map_err(StoreError::backend)?;
    } else {
        public.remove(meta.id.as_str()).map_err(StoreError::backend)?;
    }
    let key = format!("{}/{}", meta.organizer.id, meta.id);
    tx.open_table(MEMBERS)
        .map_err(StoreError::backend)?
        .insert(key.as_str(), "organizer")
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Moves the event's head from `from` to `from + 1`, or refuses with `Conflict`. Events stored
/// before heads existed have none; their first command creates it.
pub(super) fn advance_head(tx: &redb::WriteTransaction, event_id: &str, from: u64) -> StoreResult<()> {
    let mut heads = tx.open_table(HEADS).map_err(StoreError::backend)?;
    let stored = heads.get(event_id).map_err(StoreError::backend)?.map(|v| v.value());
    if let Some(stored) = stored.filter(|stored| *stored != from) {
        return Err(StoreError::Conflict { expected: from, stored });
    }
    heads.insert(event_id, from + 1).map_err(StoreError::backend)?;
    Ok(())
}

/// The stored head version, if the event has one.
pub(super) fn head_of(tx: &redb::ReadTransaction, event_id: &str) -> StoreResult<Option<u64>> {
    let heads = tx.open_table(HEADS).map_err(StoreError::backend)?;
    Ok(heads.get(event_id).map_err(StoreError::backend)?.map(|v| v.value()))
}

pub(super) fn apply_write(tx: &redb::WriteTransaction, event_id: &str, write: &Write) -> StoreResult<()> {
    match write {
        Write::Meta(meta) => put_meta(tx, meta)?,
        Write::Participant(p) => {
            let bytes = encode(p)?;
            let key = format!("{event_id}/{}", p.id);
            tx.open_table(PARTICIPANTS)
                .map_err(StoreError::backend)?
                .insert(key.as_str(), bytes.as_slice())
                .map_err(StoreError::backend)?;
            if let Some(user) = &p.user_id {
                let member = format!("{user}/{event_id}");
                let mut members = tx.open_table(MEMBERS).map_err(StoreError::backend)?;
                let known = members.get(member.as_str()).map_err(StoreError::backend)?.is_some();
                if !known {
                    members.insert(member.as_str(), "participant").map_err(StoreError::backend)?;
                }
            }
        }
        Write::RemoveParticipant(pid) => {
            let key = format!("{event_id}/{pid}");
            let user = {
                let mut participants = tx.open_table(PARTICIPANTS).map_err(StoreError::backend)?;
                let removed = participants.remove(key.as_str()).map_err(StoreError::backend)?;
                match removed {
                    Some(bytes) => decode::<Participant>(bytes.value())?.user_id,
                    None => None,
                }
            };
            if let Some(user) = user {
                let member = format!("{user}/{event_id}");
                let mut members = tx.open_table(MEMBERS).map_err(StoreError::backend)?;
                let role = members.get(member.as_str()).map_err(StoreError::backend)?.map(|r| r.value().to_string());
                if role.as_deref() == Some("participant") {
                    members.remove(member.as_str()).map_err(StoreError::backend)?;
                }
            }
        }
        Write::Comment(c) => {
            let key = comment_key(event_id, c.version, &c.id);
            let bytes = encode(c)?;
            tx.open_table(COMMENTS)
                .map_err(StoreError::backend)?
                .insert(key.as_str(), bytes.as_slice())
                .map_err(StoreError::backend)?;
        }
        Write::DeleteEvent => delete_event(tx, event_id)?,
        Write::Enqueue(job) => super::outbox::enqueue_in(tx, job)?,
        Write::CancelPlanJobs => {
            super::outbox::cancel_plan_jobs_in(tx, event_id, jiff::Timestamp::now())?;
        }
    }
    Ok(())
}

fn delete_event(tx: &redb::WriteTransaction, event_id: &str) -> StoreResult<()> {
    let (from, to) = under(event_id);
    let users: Vec<String> = {
        let participants = tx.open_table(PARTICIPANTS).map_err(StoreError::backend)?;
        let mut users = Vec::new();
        for row in participants.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
            let (_, value) = row.map_err(StoreError::backend)?;
            users.extend(decode::<Participant>(value.value())?.user_id);
        }
        users
    };
    tx.open_table(PARTICIPANTS)
        .map_err(StoreError::backend)?
        .retain_in(from.as_str()..to.as_str(), |_, _| false)
        .map_err(StoreError::backend)?;
    tx.open_table(COMMENTS)
        .map_err(StoreError::backend)?
        .retain_in(from.as_str()..to.as_str(), |_, _| false)
        .map_err(StoreError::backend)?;
    let removed = tx
        .open_table(EVENTS)
        .map_err(StoreError::backend)?
        .remove(event_id)
        .map_err(StoreError::backend)?
        .map(|m| decode::<EventMeta>(m.value()));
    let organizer = match removed {
        Some(meta) => Some(meta?.organizer.id),
        None => None,
    };
    tx.open_table(PUBLIC).map_err(StoreError::backend)?.remove(event_id).map_err(StoreError::backend)?;
    let mut members = tx.open_table(MEMBERS).map_err(StoreError::backend)?;
    for user in users.into_iter().chain(organizer) {
        members.remove(format!("{user}/{event_id}").as_str()).map_err(StoreError::backend)?;
    }
    Ok(())
}
