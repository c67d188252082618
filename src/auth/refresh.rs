//! Rotating refresh tokens. Each use retires the token and issues the next in the same family;
//! presenting a retired token means it leaked, so the whole family is revoked.

use super::{random_token, token_hash};
use crate::domain::ids::new_entity_id;
use crate::domain::user::RefreshTokenRecord;
use crate::persistence::{SharedStore, StoreError};
use jiff::{Timestamp, ToSpan};

/// Name of the httpOnly cookie that carries the refresh token.
pub const COOKIE: &str = "prost_refresh";
/// Where the cookie is sent: only the auth endpoints need it.
pub const COOKIE_PATH: &str = "/api/v1/auth";
/// Refresh token lifetime in days.
pub const TTL_DAYS: i64 = 30;

/// Why a refresh was refused.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// Missing, unknown, expired, or reused token.
    #[error("{0}")]
    Invalid(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Issues a new token, starting a family when `family` is `None`. Returns the raw token.
pub async fn issue(store: &SharedStore, user_id: &str, family: Option<String>) -> Result<String, StoreError> {
    let token = random_token();
    let record = RefreshTokenRecord {
        hash: token_hash(&token),
        user_id: user_id.into(),
        family: family.unwrap_or_else(new_entity_id),
        expires_at: Timestamp::now() + (TTL_DAYS * 24).hours(),
        revoked: false,
    };
    store.insert_refresh_token(&record).await?;
    Ok(token)
}

/// Spends `token` and returns the user id with the next token of its family.
pub async fn rotate(store: &SharedStore, token: &str) -> Result<(String, String), RefreshError> {
    let record =
        store.refresh_token(&token_hash(token)).await?.ok_or(RefreshError::Invalid("unknown refresh token"))?;
    if record.revoked {
        store.revoke_refresh_family(&record.family).await?;
        return Err(RefreshError::Invalid("refresh token was already used; sign in again"));
    }
    if record.expires_at <= Timestamp::now() {
        return Err(RefreshError::Invalid("refresh token expired; sign in again"));
    }
    store.revoke_refresh_token(&record.hash).await?;
    let next = issue(store, &record.user_id, Some(record.family)).await?;
    Ok((record.user_id, next))
}

/// Revokes the family of `token` (logout). Unknown tokens are ignored.
pub async fn revoke(store: &SharedStore, token: &str) -> Result<(), StoreError> {
    if let Some(record) = store.refresh_token(&token_hash(token)).await? {
        store.revoke_refresh_family(&record.family).await?;
    }
    Ok(())
}
