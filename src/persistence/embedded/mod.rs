//! The embedded store: one redb file in the data directory, so `prost serve` needs nothing
//! else. Records are JSON; secondary keys are small index tables kept in the same transaction.

mod accounts;
mod commit;
mod outbox;
mod telegram;
mod writes;

use super::{CommentCursor, EventQuery, Scope, Store, StoreError, StoreResult, newest_first};
use crate::domain::event::{Comment, EventMeta, EventState, Participant};
use crate::domain::plan::Write;
use crate::domain::user::{RefreshTokenRecord, UserRecord};
use async_trait::async_trait;
use redb::{Database, ReadableTable, TableDefinition};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::Arc;
use writes::*;

/// The redb-backed store.
#[derive(Clone)]
pub struct EmbeddedStore {
    db: Arc<Database>,
    /// Event writes, grouped into shared transactions (see `commit`).
    commits: Arc<commit::CommitQueue>,
}

impl EmbeddedStore {
    /// Opens (or creates) `prost.redb` in `dir`.
    pub fn open(dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(dir).map_err(StoreError::backend)?;
        let db = Database::create(dir.join("prost.redb")).map_err(StoreError::backend)?;
        let tx = db.begin_write().map_err(StoreError::backend)?;
        {
            // Read transactions cannot open a table that was never created.
            tx.open_table(USERS).map_err(StoreError::backend)?;
            tx.open_table(EMAILS).map_err(StoreError::backend)?;
            tx.open_table(REFRESH).map_err(StoreError::backend)?;
            tx.open_table(EVENTS).map_err(StoreError::backend)?;
            tx.open_table(PARTICIPANTS).map_err(StoreError::backend)?;
            tx.open_table(COMMENTS).map_err(StoreError::backend)?;
            tx.open_table(MEMBERS).map_err(StoreError::backend)?;
            tx.open_table(PUBLIC).map_err(StoreError::backend)?;
            tx.open_table(HEADS).map_err(StoreError::backend)?;
            outbox::create_tables(&tx)?;
            telegram::create_tables(&tx)?;
            accounts::create_tables(&tx)?;
        }
        tx.commit().map_err(StoreError::backend)?;
        let db = Arc::new(db);
        let commits = Arc::new(commit::CommitQueue::start(db.clone())?);
        Ok(EmbeddedStore { db, commits })
    }

    /// Runs blocking redb work off the async runtime.
    async fn blocking<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Database) -> StoreResult<T> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || work(&db)).await.map_err(StoreError::backend)?
    }

    fn get<T: DeserializeOwned>(
        db: &Database,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
    ) -> StoreResult<Option<T>> {
        let tx = db.begin_read().map_err(StoreError::backend)?;
        let table = tx.open_table(table).map_err(StoreError::backend)?;
        match table.get(key).map_err(StoreError::backend)? {
            Some(bytes) => decode(bytes.value()).map(Some),
            None => Ok(None),
        }
    }

    /// The user a secondary index (`index`: key → user id) points at.
    fn user_through(db: &Database, index: TableDefinition<&str, &str>, key: &str) -> StoreResult<Option<UserRecord>> {
        let id = {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let table = tx.open_table(index).map_err(StoreError::backend)?;
            table.get(key).map_err(StoreError::backend)?.map(|id| id.value().to_string())
        };
        match id {
            Some(id) => Self::get(db, USERS, &id),
            None => Ok(None),
        }
    }

    fn put<T: Serialize>(db: &Database, table: TableDefinition<&str, &[u8]>, key: &str, value: &T) -> StoreResult<()> {
        let bytes = encode(value)?;
        let tx = db.begin_write().map_err(StoreError::backend)?;
        tx.open_table(table)
            .map_err(StoreError::backend)?
            .insert(key, bytes.as_slice())
            .map_err(StoreError::backend)?;
        tx.commit().map_err(StoreError::backend)
    }

    fn scan<T: DeserializeOwned>(
        tx: &redb::ReadTransaction,
        table: TableDefinition<&str, &[u8]>,
        prefix: &str,
    ) -> StoreResult<Vec<T>> {
        let table = tx.open_table(table).map_err(StoreError::backend)?;
        let (from, to) = under(prefix);
        let mut out = Vec::new();
        for row in table.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
            let (_, value) = row.map_err(StoreError::backend)?;
            out.push(decode(value.value())?);
        }
        Ok(out)
    }
}

#[async_trait]
impl Store for EmbeddedStore {
    async fn ping(&self) -> StoreResult<()> {
        self.blocking(|db| db.begin_read().map(|_| ()).map_err(StoreError::backend)).await
    }

    async fn insert_user(&self, user: &UserRecord) -> StoreResult<()> {
        let user = user.clone();
        self.blocking(move |db| {
            let bytes = encode(&user)?;
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let mut emails = tx.open_table(EMAILS).map_err(StoreError::backend)?;
                if emails.get(user.email.as_str()).map_err(StoreError::backend)?.is_some() {
                    return Err(StoreError::Duplicate("email".into()));
                }
                emails.insert(user.email.as_str(), user.id.as_str()).map_err(StoreError::backend)?;
                tx.open_table(USERS)
                    .map_err(StoreError::backend)?
                    .insert(user.id.as_str(), bytes.as_slice())
                    .map_err(StoreError::backend)?;
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let email = email.to_string();
        self.blocking(move |db| Self::user_through(db, EMAILS, &email)).await
    }

    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        let id = id.to_string();
        self.blocking(move |db| Self::get(db, USERS, &id)).await
    }

    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> StoreResult<()> {
        let token = token.clone();
        self.blocking(move |db| Self::put(db, REFRESH, &token.hash, &token)).await
    }

    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshTokenRecord>> {
        let hash = hash.to_string();
        self.blocking(move |db| Self::get(db, REFRESH, &hash)).await
    }

    async fn revoke_refresh_family(&self, family: &str) -> StoreResult<()> {
        let family = family.to_string();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let mut table = tx.open_table(REFRESH).map_err(StoreError::backend)?;
                let mut revoked = Vec::new();
                for row in table.iter().map_err(StoreError::backend)? {
                    let (_, value) = row.map_err(StoreError::backend)?;
                    let mut token: RefreshTokenRecord = decode(value.value())?;
                    if token.family == family && !token.revoked {
                        token.revoked = true;
                        revoked.push(token);
                    }
                }
                for token in revoked {
                    let bytes = encode(&token)?;
                    table.insert(token.hash.as_str(), bytes.as_slice()).map_err(StoreError::backend)?;
                }
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn revoke_refresh_token(&self, hash: &str) -> StoreResult<()> {
        let hash = hash.to_string();
        self.blocking(move |db| {
            if let Some(mut token) = Self::get::<RefreshTokenRecord>(db, REFRESH, &hash)? {
                token.revoked = true;
                Self::put(db, REFRESH, &hash, &token)?;
            }
            Ok(())
        })
        .await
    }

    async fn purge_refresh_tokens(&self, before: jiff::Timestamp) -> StoreResult<u64> {
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            let mut purged = 0;
            {
                let mut table = tx.open_table(REFRESH).map_err(StoreError::backend)?;
                table
                    .retain(|_, value| {
                        let expired = decode::<RefreshTokenRecord>(value).is_ok_and(|t| t.expires_at < before);
                        purged += u64::from(expired);
                        !expired
                    })
                    .map_err(StoreError::backend)?;
            }
            tx.commit().map_err(StoreError::backend)?;
            Ok(purged)
        })
        .await
    }

    async fn insert_event(&self, meta: &EventMeta) -> StoreResult<()> {
        self.commits.submit(commit::Work::Insert(Box::new(meta.clone()))).await
    }

    async fn load_event(&self, id: &str) -> StoreResult<Option<EventState>> {
        let id = id.to_string();
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let meta: EventMeta = {
                let events = tx.open_table(EVENTS).map_err(StoreError::backend)?;
                match events.get(id.as_str()).map_err(StoreError::backend)? {
                    Some(bytes) => decode(bytes.value())?,
                    None => return Ok(None),
                }
            };
            let participants: Vec<Participant> = Self::scan(&tx, PARTICIPANTS, &id)?;
            let comments: Vec<Comment> = Self::scan(&tx, COMMENTS, &id)?;
            let mut state = EventState::assemble(meta, participants, comments);
            state.version = state.version.max(head_of(&tx, &id)?.unwrap_or(0));
            Ok(Some(state))
        })
        .await
    }

    async fn apply(&self, event_id: &str, from_version: u64, writes: &[Write]) -> StoreResult<()> {
        let work = commit::Work::Apply { event_id: event_id.to_string(), from_version, writes: writes.to_vec() };
        self.commits.submit(work).await
    }

    async fn list_events(&self, query: &EventQuery) -> StoreResult<Vec<EventMeta>> {
        let query = query.clone();
        self.blocking(move |db| {
            let mut ids: Vec<String> = Vec::new();
            {
                let tx = db.begin_read().map_err(StoreError::backend)?;
                let user = match &query.scope {
                    Scope::Mine(user) | Scope::PublicAndMine(user) => Some(user.as_str()),
                    Scope::Public => None,
                };
                if let Some(user) = user {
                    let members = tx.open_table(MEMBERS).map_err(StoreError::backend)?;
                    let (from, to) = under(user);
                    for row in members.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
                        let (key, _) = row.map_err(StoreError::backend)?;
                        ids.extend(key.value().split_once('/').map(|(_, event)| event.to_string()));
                    }
                }
                if !matches!(query.scope, Scope::Mine(_)) {
                    let public = tx.open_table(PUBLIC).map_err(StoreError::backend)?;
                    for row in public.iter().map_err(StoreError::backend)? {
                        ids.push(row.map_err(StoreError::backend)?.0.value().to_string());
                    }
                }
            }
            ids.sort();
            ids.dedup();
            let mut events = Vec::new();
            for id in ids {
                if let Some(meta) = Self::get::<EventMeta>(db, EVENTS, &id)?
                    && query.matches(&meta)
                {
                    events.push(meta);
                }
            }
            newest_first(&mut events);
            events.truncate(query.limit);
            Ok(events)
        })
        .await
    }

    async fn comments_before(
        &self,
        event_id: &str,
        before: Option<&CommentCursor>,
        limit: usize,
    ) -> StoreResult<Vec<Comment>> {
        let (from, end) = under(event_id);
        // Comment keys are `event/version/id`, so a key range stops right before the cursor.
        let to = before.map_or(end, |c| comment_key(event_id, c.version, &c.id));
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let table = tx.open_table(COMMENTS).map_err(StoreError::backend)?;
            let mut page = Vec::with_capacity(limit);
            for row in table.range(from.as_str()..to.as_str()).map_err(StoreError::backend)?.rev().take(limit) {
                page.push(decode(row.map_err(StoreError::backend)?.1.value())?);
            }
            Ok(page)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn embedded_store_passes_the_contract() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(dir.path()).unwrap();
        super::super::contract::run(Arc::new(store)).await;
    }

    #[tokio::test]
    async fn data_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let meta = super::super::contract::sample_event("reopen1", "u1");
        {
            let store = EmbeddedStore::open(dir.path()).unwrap();
            store.insert_event(&meta).await.unwrap();
        }
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let loaded = store.load_event("reopen1").await.unwrap().expect("event survives a reopen");
        assert_eq!(loaded.meta, meta);
    }
}
