//! Telegram links in MongoDB: link codes, accounts found by Telegram user, guests'
//! subscriptions and chats that blocked the bot.

use super::{MongoStore, is_duplicate, to_doc};
use crate::domain::telegram::{LinkCode, Subscription, TelegramAccount};
use crate::domain::user::UserRecord;
use crate::persistence::{StoreError, StoreResult, TelegramStore};
use async_trait::async_trait;
use mongodb::bson::{self, Bson, Document, doc};
use mongodb::{Collection, IndexModel};

fn subscription_key(event_id: &str, participant_id: &str) -> String {
    format!("{event_id}/{participant_id}")
}

impl MongoStore {
    fn link_codes(&self) -> Collection<Document> {
        self.db.collection("telegram_link_codes")
    }

    fn subscriptions(&self) -> Collection<Document> {
        self.db.collection("telegram_subscriptions")
    }

    fn blocked_chats(&self) -> Collection<Document> {
        self.db.collection("telegram_blocked_chats")
    }

    pub(super) async fn create_telegram_indexes(&self) -> StoreResult<()> {
        let plain = |keys: Document| IndexModel::builder().keys(keys).build();
        self.subscriptions().create_index(plain(doc! {"eventId": 1})).await.map_err(StoreError::backend)?;
        self.users().create_index(plain(doc! {"telegram.userId": 1})).await.map_err(StoreError::backend)?;
        Ok(())
    }
}

#[async_trait]
impl TelegramStore for MongoStore {
    async fn insert_link_code(&self, code: &LinkCode) -> StoreResult<()> {
        self.link_codes().insert_one(to_doc(code, &code.hash)?).await.map(|_| ()).map_err(StoreError::backend)
    }

    async fn take_link_code(&self, hash: &str) -> StoreResult<Option<LinkCode>> {
        let Some(code) = self.find_one::<LinkCode>(self.link_codes(), doc! {"_id": hash}).await? else {
            return Ok(None);
        };
        // Whoever deletes it took it: of two takers only one sees a deleted document.
        let deleted = self.link_codes().delete_one(doc! {"_id": hash}).await.map_err(StoreError::backend)?;
        Ok((deleted.deleted_count == 1).then_some(code))
    }

    async fn set_user_telegram(&self, user_id: &str, account: Option<&TelegramAccount>) -> StoreResult<()> {
        let value = match account {
            Some(account) => {
                self.users()
                    .update_many(
                        doc! {"telegram.userId": account.user_id, "_id": {"$ne": user_id}},
                        doc! {"$set": {"telegram": Bson::Null}},
                    )
                    .await
                    .map_err(StoreError::backend)?;
                bson::to_bson(account).map_err(StoreError::backend)?
            }
            None => Bson::Null,
        };
        self.users()
            .update_one(doc! {"_id": user_id}, doc! {"$set": {"telegram": value}})
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    async fn user_by_telegram(&self, telegram_user_id: i64) -> StoreResult<Option<UserRecord>> {
        self.find_one(self.users(), doc! {"telegram.userId": telegram_user_id}).await
    }

    async fn put_subscription(&self, subscription: &Subscription) -> StoreResult<()> {
        let key = subscription_key(&subscription.event_id, &subscription.participant_id);
        self.subscriptions()
            .replace_one(doc! {"_id": &key}, to_doc(subscription, &key)?)
            .upsert(true)
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    async fn subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<Option<Subscription>> {
        self.find_one(self.subscriptions(), doc! {"_id": subscription_key(event_id, participant_id)}).await
    }

    async fn delete_subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<()> {
        self.subscriptions()
            .delete_one(doc! {"_id": subscription_key(event_id, participant_id)})
            .await
            .map(|_| ())
            .map_err(StoreError::backend)
    }

    async fn event_subscriptions(&self, event_id: &str) -> StoreResult<Vec<Subscription>> {
        self.find_all(self.subscriptions(), doc! {"eventId": event_id}).await
    }

    async fn set_chat_blocked(&self, chat_id: i64, blocked: bool) -> StoreResult<()> {
        let result = if blocked {
            self.blocked_chats().insert_one(doc! {"_id": chat_id}).await.map(|_| ())
        } else {
            self.blocked_chats().delete_one(doc! {"_id": chat_id}).await.map(|_| ())
        };
        match result {
            Err(e) if !is_duplicate(&e) => Err(StoreError::backend(e)),
            _ => Ok(()),
        }
    }

    async fn chat_blocked(&self, chat_id: i64) -> StoreResult<bool> {
        let found = self.blocked_chats().find_one(doc! {"_id": chat_id}).await.map_err(StoreError::backend)?;
        Ok(found.is_some())
    }
}
