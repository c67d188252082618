//! The search index in MongoDB: one `event_search` document per event holding its
//! [`SearchDoc`], its index `terms` (an indexed array: FerretDB has no `$text`, and `$regex`
//! scans) and its `members`, with compound indexes that end in the sort key, so a page is an
//! index range read in listing order.
//!
//! The records live apart from the event documents because FerretDB v1 updates are
//! read-modify-write: moving a stale sort key on (which any replica's search does) must never
//! race with the event actor rewriting the event itself. The worst such a race can do here is
//! leave one record's key stale until the next search moves it again.

use super::{MongoStore, from_doc};
use crate::domain::event::EventMeta;
use crate::domain::search::{SearchDoc, SortKey};
use crate::persistence::search::{EventSearch, REKEY_BATCH, SearchPage, SearchQuery};
use crate::persistence::{Scope, StoreError, StoreResult};
use async_trait::async_trait;
use futures::TryStreamExt;
use jiff::Timestamp;
use mongodb::bson::{self, Document, doc};
use mongodb::{Collection, IndexModel};
use std::collections::HashMap;

impl MongoStore {
    fn search_docs(&self) -> Collection<Document> {
        self.db.collection("event_search")
    }

    pub(super) async fn create_search_indexes(&self) -> StoreResult<()> {
        let plain = |keys: Document| IndexModel::builder().keys(keys).build();
        for keys in [
            doc! {"terms": 1, "sort": 1},
            doc! {"members": 1, "sort": 1},
            doc! {"visibility": 1, "sort": 1},
            doc! {"sort": 1},
        ] {
            self.search_docs().create_index(plain(keys)).await.map_err(StoreError::backend)?;
        }
        self.backfill_search().await
    }

    /// Indexes events stored before search existed (once: only while the index is empty).
    async fn backfill_search(&self) -> StoreResult<()> {
        if self.search_docs().find_one(doc! {}).await.map_err(StoreError::backend)?.is_some() {
            return Ok(());
        }
        let mut events = self.events().find(doc! {}).await.map_err(StoreError::backend)?;
        while let Some(event) = events.try_next().await.map_err(StoreError::backend)? {
            let meta: EventMeta = from_doc(event)?;
            let joined: Vec<Document> = self
                .participants()
                .find(doc! {"eventId": &meta.id})
                .projection(doc! {"userId": 1})
                .await
                .map_err(StoreError::backend)?
                .try_collect()
                .await
                .map_err(StoreError::backend)?;
            let users = joined.iter().filter_map(|p| p.get_str("userId").ok().map(str::to_string)).collect();
            self.put_search_doc(&SearchDoc::of(&meta, users, Timestamp::now())).await?;
        }
        Ok(())
    }

    async fn put_search_doc(&self, search: &SearchDoc) -> StoreResult<()> {
        let mut document = bson::to_document(search).map_err(StoreError::backend)?;
        document.insert("_id", search.id.as_str());
        document.insert("terms", search.terms().into_iter().collect::<Vec<_>>());
        document.insert("members", search.members().into_iter().collect::<Vec<_>>());
        self.search_docs()
            .replace_one(doc! {"_id": search.id.as_str()}, document)
            .upsert(true)
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    /// Indexes the event as `meta` now says, keeping the participants it had; `fresh` for a new
    /// event (which has none, whatever an earlier event with its id had).
    pub(super) async fn index_meta(&self, meta: &EventMeta, fresh: bool) -> StoreResult<()> {
        let participants = if fresh {
            Vec::new()
        } else {
            let old = self
                .search_docs()
                .find_one(doc! {"_id": &meta.id})
                .projection(doc! {"participants": 1})
                .await
                .map_err(StoreError::backend)?;
            old.and_then(|d| d.get_array("participants").ok().cloned())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|u| u.as_str().map(str::to_string))
                .collect()
        };
        self.put_search_doc(&SearchDoc::of(meta, participants, Timestamp::now())).await
    }

    /// A signed-in participant joined: they may find the event from now on. The filter makes the
    /// common case (an answer from someone already in) a read.
    pub(super) async fn add_search_member(&self, event_id: &str, user: &str) -> StoreResult<()> {
        self.search_docs()
            .update_one(
                doc! {"_id": event_id, "participants": {"$ne": user}},
                doc! {"$addToSet": {"participants": user, "members": user}},
            )
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    /// A signed-in participant left; they stay a member only as the organiser.
    pub(super) async fn remove_search_member(&self, event_id: &str, user: &str) -> StoreResult<()> {
        self.search_docs()
            .update_one(doc! {"_id": event_id}, doc! {"$pull": {"participants": user}})
            .await
            .map_err(StoreError::backend)?;
        self.search_docs()
            .update_one(doc! {"_id": event_id, "organizer": {"$ne": user}}, doc! {"$pull": {"members": user}})
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    pub(super) async fn unindex(&self, event_id: &str) -> StoreResult<()> {
        self.search_docs().delete_one(doc! {"_id": event_id}).await.map(|_| ()).map_err(StoreError::backend)
    }

    /// Moves on sort keys whose next slot started before `now` (at most [`REKEY_BATCH`]). Each
    /// update names the key it replaces, so a record rewritten meanwhile is left alone.
    async fn rekey_stale(&self, now: Timestamp) -> StoreResult<()> {
        let now_ms = now.as_millisecond();
        let stale: Vec<Document> = self
            .search_docs()
            .find(doc! {"sort": {"$gte": "0", "$lt": SortKey::stale_before(now_ms)}})
            .projection(doc! {"terms": 0, "members": 0})
            .limit(REKEY_BATCH as i64)
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)?;
        for document in stale {
            let search: SearchDoc = from_doc(document)?;
            let moved = search.rekeyed(now_ms);
            self.search_docs()
                .update_one(
                    doc! {"_id": &search.id, "sort": search.sort.as_str()},
                    doc! {"$set": {"sort": moved.sort.as_str(), "keyedAt": moved.keyed_at}},
                )
                .await
                .map_err(StoreError::backend)?;
        }
        Ok(())
    }
}

/// The query: who may see it, every term group, and the cursor. Everything but the exact checks
/// (distance, time overlap, long words) is answered by the indexes.
fn filter_of(query: &SearchQuery) -> Document {
    let public = doc! {"visibility": "public"};
    let mut all = vec![match &query.scope {
        Scope::Public => public,
        Scope::PublicAndMine(user) => doc! {"$or": [public, {"members": user}]},
        Scope::Mine(user) => doc! {"members": user},
    }];
    let (single, many): (Vec<_>, Vec<_>) = query.filter.groups().into_iter().partition(|g| g.len() == 1);
    if !single.is_empty() {
        all.push(doc! {"terms": {"$all": single.into_iter().flatten().collect::<Vec<_>>()}});
    }
    for group in many {
        all.push(doc! {"terms": {"$in": group}});
    }
    if let Some(after) = &query.after {
        all.push(doc! {"sort": {"$gt": after.as_str()}});
    }
    doc! {"$and": all}
}

#[async_trait]
impl EventSearch for MongoStore {
    async fn search_events(&self, query: &SearchQuery) -> StoreResult<SearchPage> {
        self.rekey_stale(Timestamp::now()).await?;
        let budget = query.budget();
        let candidates: Vec<Document> = self
            .search_docs()
            .find(filter_of(query))
            .sort(doc! {"sort": 1})
            .projection(doc! {"terms": 0, "members": 0})
            .limit(budget as i64)
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)?;
        let read = candidates.len();
        let mut found: Vec<SortKey> = Vec::new();
        let mut last_read = None;
        for candidate in candidates {
            if found.len() == query.limit {
                break;
            }
            let search: SearchDoc = from_doc(candidate)?;
            if query.may_see(&search) && query.filter.admits(&search) {
                found.push(search.sort.clone());
            }
            last_read = Some(search.sort);
        }
        let next = if found.len() == query.limit || read == budget { last_read } else { None };
        let ids: Vec<&str> = found.iter().map(SortKey::id).collect();
        let mut metas: HashMap<String, EventMeta> = HashMap::new();
        if !ids.is_empty() {
            let mut rows = self.events().find(doc! {"_id": {"$in": ids.clone()}}).await.map_err(StoreError::backend)?;
            while let Some(row) = rows.try_next().await.map_err(StoreError::backend)? {
                let meta: EventMeta = from_doc(row)?;
                metas.insert(meta.id.clone(), meta);
            }
        }
        // In key order; an event deleted between the two reads is simply gone.
        let events = ids.iter().filter_map(|id| metas.remove(*id)).collect();
        Ok(SearchPage { events, next })
    }
}
