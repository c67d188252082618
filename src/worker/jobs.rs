//! What each kind of job does, and how its outcome settles it.

use super::{Outbox, recipients};
use crate::domain::command::Command;
use crate::domain::event::EventState;
use crate::domain::outbox::{
    Claim, GroupCard, Job, Letter, MAX_ATTEMPTS, Recipient, Settle, Task, backoff, plan_still_stands,
};
use crate::domain::user::Language;
use crate::domain::view::EventView;
use crate::mail::{self, MailError};
use crate::telegram::bot::{Delivery, SEND_TIMEOUT};
use crate::telegram::poller::BotContext;
use crate::telegram::render;
use jiff::{SignedDuration, Timestamp};
use std::time::Instant;

/// How a job went, before it is written down.
enum Outcome {
    /// Sent, or nothing left to do.
    Done(&'static str),
    /// Try again at this instant.
    Later(Timestamp, String),
    /// Give up.
    Dead(String),
}

/// When a send for `claim` must have started: early enough that it ends (at most
/// `SEND_TIMEOUT` later) before the claim lapses and another worker may take the job.
fn send_deadline(claim: &Claim) -> Instant {
    let now = Timestamp::now();
    let lease_until = claim.record.lease_until.unwrap_or(now);
    let left = lease_until.duration_since(now).as_secs_f64().max(0.0);
    let margin = (SEND_TIMEOUT.as_secs_f64() + 5.0).min(left / 2.0);
    Instant::now() + std::time::Duration::from_secs_f64((left - margin).max(0.0))
}

fn from_delivery(delivery: Delivery, claim: &Claim, now: Timestamp) -> Outcome {
    match delivery {
        Delivery::Sent { .. } => Outcome::Done("sent"),
        Delivery::Expired => Outcome::Later(now, "the claim ran out while waiting for the chat's turn".into()),
        Delivery::RetryAfter(wait) => {
            let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::from_secs(30));
            Outcome::Later(now.checked_add(wait).unwrap_or(now), "Telegram asked us to slow down".into())
        }
        Delivery::Blocked(error) | Delivery::Gone(error) => Outcome::Dead(error),
        Delivery::Failed(error) if claim.record.attempts >= MAX_ATTEMPTS => Outcome::Dead(error),
        Delivery::Failed(error) => {
            Outcome::Later(now.checked_add(backoff(claim.record.attempts)).unwrap_or(now), error)
        }
    }
}

impl Outbox {
    /// Runs one claimed job and settles it.
    /// `event` is the job's event as loaded for this batch: `Some(None)` when it is gone,
    /// `None` when loading it failed (the job is then retried).
    pub(super) async fn run(&self, claim: Claim, event: Option<Option<std::sync::Arc<EventState>>>) {
        let kind = claim.job().task.kind();
        let outcome = match self.perform(&claim, event).await {
            Ok(outcome) => outcome,
            Err(error) => Outcome::Later(
                Timestamp::now().checked_add(backoff(claim.record.attempts)).unwrap_or_else(|_| Timestamp::now()),
                error.to_string(),
            ),
        };
        let (settle, label) = match outcome {
            Outcome::Done(label) => (Settle::Done, label),
            Outcome::Later(at, error) => (Settle::Retry { at, error }, "retried"),
            Outcome::Dead(error) => (Settle::Dead { error }, "failed"),
        };
        if let Settle::Dead { error } | Settle::Retry { error, .. } = &settle {
            tracing::info!(key = %claim.job().key, %error, outcome = label, "outbox job did not go through");
        }
        // The one window where a crash repeats a message: Telegram has it, the store not yet.
        let answered = Instant::now();
        if let Err(error) = self.store.settle(&claim, settle, Timestamp::now()).await {
            tracing::warn!(key = %claim.job().key, %error, "could not settle an outbox job; its lease will lapse");
        }
        metrics::histogram!("prost_outbox_ack_window_seconds").record(answered.elapsed().as_secs_f64());
        metrics::counter!("prost_outbox_jobs_total", "kind" => kind, "outcome" => label).increment(1);
    }

    async fn perform(
        &self,
        claim: &Claim,
        event: Option<Option<std::sync::Arc<EventState>>>,
    ) -> anyhow::Result<Outcome> {
        let job = claim.job();
        let now = Timestamp::now();
        if let Task::Mail { to, language, letter } = &job.task {
            return Ok(self.mail(claim, to, *language, letter).await);
        }
        let Some(bot) = &self.bot else { return Ok(Outcome::Done("skipped")) };
        if let Task::CardsDeleted { cards, title } = &job.task {
            return Ok(edit_cards(bot, cards, |card| render::card_deleted(title, card.russian), None, claim).await);
        }
        let event = event.ok_or_else(|| anyhow::anyhow!("the event could not be loaded"))?;
        let Some(event) = event else { return Ok(Outcome::Done("skipped")) };
        let link = bot.event_link(&job.event_id);
        match &job.task {
            Task::PlanFanOut { start, version } => {
                if !plan_still_stands(&event.meta, *start) {
                    return Ok(Outcome::Done("skipped"));
                }
                self.fan_out(&event, *start, *version, now).await?;
                Ok(Outcome::Done("sent"))
            }
            Task::PlanMessage { to, start } | Task::Reminder { to, start } => {
                let Some(plan) = event.meta.final_plan.as_ref().filter(|_| plan_still_stands(&event.meta, *start))
                else {
                    return Ok(Outcome::Done("skipped"));
                };
                let reminder = matches!(job.task, Task::Reminder { .. });
                if reminder && plan.start <= now {
                    return Ok(Outcome::Done("skipped"));
                }
                let view = EventView::of(&event);
                let text = if reminder {
                    render::reminder(&view, plan, &link, now, to.russian)
                } else {
                    let lead = now.checked_add(self.lead).unwrap_or(now);
                    render::plan_message(&view, plan, &link, &render::time_until(lead, now, to.russian), to.russian)
                };
                let outcome = self.send(bot, *to, &text, &link, claim).await;
                if reminder && matches!(outcome, Outcome::Done("sent")) {
                    let lag = now.duration_since(job.due_at).as_secs_f64().max(0.0);
                    metrics::histogram!("prost_reminder_lag_seconds").record(lag);
                }
                Ok(outcome)
            }
            Task::Invitation { to, inviter } => {
                let text = render::invitation(&EventView::of(&event), inviter, &link, to.russian);
                Ok(self.send(bot, *to, &text, &link, claim).await)
            }
            Task::CardRefresh => {
                let view = EventView::of(&event);
                Ok(edit_cards(
                    bot,
                    &event.meta.cards,
                    |card| render::card(&view, &link, card.russian),
                    Some(&link),
                    claim,
                )
                .await)
            }
            Task::CardsDeleted { .. } | Task::Mail { .. } => Ok(Outcome::Done("skipped")),
        }
    }

    async fn mail(&self, claim: &Claim, to: &str, language: Language, letter: &Letter) -> Outcome {
        if mail::is_placeholder(to) {
            return Outcome::Done("skipped");
        }
        match self.mailer.send(&claim.job().key, to, language, letter).await {
            Ok(()) => Outcome::Done("sent"),
            Err(MailError::Permanent(error)) => Outcome::Dead(error),
            Err(MailError::Transient(error)) if claim.record.attempts >= MAX_ATTEMPTS => Outcome::Dead(error),
            Err(MailError::Transient(error)) => {
                let now = Timestamp::now();
                Outcome::Later(now.checked_add(backoff(claim.record.attempts)).unwrap_or(now), error)
            }
        }
    }

    async fn send(&self, bot: &BotContext, to: Recipient, text: &str, link: &str, claim: &Claim) -> Outcome {
        if self.store.chat_blocked(to.chat_id).await.unwrap_or(false) {
            return Outcome::Dead("the chat blocked the bot".into());
        }
        let delivery = bot
            .telegram
            .send(to.chat_id, text, Some(&render::open_button(link, to.russian)), Some(send_deadline(claim)))
            .await;
        if matches!(delivery, Delivery::Blocked(_)) {
            let _ = self.store.set_chat_blocked(to.chat_id, true).await;
        }
        from_delivery(delivery, claim, Timestamp::now())
    }

    /// Queues each recipient's plan message and reminder (groups get the reminder; their card
    /// shows the plan). Keys are idempotent, so running this twice queues nothing new.
    async fn fan_out(&self, event: &EventState, start: Timestamp, version: u64, now: Timestamp) -> anyhow::Result<()> {
        let recipients = recipients::of(&self.store, event).await?;
        let id = &event.meta.id;
        let mut jobs = Vec::new();
        for to in &recipients.people {
            jobs.push(Job::plan_message(id, version, *to, start, now));
        }
        for to in recipients.people.iter().chain(&recipients.groups) {
            jobs.extend(Job::reminder(id, version, *to, start, self.lead, now));
        }
        self.store.enqueue(&jobs).await?;
        Ok(())
    }
}

/// Edits every card; a card that is gone is detached from the event so it is not edited again.
async fn edit_cards(
    bot: &BotContext,
    cards: &[GroupCard],
    text: impl Fn(&GroupCard) -> String,
    link: Option<&str>,
    claim: &Claim,
) -> Outcome {
    let mut outcome = Outcome::Done("sent");
    for card in cards {
        let button = link.map(|l| render::open_button(l, card.russian));
        let deadline = Some(send_deadline(claim));
        let delivery = bot.telegram.edit(card.chat_id, card.message_id, &text(card), button.as_ref(), deadline).await;
        match from_delivery(delivery, claim, Timestamp::now()) {
            Outcome::Dead(error) => {
                tracing::info!(chat = card.chat_id, %error, "a group card can no longer be edited; forgetting it");
                if link.is_some() {
                    let detach = Command::DetachCard { chat_id: card.chat_id };
                    let _ = bot.card_command(&claim.job().event_id, detach).await;
                }
            }
            later @ Outcome::Later(..) => outcome = later,
            Outcome::Done(_) => {}
        }
    }
    outcome
}
