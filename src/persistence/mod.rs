//! Storage behind one small trait owned by the domain, with two implementations that pass the
//! same contract suite: `embedded` (redb, the zero-configuration default) and `mongo`
//! (production MongoDB; tested against FerretDB).
//!
//! Nothing here relies on transactions, change streams or TTL indexes: each event has a single
//! writer (its actor), so a sequence of plain writes is safe.

pub mod accounts;
pub mod accounts_contract;
pub mod background;
pub mod background_contract;
pub mod contract;
pub mod embedded;
pub mod ferretdb;
pub mod mongo;

pub use crate::domain::event::CommentCursor;
use crate::domain::event::{Comment, EventMeta, EventState};
use crate::domain::plan::Write;
use crate::domain::user::{RefreshTokenRecord, UserRecord};
pub use accounts::AccountStore;
use async_trait::async_trait;
pub use background::{OutboxCounts, OutboxStore, TelegramStore};
use jiff::Timestamp;
use std::sync::Arc;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key is taken (duplicate email).
    #[error("already exists: {0}")]
    Duplicate(String),
    /// The backend failed or is unreachable; nothing was acknowledged.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// Another writer moved the event on: the caller's copy is stale and nothing was written.
    #[error("the event was changed elsewhere (stored version {stored}, expected {expected})")]
    Conflict {
        /// The version the caller's copy had.
        expected: u64,
        /// The version the store holds.
        stored: u64,
    },
}

impl StoreError {
    /// Wraps any backend error.
    pub fn backend(error: impl std::fmt::Display) -> Self {
        StoreError::Unavailable(error.to_string())
    }
}

/// Shorthand for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which events a listing covers.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// Events the user organises or takes part in.
    Mine(String),
    /// Public events only (anonymous callers).
    Public,
    /// Public events plus the user's own.
    PublicAndMine(String),
}

/// Position after the last item of a page: listings go newest first, ties broken by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// Creation time of the last item.
    pub created_at: Timestamp,
    /// Id of the last item.
    pub id: String,
}

/// A listing request.
#[derive(Debug, Clone, PartialEq)]
pub struct EventQuery {
    /// Which events.
    pub scope: Scope,
    /// Case-insensitive text that must appear in the title or description.
    pub text: Option<String>,
    /// Most items to return.
    pub limit: usize,
    /// Continue after this item.
    pub after: Option<Cursor>,
}

impl EventQuery {
    /// Whether `meta` passes the text filter and comes after the cursor (used by stores that
    /// filter in memory, and by the contract tests).
    pub fn matches(&self, meta: &EventMeta) -> bool {
        let text_ok = self.text.as_ref().is_none_or(|t| {
            let t = t.to_lowercase();
            meta.title.to_lowercase().contains(&t)
                || meta.description.as_ref().is_some_and(|d| d.to_lowercase().contains(&t))
        });
        let after_ok =
            self.after.as_ref().is_none_or(|c| (meta.created_at, meta.id.as_str()) < (c.created_at, c.id.as_str()));
        text_ok && after_ok
    }
}

/// Sorts newest first, the order every listing uses.
pub fn newest_first(events: &mut [EventMeta]) {
    events.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
}

/// What Prost needs from a database.
#[async_trait]
pub trait Store: OutboxStore + TelegramStore + AccountStore + Send + Sync + 'static {
    /// Cheap round trip for `/readyz`.
    async fn ping(&self) -> StoreResult<()>;

    /// Adds an account; `Duplicate` when the email is taken.
    async fn insert_user(&self, user: &UserRecord) -> StoreResult<()>;
    /// Finds an account by lower-cased email.
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// Finds an account by id.
    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>>;

    /// Stores a new refresh token.
    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> StoreResult<()>;
    /// Finds a refresh token by hash.
    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshTokenRecord>>;
    /// Marks every token of a sign-in family revoked.
    async fn revoke_refresh_family(&self, family: &str) -> StoreResult<()>;
    /// Marks one token revoked (after rotation).
    async fn revoke_refresh_token(&self, hash: &str) -> StoreResult<()>;
    /// Deletes refresh tokens that expired before `before` (the clean-up job that stands in for
    /// a TTL index); returns how many went.
    async fn purge_refresh_tokens(&self, before: Timestamp) -> StoreResult<u64>;

    /// Stores a newly created event.
    async fn insert_event(&self, meta: &EventMeta) -> StoreResult<()>;
    /// Loads an event with its participants and comments.
    async fn load_event(&self, id: &str) -> StoreResult<Option<EventState>>;
    /// Stores the writes of one planned command, in order, moving the event's head version from
    /// `from_version` to `from_version + 1` first. If the head is not at `from_version`, another
    /// writer got there first (a replica with a stale copy, or two owners while a lease changes
    /// hands): nothing is written and the answer is `Conflict`. This compare-and-set is what
    /// keeps two replicas from ever writing the same event at once.
    async fn apply(&self, event_id: &str, from_version: u64, writes: &[Write]) -> StoreResult<()>;
    /// Lists event records, newest first.
    async fn list_events(&self, query: &EventQuery) -> StoreResult<Vec<EventMeta>>;
    /// Up to `limit` of an event's comments that come before `before` (from the newest when
    /// `None`), newest first, read through the comments' (event, version, id) order.
    async fn comments_before(
        &self,
        event_id: &str,
        before: Option<&CommentCursor>,
        limit: usize,
    ) -> StoreResult<Vec<Comment>>;
}

/// The store as the rest of the server holds it.
pub type SharedStore = Arc<dyn Store>;
