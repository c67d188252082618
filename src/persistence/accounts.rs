//! What accounts need from a database beyond sign-up and sign-in: editing and deleting users,
//! social-login identities, mailed single-use tokens, and revoking sessions. Both stores
//! implement it, and the contract suite checks it on both.

use super::StoreResult;
use crate::domain::user::{AccountToken, UserRecord};
use async_trait::async_trait;
use jiff::Timestamp;

/// Accounts, beyond [`super::Store`]'s basics.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Replaces a user's record. A changed email moves its unique key; `Duplicate` when the new
    /// address belongs to someone else (nothing is written then).
    async fn update_user(&self, user: &UserRecord) -> StoreResult<()>;
    /// Deletes a user with their email key, identity keys, refresh tokens and mailed tokens.
    async fn delete_user(&self, user_id: &str) -> StoreResult<()>;

    /// Claims `(provider, subject)` for a user; `Duplicate` when it is someone's already.
    async fn insert_identity(&self, provider: &str, subject: &str, user_id: &str) -> StoreResult<()>;
    /// The account a provider's subject signs into.
    async fn user_by_identity(&self, provider: &str, subject: &str) -> StoreResult<Option<UserRecord>>;
    /// Releases `(provider, subject)`.
    async fn delete_identity(&self, provider: &str, subject: &str) -> StoreResult<()>;

    /// Stores a mailed token (by hash).
    async fn insert_account_token(&self, token: &AccountToken) -> StoreResult<()>;
    /// Takes a token by hash: it is deleted, so of two takers only one gets it.
    async fn take_account_token(&self, hash: &str) -> StoreResult<Option<AccountToken>>;

    /// Revokes every refresh token of a user except those of `keep_family` (this session).
    async fn revoke_user_sessions(&self, user_id: &str, keep_family: Option<&str>) -> StoreResult<()>;
    /// Marks a refresh token rotated at `at`, keeping its sealed successor for the grace window.
    async fn mark_refresh_rotated(&self, hash: &str, at: Timestamp, sealed_next: &str) -> StoreResult<()>;
}

/// The key of an identity in both stores.
pub fn identity_key(provider: &str, subject: &str) -> String {
    format!("{provider}\u{1f}{subject}")
}
