//! Accounts in MongoDB: user edits and deletion, identities keyed by `(provider, subject)` in
//! their own collection (the unique `_id` is the claim), and mailed single-use tokens.

use super::{MongoStore, is_duplicate, to_doc};
use crate::domain::user::{AccountToken, UserRecord};
use crate::persistence::accounts::identity_key;
use crate::persistence::{AccountStore, StoreError, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use mongodb::bson::{self, Document, doc};
use mongodb::{Collection, IndexModel};

impl MongoStore {
    fn identities(&self) -> Collection<Document> {
        self.db.collection("identities")
    }

    fn account_tokens(&self) -> Collection<Document> {
        self.db.collection("account_tokens")
    }

    pub(super) async fn create_account_indexes(&self) -> StoreResult<()> {
        let plain = |keys: Document| IndexModel::builder().keys(keys).build();
        self.identities().create_index(plain(doc! {"userId": 1})).await.map_err(StoreError::backend)?;
        self.account_tokens().create_index(plain(doc! {"userId": 1})).await.map_err(StoreError::backend)?;
        self.refresh().create_index(plain(doc! {"userId": 1})).await.map_err(StoreError::backend)?;
        Ok(())
    }
}

#[async_trait]
impl AccountStore for MongoStore {
    async fn update_user(&self, user: &UserRecord) -> StoreResult<()> {
        // FerretDB reports a unique-index clash on replace as an internal error rather than
        // 11000, so look first; the index still settles a race between two writers.
        let holder = doc! {"email": &user.email, "_id": {"$ne": &user.id}};
        if self.users().find_one(holder).await.map_err(StoreError::backend)?.is_some() {
            return Err(StoreError::Duplicate("email".into()));
        }
        match self.users().replace_one(doc! {"_id": &user.id}, to_doc(user, &user.id)?).await {
            Ok(_) => Ok(()),
            Err(e) if is_duplicate(&e) || e.to_string().contains("UNIQUE constraint failed") => {
                Err(StoreError::Duplicate("email".into()))
            }
            Err(e) => Err(StoreError::backend(e)),
        }
    }

    async fn delete_user(&self, user_id: &str) -> StoreResult<()> {
        let by_user = doc! {"userId": user_id};
        self.identities().delete_many(by_user.clone()).await.map_err(StoreError::backend)?;
        self.account_tokens().delete_many(by_user.clone()).await.map_err(StoreError::backend)?;
        self.refresh().delete_many(by_user).await.map_err(StoreError::backend)?;
        self.users().delete_one(doc! {"_id": user_id}).await.map_err(StoreError::backend)?;
        Ok(())
    }

    async fn insert_identity(&self, provider: &str, subject: &str, user_id: &str) -> StoreResult<()> {
        let record = doc! {"_id": identity_key(provider, subject), "userId": user_id};
        match self.identities().insert_one(record).await {
            Ok(_) => Ok(()),
            Err(e) if is_duplicate(&e) => Err(StoreError::Duplicate("identity".into())),
            Err(e) => Err(StoreError::backend(e)),
        }
    }

    async fn user_by_identity(&self, provider: &str, subject: &str) -> StoreResult<Option<UserRecord>> {
        let key = identity_key(provider, subject);
        let Some(found) = self.identities().find_one(doc! {"_id": key}).await.map_err(StoreError::backend)? else {
            return Ok(None);
        };
        let user_id = found.get_str("userId").map_err(StoreError::backend)?;
        self.find_one(self.users(), doc! {"_id": user_id}).await
    }

    async fn delete_identity(&self, provider: &str, subject: &str) -> StoreResult<()> {
        let key = identity_key(provider, subject);
        self.identities().delete_one(doc! {"_id": key}).await.map(|_| ()).map_err(StoreError::backend)
    }

    async fn insert_account_token(&self, token: &AccountToken) -> StoreResult<()> {
        let mut doc = to_doc(token, &token.hash)?;
        doc.insert("expiresMs", token.expires_at.as_millisecond());
        self.account_tokens().insert_one(doc).await.map(|_| ()).map_err(StoreError::backend)
    }

    async fn take_account_token(&self, hash: &str) -> StoreResult<Option<AccountToken>> {
        let Some(token) = self.find_one::<AccountToken>(self.account_tokens(), doc! {"_id": hash}).await? else {
            return Ok(None);
        };
        // Whoever deletes it took it: of two takers only one sees a deleted document.
        let deleted = self.account_tokens().delete_one(doc! {"_id": hash}).await.map_err(StoreError::backend)?;
        Ok((deleted.deleted_count == 1).then_some(token))
    }

    async fn revoke_user_sessions(&self, user_id: &str, keep_family: Option<&str>) -> StoreResult<()> {
        let mut filter = doc! {"userId": user_id};
        if let Some(family) = keep_family {
            filter.insert("family", doc! {"$ne": family});
        }
        self.refresh()
            .update_many(filter, doc! {"$set": {"revoked": true, "sealedNext": bson::Bson::Null}})
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    async fn mark_refresh_rotated(&self, hash: &str, at: Timestamp, sealed_next: &str) -> StoreResult<()> {
        let at = bson::to_bson(&at).map_err(StoreError::backend)?;
        self.refresh()
            .update_one(
                doc! {"_id": hash},
                doc! {"$set": {"revoked": true, "rotatedAt": at, "sealedNext": sealed_next}},
            )
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }
}
