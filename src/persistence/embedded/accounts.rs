//! Accounts in redb: user edits and deletion, the identity index, mailed single-use tokens, and
//! session revocation, each in one write transaction.

use super::EmbeddedStore;
use super::writes::{EMAILS, REFRESH, USERS, decode, encode};
use crate::domain::user::{AccountToken, RefreshTokenRecord, UserRecord};
use crate::persistence::accounts::identity_key;
use crate::persistence::{AccountStore, StoreError, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use redb::{ReadableTable, TableDefinition};

/// `provider␟subject` → account id.
const IDENTITIES: TableDefinition<&str, &str> = TableDefinition::new("identities");
/// Token hash → mailed token.
const ACCOUNT_TOKENS: TableDefinition<&str, &[u8]> = TableDefinition::new("account_tokens");

pub(super) fn create_tables(tx: &redb::WriteTransaction) -> StoreResult<()> {
    tx.open_table(IDENTITIES).map_err(StoreError::backend)?;
    tx.open_table(ACCOUNT_TOKENS).map_err(StoreError::backend)?;
    Ok(())
}

fn user_in(tx: &redb::WriteTransaction, id: &str) -> StoreResult<Option<UserRecord>> {
    let users = tx.open_table(USERS).map_err(StoreError::backend)?;
    let value = users.get(id).map_err(StoreError::backend)?;
    value.map(|v| decode(v.value())).transpose()
}

/// Rewrites the refresh tokens `change` returns `true` for (after changing them in place).
fn rewrite_refresh(
    tx: &redb::WriteTransaction,
    mut change: impl FnMut(&mut RefreshTokenRecord) -> bool,
) -> StoreResult<()> {
    let mut table = tx.open_table(REFRESH).map_err(StoreError::backend)?;
    let mut changed = Vec::new();
    for row in table.iter().map_err(StoreError::backend)? {
        let (_, value) = row.map_err(StoreError::backend)?;
        let mut token: RefreshTokenRecord = decode(value.value())?;
        if change(&mut token) {
            changed.push(token);
        }
    }
    for token in changed {
        table.insert(token.hash.as_str(), encode(&token)?.as_slice()).map_err(StoreError::backend)?;
    }
    Ok(())
}

#[async_trait]
impl AccountStore for EmbeddedStore {
    async fn update_user(&self, user: &UserRecord) -> StoreResult<()> {
        let user = user.clone();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let Some(old) = user_in(&tx, &user.id)? else { return Ok(()) };
                if old.email != user.email {
                    let mut emails = tx.open_table(EMAILS).map_err(StoreError::backend)?;
                    if emails.get(user.email.as_str()).map_err(StoreError::backend)?.is_some() {
                        return Err(StoreError::Duplicate("email".into()));
                    }
                    emails.remove(old.email.as_str()).map_err(StoreError::backend)?;
                    emails.insert(user.email.as_str(), user.id.as_str()).map_err(StoreError::backend)?;
                }
                let bytes = encode(&user)?;
                tx.open_table(USERS)
                    .map_err(StoreError::backend)?
                    .insert(user.id.as_str(), bytes.as_slice())
                    .map_err(StoreError::backend)?;
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn delete_user(&self, user_id: &str) -> StoreResult<()> {
        let user_id = user_id.to_string();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let Some(user) = user_in(&tx, &user_id)? else { return Ok(()) };
                tx.open_table(EMAILS)
                    .map_err(StoreError::backend)?
                    .remove(user.email.as_str())
                    .map_err(StoreError::backend)?;
                let mut identities = tx.open_table(IDENTITIES).map_err(StoreError::backend)?;
                for identity in &user.identities {
                    let key = identity_key(&identity.provider, &identity.subject);
                    identities.remove(key.as_str()).map_err(StoreError::backend)?;
                }
                tx.open_table(REFRESH)
                    .map_err(StoreError::backend)?
                    .retain(|_, value| !decode::<RefreshTokenRecord>(value).is_ok_and(|t| t.user_id == user_id))
                    .map_err(StoreError::backend)?;
                tx.open_table(ACCOUNT_TOKENS)
                    .map_err(StoreError::backend)?
                    .retain(|_, value| !decode::<AccountToken>(value).is_ok_and(|t| t.user_id == user_id))
                    .map_err(StoreError::backend)?;
                tx.open_table(USERS)
                    .map_err(StoreError::backend)?
                    .remove(user_id.as_str())
                    .map_err(StoreError::backend)?;
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn insert_identity(&self, provider: &str, subject: &str, user_id: &str) -> StoreResult<()> {
        let (key, user_id) = (identity_key(provider, subject), user_id.to_string());
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            {
                let mut identities = tx.open_table(IDENTITIES).map_err(StoreError::backend)?;
                if identities.get(key.as_str()).map_err(StoreError::backend)?.is_some() {
                    return Err(StoreError::Duplicate("identity".into()));
                }
                identities.insert(key.as_str(), user_id.as_str()).map_err(StoreError::backend)?;
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn user_by_identity(&self, provider: &str, subject: &str) -> StoreResult<Option<UserRecord>> {
        let key = identity_key(provider, subject);
        self.blocking(move |db| Self::user_through(db, IDENTITIES, &key)).await
    }

    async fn delete_identity(&self, provider: &str, subject: &str) -> StoreResult<()> {
        let key = identity_key(provider, subject);
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            tx.open_table(IDENTITIES)
                .map_err(StoreError::backend)?
                .remove(key.as_str())
                .map_err(StoreError::backend)?;
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn insert_account_token(&self, token: &AccountToken) -> StoreResult<()> {
        let token = token.clone();
        self.blocking(move |db| Self::put(db, ACCOUNT_TOKENS, &token.hash, &token)).await
    }

    async fn take_account_token(&self, hash: &str) -> StoreResult<Option<AccountToken>> {
        let hash = hash.to_string();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            let taken = {
                let mut table = tx.open_table(ACCOUNT_TOKENS).map_err(StoreError::backend)?;
                let removed = table.remove(hash.as_str()).map_err(StoreError::backend)?;
                removed.map(|v| decode::<AccountToken>(v.value())).transpose()?
            };
            tx.commit().map_err(StoreError::backend)?;
            Ok(taken)
        })
        .await
    }

    async fn revoke_user_sessions(&self, user_id: &str, keep_family: Option<&str>) -> StoreResult<()> {
        let (user_id, keep) = (user_id.to_string(), keep_family.map(str::to_string));
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            rewrite_refresh(&tx, |token| {
                let revoke = token.user_id == user_id && keep.as_deref() != Some(token.family.as_str());
                if revoke && (!token.revoked || token.sealed_next.is_some()) {
                    token.revoked = true;
                    token.sealed_next = None;
                    return true;
                }
                false
            })?;
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn mark_refresh_rotated(&self, hash: &str, at: Timestamp, sealed_next: &str) -> StoreResult<()> {
        let (hash, sealed) = (hash.to_string(), sealed_next.to_string());
        self.blocking(move |db| {
            if let Some(mut token) = Self::get::<RefreshTokenRecord>(db, REFRESH, &hash)? {
                token.revoked = true;
                token.rotated_at = Some(at);
                token.sealed_next = Some(sealed);
                Self::put(db, REFRESH, &hash, &token)?;
            }
            Ok(())
        })
        .await
    }
}
