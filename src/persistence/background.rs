//! What the outbox and the Telegram bot need from a database, beside the events themselves.
//! Both stores implement these traits, and the contract suite checks them on both.

use super::StoreResult;
use crate::domain::outbox::{Claim, Job, JobRecord, Settle};
use crate::domain::telegram::{LinkCode, Subscription, TelegramAccount};
use crate::domain::user::UserRecord;
use async_trait::async_trait;
use jiff::Timestamp;

/// How many jobs wait, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Pending, due or not.
    pub pending: u64,
    /// Pending and due now.
    pub due: u64,
}

/// The outbox: jobs with idempotency keys, claimed with a lease.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Adds each job whose key is new; a key that exists (in any state) is left alone.
    async fn enqueue(&self, jobs: &[Job]) -> StoreResult<()>;
    /// Claims up to `limit` jobs that are due at `now` and not leased, holding each until
    /// `lease_until`. Two workers never both claim one job for the same lease: the embedded
    /// store does it in one transaction, MongoDB by inserting a unique claim key.
    async fn claim_due(&self, now: Timestamp, lease_until: Timestamp, limit: usize) -> StoreResult<Vec<Claim>>;
    /// Records how a claimed job ended. A claim that lapsed and was taken by another worker
    /// settles nothing.
    async fn settle(&self, claim: &Claim, outcome: Settle, now: Timestamp) -> StoreResult<()>;
    /// Cancels the event's pending plan messages and reminders; returns how many.
    async fn cancel_plan_jobs(&self, event_id: &str) -> StoreResult<u64>;
    /// One job by key (operators and tests).
    async fn job(&self, key: &str) -> StoreResult<Option<JobRecord>>;
    /// How many jobs wait.
    async fn outbox_counts(&self, now: Timestamp) -> StoreResult<OutboxCounts>;
}

/// Links between Prost and Telegram chats.
#[async_trait]
pub trait TelegramStore: Send + Sync {
    /// Stores a fresh link code.
    async fn insert_link_code(&self, code: &LinkCode) -> StoreResult<()>;
    /// Takes a link code by hash: it is deleted, so only one taker ever gets it.
    async fn take_link_code(&self, hash: &str) -> StoreResult<Option<LinkCode>>;
    /// Links (or with `None` unlinks) an account's Telegram chat. A Telegram user links to one
    /// account at a time: linking it elsewhere unlinks it here.
    async fn set_user_telegram(&self, user_id: &str, account: Option<&TelegramAccount>) -> StoreResult<()>;
    /// The account linked to a Telegram user.
    async fn user_by_telegram(&self, telegram_user_id: i64) -> StoreResult<Option<UserRecord>>;
    /// Subscribes a chat to one participant's messages (replacing an earlier chat).
    async fn put_subscription(&self, subscription: &Subscription) -> StoreResult<()>;
    /// A participant's subscription.
    async fn subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<Option<Subscription>>;
    /// Removes a participant's subscription.
    async fn delete_subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<()>;
    /// Every subscription of an event (bounded by its participants).
    async fn event_subscriptions(&self, event_id: &str) -> StoreResult<Vec<Subscription>>;
    /// Marks a chat that blocked the bot (or clears the mark when it writes again).
    async fn set_chat_blocked(&self, chat_id: i64, blocked: bool) -> StoreResult<()>;
    /// Whether a chat blocked the bot.
    async fn chat_blocked(&self, chat_id: i64) -> StoreResult<bool>;
}
