//! The MongoDB store, for production (replica set, sharded cluster or Atlas). It keeps to the
//! subset FerretDB v1 also speaks: plain CRUD, simple indexes, `$in`/`$or`/`$regex` queries, and
//! no transactions: the event actor is the single writer, so ordered plain writes are enough.

use super::{CommentCursor, EventQuery, Scope, Store, StoreError, StoreResult};
use crate::domain::event::{Comment, EventMeta, EventState, Participant};
use crate::domain::plan::Write;
use crate::domain::user::{RefreshTokenRecord, UserRecord};
use async_trait::async_trait;
use futures::TryStreamExt;
use mongodb::bson::{self, Bson, Document, doc};
use mongodb::error::{ErrorKind, WriteFailure};
use mongodb::options::IndexOptions;
use mongodb::{Client, Collection, Database, IndexModel};
use serde::Serialize;
use serde::de::DeserializeOwned;

mod accounts;
mod outbox;
mod telegram;

/// The MongoDB-backed store.
#[derive(Clone)]
pub struct MongoStore {
    db: Database,
}

fn to_doc<T: Serialize>(value: &T, id: &str) -> StoreResult<Document> {
    let mut doc = bson::to_document(value).map_err(StoreError::backend)?;
    doc.insert("_id", id);
    Ok(doc)
}

fn from_doc<T: DeserializeOwned>(doc: Document) -> StoreResult<T> {
    bson::from_document(doc).map_err(StoreError::backend)
}

fn is_duplicate(error: &mongodb::error::Error) -> bool {
    matches!(&*error.kind, ErrorKind::Write(WriteFailure::WriteError(w)) if w.code == 11000)
        || matches!(&*error.kind, ErrorKind::InsertMany(e) if e.write_errors.as_ref().is_some_and(|w| w.iter().any(|w| w.code == 11000)))
}

/// Escapes text for a literal `$regex` match, since search text is user input.
fn literal_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Zero-padded, so the keys of one event sort by version too.
fn version_key(event_id: &str, version: u64) -> String {
    format!("{event_id}/{version:020}")
}

fn participant_key(event_id: &str, participant_id: &str) -> String {
    format!("{event_id}/{participant_id}")
}

impl MongoStore {
    /// Connects with `uri` (the database name comes from the URI, default `prost`) and makes
    /// sure the indexes the queries need exist.
    pub async fn connect(uri: &str) -> StoreResult<Self> {
        let client = Client::with_uri_str(uri).await.map_err(StoreError::backend)?;
        let db = client.default_database().unwrap_or_else(|| client.database("prost"));
        let store = MongoStore { db };
        store.create_indexes().await?;
        Ok(store)
    }

    async fn create_indexes(&self) -> StoreResult<()> {
        let unique = IndexOptions::builder().unique(true).build();
        let plain = |keys: Document| IndexModel::builder().keys(keys).build();
        self.users()
            .create_index(IndexModel::builder().keys(doc! {"email": 1}).options(unique).build())
            .await
            .map_err(StoreError::backend)?;
        self.refresh().create_index(plain(doc! {"family": 1})).await.map_err(StoreError::backend)?;
        self.events().create_index(plain(doc! {"organizer.id": 1})).await.map_err(StoreError::backend)?;
        self.events()
            .create_index(plain(doc! {"visibility": 1, "createdMs": -1}))
            .await
            .map_err(StoreError::backend)?;
        self.participants().create_index(plain(doc! {"eventId": 1})).await.map_err(StoreError::backend)?;
        self.participants().create_index(plain(doc! {"userId": 1})).await.map_err(StoreError::backend)?;
        self.comments().create_index(plain(doc! {"eventId": 1})).await.map_err(StoreError::backend)?;
        // Pages of comments, newest first.
        self.comments()
            .create_index(plain(doc! {"eventId": 1, "version": -1, "_id": -1}))
            .await
            .map_err(StoreError::backend)?;
        self.versions().create_index(plain(doc! {"eventId": 1, "version": -1})).await.map_err(StoreError::backend)?;
        self.create_outbox_indexes().await?;
        self.create_telegram_indexes().await?;
        self.create_account_indexes().await?;
        Ok(())
    }

    fn users(&self) -> Collection<Document> {
        self.db.collection("users")
    }
    fn refresh(&self) -> Collection<Document> {
        self.db.collection("refresh_tokens")
    }
    fn events(&self) -> Collection<Document> {
        self.db.collection("events")
    }
    fn participants(&self) -> Collection<Document> {
        self.db.collection("participants")
    }
    fn comments(&self) -> Collection<Document> {
        self.db.collection("comments")
    }
    /// One tiny document per version of an event, `{_id: "<event>/<version>", eventId, version}`:
    /// a command claims its version by inserting it. The unique `_id` is the only check-and-act
    /// FerretDB v1 makes atomic (its conditional updates read and then write, so two updates
    /// with the same filter can both succeed), and real MongoDB honours it the same way.
    fn versions(&self) -> Collection<Document> {
        self.db.collection("event_versions")
    }

    /// Claims `from + 1` for this writer, or refuses with `Conflict` when another writer already
    /// did (two owners while a lease changes hands, or a replica with a stale copy).
    async fn claim_version(&self, event_id: &str, from: u64) -> StoreResult<()> {
        let to = from + 1;
        let claim = doc! {"_id": version_key(event_id, to), "eventId": event_id, "version": to as i64};
        match self.versions().insert_one(claim).await {
            Ok(_) => {}
            Err(e) if is_duplicate(&e) => {
                return Err(StoreError::Conflict { expected: from, stored: self.head(event_id).await?.unwrap_or(0) });
            }
            Err(e) => return Err(StoreError::backend(e)),
        }
        // Old claims only guard against writers that far behind, which stop at the next claim
        // anyway; keep the collection small.
        if to % 64 == 0 {
            let old = doc! {"eventId": event_id, "version": {"$lt": (to - 32) as i64}};
            if let Err(error) = self.versions().delete_many(old).await {
                tracing::debug!(%event_id, %error, "old version claims stay until next time");
            }
        }
        Ok(())
    }

    /// The newest claimed version of an event.
    async fn head(&self, event_id: &str) -> StoreResult<Option<u64>> {
        let newest = self
            .versions()
            .find_one(doc! {"eventId": event_id})
            .sort(doc! {"version": -1})
            .await
            .map_err(StoreError::backend)?;
        Ok(newest.and_then(|d| match d.get("version") {
            Some(Bson::Int64(v)) => Some(*v as u64),
            Some(Bson::Int32(v)) => Some(*v as u64),
            Some(Bson::Double(v)) => Some(*v as u64),
            _ => None,
        }))
    }

    async fn find_all<T: DeserializeOwned>(&self, coll: Collection<Document>, filter: Document) -> StoreResult<Vec<T>> {
        let docs: Vec<Document> =
            coll.find(filter).await.map_err(StoreError::backend)?.try_collect().await.map_err(StoreError::backend)?;
        docs.into_iter().map(from_doc).collect()
    }

    async fn find_one<T: DeserializeOwned>(
        &self,
        coll: Collection<Document>,
        filter: Document,
    ) -> StoreResult<Option<T>> {
        match coll.find_one(filter).await.map_err(StoreError::backend)? {
            Some(doc) => from_doc(doc).map(Some),
            None => Ok(None),
        }
    }

    fn meta_doc(meta: &EventMeta) -> StoreResult<Document> {
        let mut doc = to_doc(meta, &meta.id)?;
        // Listings sort and page on an integer, which orders the same on every backend.
        doc.insert("createdMs", meta.created_at.as_millisecond());
        Ok(doc)
    }

    async fn apply_one(&self, event_id: &str, write: &Write) -> StoreResult<()> {
        match write {
            Write::Meta(meta) => {
                self.events()
                    .replace_one(doc! {"_id": event_id}, Self::meta_doc(meta)?)
                    .upsert(true)
                    .await
                    .map_err(StoreError::backend)?;
            }
            Write::Participant(p) => {
                let key = participant_key(event_id, &p.id);
                let mut doc = to_doc(p, &key)?;
                doc.insert("eventId", event_id);
                self.participants()
                    .replace_one(doc! {"_id": &key}, doc)
                    .upsert(true)
                    .await
                    .map_err(StoreError::backend)?;
            }
            Write::RemoveParticipant(pid) => {
                self.participants()
                    .delete_one(doc! {"_id": participant_key(event_id, pid)})
                    .await
                    .map_err(StoreError::backend)?;
            }
            Write::Comment(c) => {
                let mut doc = to_doc(c, &format!("{event_id}/{}", c.id))?;
                doc.insert("eventId", event_id);
                self.comments()
                    .replace_one(doc! {"_id": doc.get("_id").cloned().unwrap_or(Bson::Null)}, doc)
                    .upsert(true)
                    .await
                    .map_err(StoreError::backend)?;
            }
            Write::DeleteEvent => {
                // The event record goes last: until it is gone the event still loads, so a
                // crash half-way leaves a smaller event, never orphans that resurrect.
                self.participants().delete_many(doc! {"eventId": event_id}).await.map_err(StoreError::backend)?;
                self.comments().delete_many(doc! {"eventId": event_id}).await.map_err(StoreError::backend)?;
                self.events().delete_one(doc! {"_id": event_id}).await.map_err(StoreError::backend)?;
            }
            Write::Enqueue(job) => self.enqueue_one(job).await?,
            Write::CancelPlanJobs => {
                self.cancel_plan_jobs_of(event_id).await?;
            }
        }
        Ok(())
    }
}

#[async_trait]
impl Store for MongoStore {
    async fn ping(&self) -> StoreResult<()> {
        self.db.run_command(doc! {"ping": 1}).await.map(|_| ()).map_err(StoreError::backend)
    }

    async fn insert_user(&self, user: &UserRecord) -> StoreResult<()> {
        match self.users().insert_one(to_doc(user, &user.id)?).await {
            Ok(_) => Ok(()),
            Err(e) if is_duplicate(&e) => Err(StoreError::Duplicate("email".into())),
            Err(e) => Err(StoreError::backend(e)),
        }
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        self.find_one(self.users(), doc! {"email": email}).await
    }

    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        self.find_one(self.users(), doc! {"_id": id}).await
    }

    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> StoreResult<()> {
        let mut doc = to_doc(token, &token.hash)?;
        // Expiry as an integer, so the clean-up query compares numbers, not timestamp strings.
        doc.insert("expiresMs", token.expires_at.as_millisecond());
        self.refresh().insert_one(doc).await.map(|_| ()).map_err(StoreError::backend)
    }

    async fn purge_refresh_tokens(&self, before: jiff::Timestamp) -> StoreResult<u64> {
        self.refresh()
            .delete_many(doc! {"expiresMs": {"$lt": before.as_millisecond()}})
            .await
            .map(|r| r.deleted_count)
            .map_err(StoreError::backend)
    }

    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshTokenRecord>> {
        self.find_one(self.refresh(), doc! {"_id": hash}).await
    }

    async fn revoke_refresh_family(&self, family: &str) -> StoreResult<()> {
        self.refresh()
            .update_many(doc! {"family": family}, doc! {"$set": {"revoked": true}})
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    async fn revoke_refresh_token(&self, hash: &str) -> StoreResult<()> {
        self.refresh()
            .update_one(doc! {"_id": hash}, doc! {"$set": {"revoked": true}})
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    async fn insert_event(&self, meta: &EventMeta) -> StoreResult<()> {
        // A new event starts a new version history (ids are random, so this only matters when
        // an id is deliberately reused, as the contract tests do).
        self.versions().delete_many(doc! {"eventId": &meta.id}).await.map_err(StoreError::backend)?;
        let claim =
            doc! {"_id": version_key(&meta.id, meta.version), "eventId": &meta.id, "version": meta.version as i64};
        self.versions()
            .replace_one(doc! {"_id": version_key(&meta.id, meta.version)}, claim)
            .upsert(true)
            .await
            .map_err(StoreError::backend)?;
        self.events().insert_one(Self::meta_doc(meta)?).await.map(|_| ()).map_err(StoreError::backend)
    }

    async fn load_event(&self, id: &str) -> StoreResult<Option<EventState>> {
        let Some(meta) = self.find_one::<EventMeta>(self.events(), doc! {"_id": id}).await? else {
            return Ok(None);
        };
        let participants: Vec<Participant> = self.find_all(self.participants(), doc! {"eventId": id}).await?;
        let comments: Vec<Comment> = self.find_all(self.comments(), doc! {"eventId": id}).await?;
        let mut state = EventState::assemble(meta, participants, comments);
        // A writer that died between moving the head and its other writes leaves the head ahead.
        state.version = state.version.max(self.head(id).await?.unwrap_or(0));
        Ok(Some(state))
    }

    async fn comments_before(
        &self,
        event_id: &str,
        before: Option<&CommentCursor>,
        limit: usize,
    ) -> StoreResult<Vec<Comment>> {
        let mut filter = doc! {"eventId": event_id};
        if let Some(cursor) = before {
            let version = i64::try_from(cursor.version).unwrap_or(i64::MAX);
            filter.insert(
                "$or",
                vec![
                    doc! {"version": {"$lt": version}},
                    doc! {"version": version, "_id": {"$lt": format!("{event_id}/{}", cursor.id)}},
                ],
            );
        }
        let docs: Vec<Document> = self
            .comments()
            .find(filter)
            .sort(doc! {"version": -1, "_id": -1})
            .limit(limit as i64)
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)?;
        docs.into_iter().map(from_doc).collect()
    }

    async fn apply(&self, event_id: &str, from_version: u64, writes: &[Write]) -> StoreResult<()> {
        self.claim_version(event_id, from_version).await?;
        for write in writes {
            self.apply_one(event_id, write).await?;
        }
        Ok(())
    }

    async fn list_events(&self, query: &EventQuery) -> StoreResult<Vec<EventMeta>> {
        let mut scope = Vec::new();
        if let Scope::Mine(user) | Scope::PublicAndMine(user) = &query.scope {
            let joined: Vec<Document> = self
                .participants()
                .find(doc! {"userId": user})
                .projection(doc! {"eventId": 1})
                .await
                .map_err(StoreError::backend)?
                .try_collect()
                .await
                .map_err(StoreError::backend)?;
            let ids: Vec<Bson> = joined.into_iter().filter_map(|d| d.get("eventId").cloned()).collect();
            scope.push(doc! {"organizer.id": user});
            scope.push(doc! {"_id": {"$in": ids}});
        }
        if !matches!(query.scope, Scope::Mine(_)) {
            scope.push(doc! {"visibility": "public"});
        }
        let mut filter = vec![doc! {"$or": scope}];
        if let Some(text) = &query.text {
            let pattern = literal_regex(text);
            filter.push(doc! {"$or": [
                {"title": {"$regex": &pattern, "$options": "i"}},
                {"description": {"$regex": &pattern, "$options": "i"}},
            ]});
        }
        if let Some(after) = &query.after {
            let ms = after.created_at.as_millisecond();
            filter.push(doc! {"$or": [
                {"createdMs": {"$lt": ms}},
                {"createdMs": ms, "_id": {"$lt": &after.id}},
            ]});
        }
        let docs: Vec<Document> = self
            .events()
            .find(doc! {"$and": filter})
            .sort(doc! {"createdMs": -1, "_id": -1})
            .limit(query.limit as i64)
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)?;
        docs.into_iter().map(from_doc).collect()
    }
}
