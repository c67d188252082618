//! Telegram links in redb: link codes, the Telegram-user index of accounts, guests'
//! subscriptions, and chats that blocked the bot.

use super::EmbeddedStore;
use super::writes::{USERS, decode, encode, under};
use crate::domain::telegram::{LinkCode, Subscription, TelegramAccount};
use crate::domain::user::UserRecord;
use crate::persistence::{StoreError, StoreResult, TelegramStore};
use async_trait::async_trait;
use redb::{ReadableTable, TableDefinition};

/// Code hash → link code.
const LINK_CODES: TableDefinition<&str, &[u8]> = TableDefinition::new("telegram_link_codes");
/// Telegram user id → account id.
const TELEGRAM_USERS: TableDefinition<i64, &str> = TableDefinition::new("telegram_users");
/// `event/participant` → subscription.
const SUBSCRIPTIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("telegram_subscriptions");
/// Chats that blocked the bot.
const BLOCKED: TableDefinition<i64, ()> = TableDefinition::new("telegram_blocked_chats");

pub(super) fn create_tables(tx: &redb::WriteTransaction) -> StoreResult<()> {
    tx.open_table(LINK_CODES).map_err(StoreError::backend)?;
    tx.open_table(TELEGRAM_USERS).map_err(StoreError::backend)?;
    tx.open_table(SUBSCRIPTIONS).map_err(StoreError::backend)?;
    tx.open_table(BLOCKED).map_err(StoreError::backend)?;
    Ok(())
}

fn subscription_key(event_id: &str, participant_id: &str) -> String {
    format!("{event_id}/{participant_id}")
}

fn user_in(tx: &redb::WriteTransaction, id: &str) -> StoreResult<Option<UserRecord>> {
    let users = tx.open_table(USERS).map_err(StoreError::backend)?;
    let value = users.get(id).map_err(StoreError::backend)?;
    value.map(|v| decode(v.value())).transpose()
}

fn put_user(tx: &redb::WriteTransaction, user: &UserRecord) -> StoreResult<()> {
    let bytes = encode(user)?;
    tx.open_table(USERS)
        .map_err(StoreError::backend)?
        .insert(user.id.as_str(), bytes.as_slice())
        .map_err(StoreError::backend)?;
    Ok(())
}

#[async_trait]
impl TelegramStore for EmbeddedStore {
    async fn insert_link_code(&self, code: &LinkCode) -> StoreResult<()> {
        let code = code.clone();
        self.blocking(move |db| EmbeddedStore::put(db, LINK_CODES, &code.hash, &code)).await
    }

    async fn take_link_code(&self, hash: &str) -> StoreResult<Option<LinkCode>> {
        let hash = hash.to_string();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            let taken = {
                let mut codes = tx.open_table(LINK_CODES).map_err(StoreError::backend)?;
                let value = codes.remove(hash.as_str()).map_err(StoreError::backend)?;
                value.map(|v| decode::<LinkCode>(v.value())).transpose()?
            };
            tx.commit().map_err(StoreError::backend)?;
            Ok(taken)
        })
        .await
    }

    async fn set_user_telegram(&self, user_id: &str, account: Option<&TelegramAccount>) -> StoreResult<()> {
        let user_id = user_id.to_string();
        let account = account.cloned();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let Some(mut user) = user_in(&tx, &user_id)? else { return Ok(()) };
                let mut index = tx.open_table(TELEGRAM_USERS).map_err(StoreError::backend)?;
                if let Some(old) = &user.telegram {
                    index.remove(old.user_id).map_err(StoreError::backend)?;
                }
                if let Some(account) = &account {
                    let previous =
                        index.get(account.user_id).map_err(StoreError::backend)?.map(|v| v.value().to_string());
                    if let Some(other) = previous.filter(|other| *other != user_id) {
                        if let Some(mut other) = user_in(&tx, &other)? {
                            other.telegram = None;
                            put_user(&tx, &other)?;
                        }
                    }
                    index.insert(account.user_id, user_id.as_str()).map_err(StoreError::backend)?;
                }
                user.telegram = account;
                put_user(&tx, &user)?;
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn user_by_telegram(&self, telegram_user_id: i64) -> StoreResult<Option<UserRecord>> {
        self.blocking(move |db| {
            let id = {
                let tx = db.begin_read().map_err(StoreError::backend)?;
                let index = tx.open_table(TELEGRAM_USERS).map_err(StoreError::backend)?;
                index.get(telegram_user_id).map_err(StoreError::backend)?.map(|v| v.value().to_string())
            };
            match id {
                Some(id) => EmbeddedStore::get(db, USERS, &id),
                None => Ok(None),
            }
        })
        .await
    }

    async fn put_subscription(&self, subscription: &Subscription) -> StoreResult<()> {
        let subscription = subscription.clone();
        let key = subscription_key(&subscription.event_id, &subscription.participant_id);
        self.blocking(move |db| EmbeddedStore::put(db, SUBSCRIPTIONS, &key, &subscription)).await
    }

    async fn subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<Option<Subscription>> {
        let key = subscription_key(event_id, participant_id);
        self.blocking(move |db| EmbeddedStore::get(db, SUBSCRIPTIONS, &key)).await
    }

    async fn delete_subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<()> {
        let key = subscription_key(event_id, participant_id);
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            tx.open_table(SUBSCRIPTIONS)
                .map_err(StoreError::backend)?
                .remove(key.as_str())
                .map_err(StoreError::backend)?;
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn event_subscriptions(&self, event_id: &str) -> StoreResult<Vec<Subscription>> {
        let event_id = event_id.to_string();
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let table = tx.open_table(SUBSCRIPTIONS).map_err(StoreError::backend)?;
            let (from, to) = under(&event_id);
            let mut out = Vec::new();
            for row in table.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
                let (_, value) = row.map_err(StoreError::backend)?;
                out.push(decode(value.value())?);
            }
            Ok(out)
        })
        .await
    }

    async fn set_chat_blocked(&self, chat_id: i64, blocked: bool) -> StoreResult<()> {
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let mut table = tx.open_table(BLOCKED).map_err(StoreError::backend)?;
                if blocked {
                    table.insert(chat_id, ()).map_err(StoreError::backend)?;
                } else {
                    table.remove(chat_id).map_err(StoreError::backend)?;
                }
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn chat_blocked(&self, chat_id: i64) -> StoreResult<bool> {
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let table = tx.open_table(BLOCKED).map_err(StoreError::backend)?;
            Ok(table.get(chat_id).map_err(StoreError::backend)?.is_some())
        })
        .await
    }
}
