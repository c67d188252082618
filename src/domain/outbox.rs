//! The outbox: background work (plan messages, reminders, group-card edits) written to the store
//! as jobs, never held in timers. A job's key is its idempotency key: enqueueing the same key
//! twice is a no-op, so finalising twice, or a fan-out that runs again after a crash, schedules
//! each message once.

use super::event::{EventMeta, Status};
use super::user::Language;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Group-card edits of one event are coalesced into windows this long: every change inside a
/// window maps to the same job key, so a busy board costs at most one edit per chat per window.
pub const CARD_WINDOW_MS: i64 = 4_000;

/// Most group chats that can carry a live card of one event.
pub const MAX_CARDS: usize = 20;

/// A live card the bot posted in a group chat and keeps editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupCard {
    /// The group's chat id.
    pub chat_id: i64,
    /// The bot's message there.
    pub message_id: i32,
    /// Whether the card speaks Russian (the language of whoever asked for it).
    #[serde(default)]
    pub russian: bool,
}

/// A chat a message goes to, and the language to write in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    /// The chat.
    pub chat_id: i64,
    /// Whether to write in Russian (else English).
    #[serde(default)]
    pub russian: bool,
}

/// What a job does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Task {
    /// The plan was locked: find every linked chat and queue its plan message and reminder.
    #[serde(rename_all = "camelCase")]
    PlanFanOut {
        /// The plan's start, so a fan-out for a plan that was since reopened or changed does
        /// nothing.
        start: Timestamp,
        /// The event version that locked the plan (part of every key it makes).
        version: u64,
    },
    /// Tell one chat the final plan.
    #[serde(rename_all = "camelCase")]
    PlanMessage {
        /// Where.
        to: Recipient,
        /// The plan's start when it was queued.
        start: Timestamp,
    },
    /// Remind one chat that the plan starts soon.
    #[serde(rename_all = "camelCase")]
    Reminder {
        /// Where.
        to: Recipient,
        /// The plan's start when it was queued.
        start: Timestamp,
    },
    /// Tell one chat they were invited.
    #[serde(rename_all = "camelCase")]
    Invitation {
        /// Where.
        to: Recipient,
        /// Who invites.
        inviter: String,
    },
    /// Redraw the event's group cards.
    CardRefresh,
    /// Send one mail (not about an event: the job's event id is empty).
    #[serde(rename_all = "camelCase")]
    Mail {
        /// The address.
        to: String,
        /// The language to write in.
        language: Language,
        /// What to write.
        letter: Letter,
    },
    /// The event was deleted: say so on the cards it had.
    #[serde(rename_all = "camelCase")]
    CardsDeleted {
        /// The cards to edit.
        cards: Vec<GroupCard>,
        /// The event's title, since the event itself is gone.
        title: String,
    },
}

impl Task {
    /// Whether reopening the plan makes this job pointless.
    pub fn ends_with_plan(&self) -> bool {
        matches!(self, Task::PlanFanOut { .. } | Task::PlanMessage { .. } | Task::Reminder { .. })
    }

    /// A short name for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Task::PlanFanOut { .. } => "plan_fanout",
            Task::PlanMessage { .. } => "plan",
            Task::Reminder { .. } => "reminder",
            Task::Invitation { .. } => "invitation",
            Task::CardRefresh => "card",
            Task::Mail { .. } => "mail",
            Task::CardsDeleted { .. } => "card_deleted",
        }
    }
}

/// A mail the server sends about an account. The link's token is sealed under the server's
/// secret (`auth::seal`), so the outbox never holds a working link in the clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "letter", rename_all = "camelCase")]
pub enum Letter {
    /// "Confirm your address": a `/verify-email?token=` link.
    #[serde(rename_all = "camelCase")]
    VerifyEmail {
        /// Whom to greet.
        name: String,
        /// The sealed token.
        sealed_token: String,
    },
    /// "Reset your password": a `/reset-password?token=` link.
    #[serde(rename_all = "camelCase")]
    PasswordReset {
        /// Whom to greet.
        name: String,
        /// The sealed token.
        sealed_token: String,
    },
}

/// One unit of background work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// The idempotency key (unique).
    pub key: String,
    /// The event it is about.
    pub event_id: String,
    /// Not before this instant.
    pub due_at: Timestamp,
    /// What to do.
    pub task: Task,
}

impl Job {
    /// The fan-out for a plan locked at `version`.
    pub fn plan_fan_out(meta: &EventMeta, version: u64, now: Timestamp) -> Option<Job> {
        let start = meta.final_plan.as_ref()?.start;
        Some(Job {
            key: format!("fanout:{}:{version}", meta.id),
            event_id: meta.id.clone(),
            due_at: now,
            task: Task::PlanFanOut { start, version },
        })
    }

    /// The plan message for one chat, from the fan-out of `version`.
    pub fn plan_message(event_id: &str, version: u64, to: Recipient, start: Timestamp, now: Timestamp) -> Job {
        Job {
            key: format!("plan:{event_id}:{version}:{}", to.chat_id),
            event_id: event_id.to_string(),
            due_at: now,
            task: Task::PlanMessage { to, start },
        }
    }

    /// The reminder for one chat, `lead` before `start`; `None` once the start has passed.
    /// A plan locked later than the lead is reminded at once.
    pub fn reminder(
        event_id: &str,
        version: u64,
        to: Recipient,
        start: Timestamp,
        lead: SignedDuration,
        now: Timestamp,
    ) -> Option<Job> {
        if start <= now {
            return None;
        }
        let due_at = start.checked_sub(lead).unwrap_or(start).max(now);
        Some(Job {
            key: format!("remind:{event_id}:{version}:{}", to.chat_id),
            event_id: event_id.to_string(),
            due_at,
            task: Task::Reminder { to, start },
        })
    }

    /// An invitation to one chat; `nonce` tells repeated invitations apart.
    pub fn invitation(event_id: &str, to: Recipient, inviter: &str, nonce: &str, now: Timestamp) -> Job {
        Job {
            key: format!("invite:{event_id}:{}:{nonce}", to.chat_id),
            event_id: event_id.to_string(),
            due_at: now,
            task: Task::Invitation { to, inviter: inviter.to_string() },
        }
    }

    /// A mail; `token_hash` (of the link's token) makes the key, so one mail goes per token.
    pub fn mail(to: &str, language: Language, letter: Letter, token_hash: &str, now: Timestamp) -> Job {
        Job {
            key: Job::mail_key(token_hash),
            event_id: String::new(),
            due_at: now,
            task: Task::Mail { to: to.to_string(), language, letter },
        }
    }

    /// The key of the mail that carries the token with this hash.
    pub fn mail_key(token_hash: &str) -> String {
        format!("mail:{token_hash}")
    }

    /// The card redraw for the window `now` falls in, due at the window's end.
    pub fn card_refresh(event_id: &str, now: Timestamp) -> Job {
        let window = now.as_millisecond().div_euclid(CARD_WINDOW_MS);
        let due_at = Timestamp::from_millisecond((window + 1) * CARD_WINDOW_MS).unwrap_or(now);
        Job {
            key: format!("card:{event_id}:{window}"),
            event_id: event_id.to_string(),
            due_at,
            task: Task::CardRefresh,
        }
    }

    /// The "this event is gone" edit of the cards it had.
    pub fn cards_deleted(meta: &EventMeta, now: Timestamp) -> Option<Job> {
        (!meta.cards.is_empty()).then(|| Job {
            key: format!("card-deleted:{}", meta.id),
            event_id: meta.id.clone(),
            due_at: now,
            task: Task::CardsDeleted { cards: meta.cards.clone(), title: meta.title.clone() },
        })
    }
}

/// Whether a job that was queued for a plan starting at `start` still stands: the event is
/// finalised and its plan still starts then.
pub fn plan_still_stands(meta: &EventMeta, start: Timestamp) -> bool {
    meta.status == Status::Finalized && meta.final_plan.as_ref().is_some_and(|f| f.start == start)
}

/// Where a stored job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum JobStatus {
    /// Waiting to be due, or due and not yet done.
    Pending,
    /// Sent (or found pointless).
    Done,
    /// Gave up: too many failures, or the chat blocked the bot.
    Dead,
    /// Cancelled (the plan was reopened).
    Cancelled,
}

/// A job as stored, with its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    /// The job.
    pub job: Job,
    /// Where it stands.
    pub status: JobStatus,
    /// How many times it was claimed.
    pub attempts: u32,
    /// A claim holds the job until then; another worker may take it after.
    pub lease_until: Option<Timestamp>,
    /// The last failure, for operators.
    pub last_error: Option<String>,
    /// When it was settled.
    pub settled_at: Option<Timestamp>,
}

impl JobRecord {
    /// A new pending record.
    pub fn new(job: Job) -> JobRecord {
        JobRecord {
            job,
            status: JobStatus::Pending,
            attempts: 0,
            lease_until: None,
            last_error: None,
            settled_at: None,
        }
    }

    /// Records how a claim ended: the lease is released, and a retry moves the due time.
    pub fn settle(&mut self, outcome: Settle, now: Timestamp) {
        self.lease_until = None;
        match outcome {
            Settle::Done => {
                self.status = JobStatus::Done;
                self.settled_at = Some(now);
            }
            Settle::Dead { error } => {
                self.status = JobStatus::Dead;
                self.last_error = Some(error);
                self.settled_at = Some(now);
            }
            Settle::Retry { at, error } => {
                self.job.due_at = at;
                self.last_error = Some(error);
            }
        }
    }

    /// Whether a worker may claim it at `now`.
    pub fn claimable(&self, now: Timestamp) -> bool {
        self.status == JobStatus::Pending && self.job.due_at <= now && self.lease_until.is_none_or(|l| l <= now)
    }
}

/// A worker's hold on a job: the attempt number is what its settlement must match.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The record as claimed (its `attempts` already counts this claim).
    pub record: JobRecord,
}

impl Claim {
    /// The job.
    pub fn job(&self) -> &Job {
        &self.record.job
    }
}

/// How a claimed job ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle {
    /// Done.
    Done,
    /// Try again at `at`.
    Retry {
        /// When.
        at: Timestamp,
        /// Why it failed.
        error: String,
    },
    /// Give up.
    Dead {
        /// Why.
        error: String,
    },
}

/// How long to wait before attempt `attempts + 1`: 5 s doubling, at most 10 minutes.
pub fn backoff(attempts: u32) -> SignedDuration {
    let seconds = 5i64.saturating_mul(1 << attempts.min(7).saturating_sub(1));
    SignedDuration::from_secs(seconds.min(600))
}

/// After this many failed attempts a job is given up.
pub const MAX_ATTEMPTS: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn reminders_go_lead_before_or_at_once_but_never_after_the_start() {
        let start = ts("2026-12-04T18:00:00Z");
        let hour = SignedDuration::from_hours(1);
        let to = Recipient { chat_id: 42, russian: false };
        let early = Job::reminder("e", 3, to, start, hour, ts("2026-12-01T10:00:00Z")).unwrap();
        assert_eq!(early.due_at, ts("2026-12-04T17:00:00Z"));
        let late = Job::reminder("e", 3, to, start, hour, ts("2026-12-04T17:30:00Z")).unwrap();
        assert_eq!(late.due_at, ts("2026-12-04T17:30:00Z"));
        assert!(Job::reminder("e", 3, to, start, hour, ts("2026-12-04T18:00:00Z")).is_none());
        assert_eq!(early.key, "remind:e:3:42");
    }

    #[test]
    fn card_refreshes_in_one_window_share_a_key() {
        let a = Job::card_refresh("e", Timestamp::from_millisecond(8_000).unwrap());
        let b = Job::card_refresh("e", Timestamp::from_millisecond(11_999).unwrap());
        let c = Job::card_refresh("e", Timestamp::from_millisecond(12_000).unwrap());
        assert_eq!(a.key, b.key);
        assert_ne!(b.key, c.key);
        assert_eq!(a.due_at, Timestamp::from_millisecond(12_000).unwrap());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), SignedDuration::from_secs(5));
        assert_eq!(backoff(2), SignedDuration::from_secs(10));
        assert!(backoff(3) > backoff(2));
        assert_eq!(backoff(30), SignedDuration::from_secs(320));
    }

    #[test]
    fn a_leased_job_is_not_claimable_until_the_lease_ends() {
        let now = ts("2026-12-04T18:00:00Z");
        let mut record = JobRecord::new(Job::card_refresh("e", now));
        record.job.due_at = now;
        assert!(record.claimable(now));
        record.lease_until = Some(ts("2026-12-04T18:00:30Z"));
        assert!(!record.claimable(now));
        assert!(record.claimable(ts("2026-12-04T18:00:30Z")));
        record.status = JobStatus::Done;
        assert!(!record.claimable(ts("2026-12-05T00:00:00Z")));
    }

    #[test]
    fn tasks_round_trip_as_tagged_json() {
        let task = Task::Reminder { to: Recipient { chat_id: -100, russian: true }, start: ts("2026-12-04T18:00:00Z") };
        let json = serde_json::to_value(&task).unwrap();
        assert_eq!(json["kind"], "reminder");
        assert_eq!(json["to"]["chatId"], -100);
        assert_eq!(serde_json::from_value::<Task>(json).unwrap(), task);
    }
}
