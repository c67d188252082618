//! Supervision: a crashed actor comes back from the store and its watchers get a resync; idle
//! actors stop and start again on demand with nothing lost.

use super::event_actor::EventMsg;
use super::registry::Registry;
use super::{CommandError, RegistryError};
use crate::auth::token_hash;
use crate::domain::answer::{Answer, AnswerCells};
use crate::domain::command::{Caller, Command};
use crate::domain::event::{EventMeta, EventState};
use crate::domain::outbox::{Claim, Job, JobRecord, Settle};
use crate::domain::plan::Outcome;
use crate::domain::plan::Write;
use crate::domain::telegram::{LinkCode, Subscription, TelegramAccount};
use crate::domain::user::{RefreshTokenRecord, UserRecord};
use crate::live::{Hub, ServerMsg};
use crate::persistence::contract::sample_event;
use crate::persistence::embedded::EmbeddedStore;
use crate::persistence::{
    EventQuery, OutboxCounts, OutboxStore, SharedStore, Store, StoreError, StoreResult, TelegramStore,
};
use jiff::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

async fn setup(idle: Duration) -> (tempfile::TempDir, SharedStore, Arc<Hub>, Registry) {
    let dir = tempfile::tempdir().unwrap();
    let store: SharedStore = Arc::new(EmbeddedStore::open(dir.path()).unwrap());
    store.insert_event(&sample_event("ev1", "u1")).await.unwrap();
    let hub = Hub::new();
    let registry = Registry::start(store.clone(), hub.clone(), idle).await.unwrap();
    (dir, store, hub, registry)
}

fn guest() -> Caller {
    Caller { token_hash: Some(token_hash("anya-token")), ..Caller::default() }
}

async fn join(registry: &Registry) -> String {
    let join =
        Command::Join { name: "Anya".into(), participant_id: "pa".into(), token_hash: Some(token_hash("anya-token")) };
    match registry.command("ev1", join, Caller::default()).await.unwrap().outcome {
        Outcome::Participant { participant, .. } => participant.id,
        other => panic!("join gave {other:?}"),
    }
}

fn paint(slot: &str, answer: Answer) -> Command {
    let mut cells = AnswerCells::default();
    cells.slots.insert(slot.into(), Some(answer));
    Command::Answer { participant_id: "pa".into(), cells }
}

/// Polls `condition` until it holds or five seconds pass (a loaded two-core machine can stall
/// a restart for more than a second).
async fn eventually(mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !condition() {
        assert!(Instant::now() < deadline, "condition not reached in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_crashed_actor_is_restarted_from_the_store() {
    let (_dir, _store, hub, registry) = setup(Duration::from_secs(300)).await;
    join(&registry).await;
    let first = registry.command("ev1", paint("s1", Answer::Yes), guest()).await.unwrap();
    assert_eq!(first.version, 3);
    let (_watch, mut feed) = hub.watch("ev1");

    let crashed = registry.running("ev1").expect("actor runs");
    crashed.cast(EventMsg::Crash).unwrap();
    eventually(|| registry.running("ev1").is_some_and(|a| a.get_id() != crashed.get_id())).await;

    // Watchers are told the truth again after the restart.
    let snapshot = loop {
        let msg = tokio::time::timeout(Duration::from_secs(2), feed.recv()).await.unwrap().unwrap();
        if let ServerMsg::Snapshot { version, event } = &msg.msg {
            break (*version, event.clone());
        }
    };
    assert_eq!(snapshot.0, 3, "the restarted actor reloaded the acknowledged version");
    assert_eq!(snapshot.1.participants[0].answers.slots.get("s1"), Some(&Answer::Yes));

    let next = registry.command("ev1", paint("s1", Answer::No), guest()).await.unwrap();
    assert_eq!(next.version, 4, "versions continue after the crash");
}

#[tokio::test]
async fn idle_actors_stop_and_come_back() {
    // Long enough that a stalled machine does not stop the actor before the first check.
    let (_dir, _store, _hub, registry) = setup(Duration::from_millis(500)).await;
    join(&registry).await;
    registry.command("ev1", paint("s1", Answer::Yes), guest()).await.unwrap();
    assert_eq!(registry.alive(), 1);
    eventually(|| registry.alive() == 0).await;
    let view = registry.view("ev1").await.unwrap();
    assert_eq!(view.version, 3);
    assert_eq!(view.participants[0].answers.slots.get("s1"), Some(&Answer::Yes));
}

#[tokio::test]
async fn watched_actors_stay_up() {
    let (_dir, _store, hub, registry) = setup(Duration::from_millis(50)).await;
    registry.view("ev1").await.unwrap();
    let (_watch, _feed) = hub.watch("ev1");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(registry.alive(), 1, "an event with viewers keeps its actor");
}

#[tokio::test]
async fn unknown_events_are_not_found() {
    let (_dir, _store, _hub, registry) = setup(Duration::from_secs(300)).await;
    assert!(matches!(registry.view("nope").await, Err(super::RegistryError::NotFound)));
    assert_eq!(registry.alive(), 0);
}

#[tokio::test]
async fn a_refused_command_changes_nothing() {
    let (_dir, _store, _hub, registry) = setup(Duration::from_secs(300)).await;
    join(&registry).await;
    assert!(registry.command("ev1", paint("s9", Answer::Yes), guest()).await.is_err(), "s9 is not a slot");
    let view = registry.view("ev1").await.unwrap();
    assert!(view.participants[0].answers.slots.is_empty());
    assert_eq!(view.version, 2);
}

/// A store whose writes fail on demand, to show that a failed write-through is neither
/// acknowledged nor applied.
struct FlakyStore {
    inner: SharedStore,
    failing: AtomicBool,
}

/// The outbox and Telegram parts are only passed through.
#[async_trait::async_trait]
impl OutboxStore for FlakyStore {
    async fn enqueue(&self, jobs: &[Job]) -> StoreResult<()> {
        self.inner.enqueue(jobs).await
    }
    async fn claim_due(&self, now: Timestamp, lease_until: Timestamp, limit: usize) -> StoreResult<Vec<Claim>> {
        self.inner.claim_due(now, lease_until, limit).await
    }
    async fn settle(&self, claim: &Claim, outcome: Settle, now: Timestamp) -> StoreResult<()> {
        self.inner.settle(claim, outcome, now).await
    }
    async fn cancel_plan_jobs(&self, event_id: &str) -> StoreResult<u64> {
        self.inner.cancel_plan_jobs(event_id).await
    }
    async fn job(&self, key: &str) -> StoreResult<Option<JobRecord>> {
        self.inner.job(key).await
    }
    async fn outbox_counts(&self, now: Timestamp) -> StoreResult<OutboxCounts> {
        self.inner.outbox_counts(now).await
    }
}

#[async_trait::async_trait]
impl TelegramStore for FlakyStore {
    async fn insert_link_code(&self, code: &LinkCode) -> StoreResult<()> {
        self.inner.insert_link_code(code).await
    }
    async fn take_link_code(&self, hash: &str) -> StoreResult<Option<LinkCode>> {
        self.inner.take_link_code(hash).await
    }
    async fn set_user_telegram(&self, user_id: &str, account: Option<&TelegramAccount>) -> StoreResult<()> {
        self.inner.set_user_telegram(user_id, account).await
    }
    async fn user_by_telegram(&self, telegram_user_id: i64) -> StoreResult<Option<UserRecord>> {
        self.inner.user_by_telegram(telegram_user_id).await
    }
    async fn put_subscription(&self, subscription: &Subscription) -> StoreResult<()> {
        self.inner.put_subscription(subscription).await
    }
    async fn subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<Option<Subscription>> {
        self.inner.subscription(event_id, participant_id).await
    }
    async fn delete_subscription(&self, event_id: &str, participant_id: &str) -> StoreResult<()> {
        self.inner.delete_subscription(event_id, participant_id).await
    }
    async fn event_subscriptions(&self, event_id: &str) -> StoreResult<Vec<Subscription>> {
        self.inner.event_subscriptions(event_id).await
    }
    async fn set_chat_blocked(&self, chat_id: i64, blocked: bool) -> StoreResult<()> {
        self.inner.set_chat_blocked(chat_id, blocked).await
    }
    async fn chat_blocked(&self, chat_id: i64) -> StoreResult<bool> {
        self.inner.chat_blocked(chat_id).await
    }
}

#[async_trait::async_trait]
impl crate::persistence::AccountStore for FlakyStore {
    async fn update_user(&self, user: &UserRecord) -> StoreResult<()> {
        self.inner.update_user(user).await
    }
    async fn delete_user(&self, user_id: &str) -> StoreResult<()> {
        self.inner.delete_user(user_id).await
    }
    async fn insert_identity(&self, provider: &str, subject: &str, user_id: &str) -> StoreResult<()> {
        self.inner.insert_identity(provider, subject, user_id).await
    }
    async fn user_by_identity(&self, provider: &str, subject: &str) -> StoreResult<Option<UserRecord>> {
        self.inner.user_by_identity(provider, subject).await
    }
    async fn delete_identity(&self, provider: &str, subject: &str) -> StoreResult<()> {
        self.inner.delete_identity(provider, subject).await
    }
    async fn insert_account_token(&self, token: &crate::domain::user::AccountToken) -> StoreResult<()> {
        self.inner.insert_account_token(token).await
    }
    async fn take_account_token(&self, hash: &str) -> StoreResult<Option<crate::domain::user::AccountToken>> {
        self.inner.take_account_token(hash).await
    }
    async fn revoke_user_sessions(&self, user_id: &str, keep_family: Option<&str>) -> StoreResult<()> {
        self.inner.revoke_user_sessions(user_id, keep_family).await
    }
    async fn mark_refresh_rotated(&self, hash: &str, at: Timestamp, sealed_next: &str) -> StoreResult<()> {
        self.inner.mark_refresh_rotated(hash, at, sealed_next).await
    }
}

#[async_trait::async_trait]
impl Store for FlakyStore {
    async fn ping(&self) -> StoreResult<()> {
        self.inner.ping().await
    }
    async fn insert_user(&self, user: &UserRecord) -> StoreResult<()> {
        self.inner.insert_user(user).await
    }
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        self.inner.user_by_email(email).await
    }
    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        self.inner.user_by_id(id).await
    }
    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> StoreResult<()> {
        self.inner.insert_refresh_token(token).await
    }
    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshTokenRecord>> {
        self.inner.refresh_token(hash).await
    }
    async fn revoke_refresh_family(&self, family: &str) -> StoreResult<()> {
        self.inner.revoke_refresh_family(family).await
    }
    async fn revoke_refresh_token(&self, hash: &str) -> StoreResult<()> {
        self.inner.revoke_refresh_token(hash).await
    }
    async fn purge_refresh_tokens(&self, before: jiff::Timestamp) -> StoreResult<u64> {
        self.inner.purge_refresh_tokens(before).await
    }
    async fn insert_event(&self, meta: &EventMeta) -> StoreResult<()> {
        self.inner.insert_event(meta).await
    }
    async fn load_event(&self, id: &str) -> StoreResult<Option<EventState>> {
        self.inner.load_event(id).await
    }
    async fn apply(&self, event_id: &str, from_version: u64, writes: &[Write]) -> StoreResult<()> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable("disk on fire".into()));
        }
        self.inner.apply(event_id, from_version, writes).await
    }
    async fn list_events(&self, query: &EventQuery) -> StoreResult<Vec<EventMeta>> {
        self.inner.list_events(query).await
    }
    async fn comments_before(
        &self,
        event_id: &str,
        before: Option<&crate::persistence::CommentCursor>,
        limit: usize,
    ) -> StoreResult<Vec<crate::domain::event::Comment>> {
        self.inner.comments_before(event_id, before, limit).await
    }
}

#[tokio::test]
async fn a_failed_write_is_neither_acknowledged_nor_applied() {
    let (_dir, inner, hub, _) = setup(Duration::from_secs(300)).await;
    let flaky = Arc::new(FlakyStore { inner, failing: AtomicBool::new(false) });
    let registry = Registry::start(flaky.clone(), hub.clone(), Duration::from_secs(300)).await.unwrap();
    join(&registry).await;
    let (_watch, mut feed) = hub.watch("ev1");
    flaky.failing.store(true, Ordering::SeqCst);
    let failed = registry.command("ev1", paint("s1", Answer::Yes), guest()).await;
    assert!(matches!(failed, Err(RegistryError::Command(CommandError::Store(_)))), "{failed:?}");
    flaky.failing.store(false, Ordering::SeqCst);
    let view = registry.view("ev1").await.unwrap();
    assert_eq!(view.version, 2, "no version was spent on the failed write");
    assert!(view.participants[0].answers.slots.is_empty());
    while let Ok(msg) = feed.try_recv() {
        assert!(!matches!(msg.msg, ServerMsg::Diff { .. }), "no diff for a write that failed");
    }
    let retried = registry.command("ev1", paint("s1", Answer::Yes), guest()).await.unwrap();
    assert_eq!(retried.version, 3);
}

#[tokio::test]
async fn a_command_past_its_deadline_is_refused_and_never_applied() {
    let (_dir, _store, _hub, registry) = setup(Duration::from_secs(300)).await;
    join(&registry).await;
    let actor = registry.running("ev1").expect("the actor runs after the join");
    let late = actor
        .call(
            |reply| EventMsg::Command {
                command: paint("s1", Answer::Yes),
                caller: guest(),
                deadline: Instant::now() - Duration::from_millis(1),
                reply,
            },
            None,
        )
        .await
        .expect("the actor answers");
    let ractor::rpc::CallResult::Success(result) = late else { panic!("no answer: {late:?}") };
    assert!(matches!(result, Err(CommandError::Expired)), "{result:?}");
    let view = registry.view("ev1").await.unwrap();
    assert_eq!(view.version, 2, "nothing was applied after the caller gave up");
    assert!(view.participants[0].answers.slots.is_empty());
}
