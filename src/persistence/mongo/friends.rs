//! Friends in MongoDB: a user's events are those they organise (`organizer.id`) or joined
//! (`participants.userId`), the same indexes `Scope::Mine` listings use; the newest are read by
//! `createdMs`, and their participants in one `$in` query.

use super::{MongoStore, from_doc};
use crate::domain::event::EventMeta;
use crate::domain::friends::Crew;
use crate::domain::user::UserRecord;
use crate::persistence::friends::FriendStore;
use crate::persistence::{StoreError, StoreResult};
use async_trait::async_trait;
use futures::TryStreamExt;
use mongodb::Collection;
use mongodb::bson::{Bson, Document, doc};
use std::collections::HashMap;

impl MongoStore {
    /// Projected documents matching `filter` in `collection`.
    async fn projected(
        &self,
        collection: Collection<Document>,
        filter: Document,
        fields: Document,
    ) -> StoreResult<Vec<Document>> {
        collection
            .find(filter)
            .projection(fields)
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)
    }
}

#[async_trait]
impl FriendStore for MongoStore {
    async fn recent_crews(&self, user_id: &str, limit: usize) -> StoreResult<Vec<Crew>> {
        let joined = self.projected(self.participants(), doc! {"userId": user_id}, doc! {"eventId": 1}).await?;
        let joined: Vec<Bson> = joined.into_iter().filter_map(|d| d.get("eventId").cloned()).collect();
        let docs: Vec<Document> = self
            .events()
            .find(doc! {"$or": [{"organizer.id": user_id}, {"_id": {"$in": joined}}]})
            .sort(doc! {"createdMs": -1, "_id": -1})
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)?;
        let metas: Vec<EventMeta> = docs.into_iter().map(from_doc).collect::<StoreResult<_>>()?;
        let ids: Vec<&str> = metas.iter().map(|m| m.id.as_str()).collect();
        let fields = doc! {"eventId": 1, "userId": 1};
        let people = self.projected(self.participants(), doc! {"eventId": {"$in": ids}}, fields).await?;
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for person in people {
            // Guests have `userId: null`.
            if let (Ok(event), Ok(user)) = (person.get_str("eventId"), person.get_str("userId")) {
                members.entry(event.to_string()).or_default().push(user.to_string());
            }
        }
        Ok(metas.into_iter().map(|meta| Crew { members: members.remove(&meta.id).unwrap_or_default(), meta }).collect())
    }

    async fn users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<UserRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.find_all(self.users(), doc! {"_id": {"$in": ids.to_vec()}}).await
    }
}
