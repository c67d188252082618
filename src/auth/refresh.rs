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
        rotated_at: None,
        sealed_next: None,
    };
    store.insert_refresh_token(&record).await?;
    Ok(token)
}

/// How long after a rotation the old token still yields its successor: two tabs that refresh
/// with one cookie at once both get the same next token, instead of the second one looking
/// like a thief and revoking the whole sign-in.
pub const GRACE_SECS: i64 = 30;
/// The seal context of a successor token.
const SEAL_CONTEXT: &str = "refresh-successor";

/// The successor of a token rotated moments ago, if it is still good.
async fn successor_in_grace(
    store: &SharedStore,
    token: &str,
    record: &RefreshTokenRecord,
) -> Result<Option<String>, StoreError> {
    let (Some(at), Some(sealed)) = (record.rotated_at, record.sealed_next.as_deref()) else { return Ok(None) };
    if Timestamp::now().duration_since(at).as_secs() > GRACE_SECS {
        return Ok(None);
    }
    let Some(next) = super::seal::open(token.as_bytes(), SEAL_CONTEXT, sealed) else { return Ok(None) };
    let live = store.refresh_token(&token_hash(&next)).await?.is_some_and(|n| !n.revoked);
    Ok(live.then_some(next))
}

/// Spends `token` and returns the user id with the next token of its family.
pub async fn rotate(store: &SharedStore, token: &str) -> Result<(String, String), RefreshError> {
    let record = store.refresh_token(&token_hash(token)).await?.ok_or(RefreshError::Invalid("unknown"))?;
    if record.revoked {
        if let Some(next) = successor_in_grace(store, token, &record).await? {
            return Ok((record.user_id, next));
        }
        tracing::info!(family = %record.family, "a spent refresh token came back; revoking its sign-in");
        store.revoke_refresh_family(&record.family).await?;
        return Err(RefreshError::Invalid("reused"));
    }
    if record.expires_at <= Timestamp::now() {
        return Err(RefreshError::Invalid("expired"));
    }
    let next = issue(store, &record.user_id, Some(record.family)).await?;
    let sealed = super::seal::seal(token.as_bytes(), SEAL_CONTEXT, &next);
    store.mark_refresh_rotated(&record.hash, Timestamp::now(), &sealed).await?;
    Ok((record.user_id, next))
}

/// The live record of a refresh token, without spending it (linking a provider from settings
/// names the account by its cookie).
pub async fn peek(store: &SharedStore, token: &str) -> Result<Option<RefreshTokenRecord>, StoreError> {
    let record = store.refresh_token(&token_hash(token)).await?;
    Ok(record.filter(|r| !r.revoked && r.expires_at > Timestamp::now()))
}

/// Revokes the family of `token` (logout). Unknown tokens are ignored.
pub async fn revoke(store: &SharedStore, token: &str) -> Result<(), StoreError> {
    if let Some(record) = store.refresh_token(&token_hash(token)).await? {
        store.revoke_refresh_family(&record.family).await?;
    }
    Ok(())
}
