//! The contract of the outbox and the Telegram links, which every store passes (called from
//! `contract::run`).

use super::SharedStore;
use crate::domain::outbox::{Job, JobStatus, Recipient, Settle, Task};
use crate::domain::plan::Write;
use crate::domain::telegram::{LinkCode, LinkTarget, Subscription, TelegramAccount};
use crate::domain::user::UserRecord;
use jiff::{Timestamp, ToSpan};
use std::collections::HashSet;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + seconds).expect("valid")
}

fn reminder(event: &str, chat: i64, due: i64) -> Job {
    Job {
        key: format!("remind:{event}:1:{chat}"),
        event_id: event.into(),
        due_at: at(due),
        task: Task::Reminder { to: Recipient { chat_id: chat, russian: false }, start: at(due + 3600) },
    }
}

/// Runs the outbox and Telegram parts of the contract.
pub async fn run(store: &SharedStore) {
    outbox(store).await;
    leases(store).await;
    concurrent_claims(store).await;
    cancelling(store).await;
    telegram_links(store).await;
}

async fn outbox(store: &SharedStore) {
    let job = reminder("ob1", 1, 0);
    store.enqueue(&[job.clone(), job.clone()]).await.expect("enqueue");
    store.enqueue(&[Job { due_at: at(99), ..job.clone() }]).await.expect("enqueue again");
    let stored = store.job(&job.key).await.unwrap().expect("stored");
    assert_eq!(stored.job, job, "a second enqueue of a key changes nothing");
    assert_eq!(store.outbox_counts(at(-1)).await.unwrap().due, 0);
    assert!(store.claim_due(at(-1), at(59), 10).await.unwrap().is_empty(), "not due yet");

    let claims = store.claim_due(at(1), at(61), 10).await.unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].record.attempts, 1);
    assert!(store.claim_due(at(2), at(62), 10).await.unwrap().is_empty(), "a leased job is not claimed twice");

    let retry_at = at(30);
    store.settle(&claims[0], Settle::Retry { at: retry_at, error: "429".into() }, at(3)).await.unwrap();
    let retried = store.job(&job.key).await.unwrap().unwrap();
    assert_eq!((retried.status, retried.job.due_at), (JobStatus::Pending, retry_at));
    assert!(store.claim_due(at(10), at(70), 10).await.unwrap().is_empty(), "waits for its retry time");
    let claims = store.claim_due(at(31), at(91), 10).await.unwrap();
    assert_eq!(claims[0].record.attempts, 2);
    store.settle(&claims[0], Settle::Done, at(32)).await.unwrap();
    let done = store.job(&job.key).await.unwrap().unwrap();
    assert_eq!(done.status, JobStatus::Done);
    assert!(store.claim_due(at(10_000), at(10_060), 10).await.unwrap().is_empty(), "done is done");
    store.enqueue(std::slice::from_ref(&job)).await.unwrap();
    assert_eq!(store.job(&job.key).await.unwrap().unwrap().status, JobStatus::Done, "a done key is never queued again");
}

async fn leases(store: &SharedStore) {
    let job = reminder("ob2", 2, 0);
    store.enqueue(std::slice::from_ref(&job)).await.unwrap();
    let first = store.claim_due(at(1), at(11), 10).await.unwrap();
    assert_eq!(first.len(), 1);
    // The first worker died: its lease lapses and another worker takes the job.
    let second = store.claim_due(at(12), at(22), 10).await.unwrap();
    assert_eq!(second.len(), 1, "a lapsed lease is taken over");
    assert!(second[0].record.attempts > first[0].record.attempts);
    store.settle(&first[0], Settle::Dead { error: "late".into() }, at(13)).await.unwrap();
    assert_eq!(
        store.job(&job.key).await.unwrap().unwrap().status,
        JobStatus::Pending,
        "a lapsed claim settles nothing"
    );
    store.settle(&second[0], Settle::Dead { error: "403".into() }, at(14)).await.unwrap();
    let dead = store.job(&job.key).await.unwrap().unwrap();
    assert_eq!(dead.status, JobStatus::Dead);
    assert_eq!(dead.last_error.as_deref(), Some("403"));
}

async fn concurrent_claims(store: &SharedStore) {
    let jobs: Vec<Job> = (0..20).map(|chat| reminder("ob3", 100 + chat, 0)).collect();
    store.enqueue(&jobs).await.unwrap();
    let (a, b) = (store.clone(), store.clone());
    let (left, right) = tokio::join!(
        tokio::spawn(async move { a.claim_due(at(100), at(160), 20).await.unwrap() }),
        tokio::spawn(async move { b.claim_due(at(100), at(160), 20).await.unwrap() }),
    );
    let keys: Vec<String> = left.unwrap().into_iter().chain(right.unwrap()).map(|c| c.record.job.key).collect();
    let unique: HashSet<&String> = keys.iter().collect();
    assert_eq!(keys.len(), unique.len(), "no job is claimed by both workers");
    assert_eq!(unique.len(), 20, "every due job is claimed");
}

async fn cancelling(store: &SharedStore) {
    let plan = reminder("ob4", 1, 500);
    let card = Job::card_refresh("ob4", at(500));
    let elsewhere = reminder("ob5", 1, 500);
    store.enqueue(&[plan.clone(), card.clone(), elsewhere.clone()]).await.unwrap();
    assert_eq!(store.cancel_plan_jobs("ob4").await.unwrap(), 1);
    assert_eq!(store.job(&plan.key).await.unwrap().unwrap().status, JobStatus::Cancelled);
    assert_eq!(store.job(&card.key).await.unwrap().unwrap().status, JobStatus::Pending, "cards are not plan jobs");
    assert_eq!(store.job(&elsewhere.key).await.unwrap().unwrap().status, JobStatus::Pending);

    // The same through an event's writes.
    let meta = super::contract::sample_event("ob6", "u1");
    store.insert_event(&meta).await.unwrap();
    let queued = reminder("ob6", 9, 700);
    store.apply("ob6", 1, &[Write::Enqueue(queued.clone())]).await.unwrap();
    assert_eq!(store.job(&queued.key).await.unwrap().unwrap().status, JobStatus::Pending);
    store.apply("ob6", 2, &[Write::CancelPlanJobs]).await.unwrap();
    assert_eq!(store.job(&queued.key).await.unwrap().unwrap().status, JobStatus::Cancelled);
    let counts = store.outbox_counts(at(10_000)).await.unwrap();
    assert!(counts.pending >= 2 && counts.due >= 2, "{counts:?}");
}

async fn telegram_links(store: &SharedStore) {
    let code = LinkCode {
        hash: "code-hash".into(),
        target: LinkTarget::Account { user_id: "tg-u1".into() },
        expires_at: Timestamp::UNIX_EPOCH + 10.hours(),
    };
    store.insert_link_code(&code).await.unwrap();
    assert_eq!(store.take_link_code("code-hash").await.unwrap(), Some(code));
    assert_eq!(store.take_link_code("code-hash").await.unwrap(), None, "a code is taken once");

    let user = |id: &str| UserRecord {
        created_at: Timestamp::UNIX_EPOCH,
        ..UserRecord::new(id.into(), format!("{id}@example.com"), id.into(), None, Default::default())
    };
    store.insert_user(&user("tg-u1")).await.unwrap();
    store.insert_user(&user("tg-u2")).await.unwrap();
    let account = TelegramAccount {
        chat_id: 42,
        user_id: 42,
        username: Some("anya".into()),
        first_name: "Anya".into(),
        language: Some("ru".into()),
    };
    store.set_user_telegram("tg-u1", Some(&account)).await.unwrap();
    assert_eq!(store.user_by_telegram(42).await.unwrap().map(|u| u.id).as_deref(), Some("tg-u1"));
    assert_eq!(store.user_by_id("tg-u1").await.unwrap().unwrap().telegram, Some(account.clone()));
    store.set_user_telegram("tg-u2", Some(&account)).await.unwrap();
    assert_eq!(store.user_by_telegram(42).await.unwrap().map(|u| u.id).as_deref(), Some("tg-u2"), "moved");
    assert_eq!(store.user_by_id("tg-u1").await.unwrap().unwrap().telegram, None, "one account per Telegram user");
    store.set_user_telegram("tg-u2", None).await.unwrap();
    assert_eq!(store.user_by_telegram(42).await.unwrap(), None);

    let subscription = |pid: &str, chat: i64| Subscription {
        event_id: "tg-ev".into(),
        participant_id: pid.into(),
        chat_id: chat,
        first_name: "Anya".into(),
        username: None,
        language: None,
    };
    store.put_subscription(&subscription("pa", 1)).await.unwrap();
    store.put_subscription(&subscription("pa", 2)).await.unwrap();
    store.put_subscription(&subscription("pb", 3)).await.unwrap();
    assert_eq!(store.subscription("tg-ev", "pa").await.unwrap().map(|s| s.chat_id), Some(2), "replaced");
    assert_eq!(store.event_subscriptions("tg-ev").await.unwrap().len(), 2);
    assert!(store.event_subscriptions("tg-other").await.unwrap().is_empty());
    store.delete_subscription("tg-ev", "pa").await.unwrap();
    assert_eq!(store.subscription("tg-ev", "pa").await.unwrap(), None);

    assert!(!store.chat_blocked(9).await.unwrap());
    store.set_chat_blocked(9, true).await.unwrap();
    store.set_chat_blocked(9, true).await.unwrap();
    assert!(store.chat_blocked(9).await.unwrap());
    store.set_chat_blocked(9, false).await.unwrap();
    assert!(!store.chat_blocked(9).await.unwrap());
}
