//! Background work: the `ReminderActor` drains the outbox. It claims due jobs with a lease,
//! sends what they ask for through the Telegram bot or the mailer, and settles each one, so a job outlives
//! restarts, `kill -9` and replicas, and runs once. `prost worker --once` drains what is due
//! and exits (a CronJob, or a serverless function).

mod jobs;
pub mod recipients;

use crate::domain::event::EventState;
use crate::persistence::SharedStore;
use crate::telegram::poller::BotContext;
use futures::StreamExt;
use jiff::{SignedDuration, Timestamp};
use ractor::{Actor, ActorProcessingErr, ActorRef};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Jobs claimed per round.
const BATCH: usize = 64;
/// Jobs in flight at once (the pacer keeps Telegram's limits whatever this is).
const IN_FLIGHT: usize = 16;
/// How often an idle worker looks for due jobs.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// What the outbox worker needs.
#[derive(Clone)]
pub struct Outbox {
    /// The database.
    pub store: SharedStore,
    /// The bot, when Telegram is on (with its event links and card commands).
    pub bot: Option<BotContext>,
    /// How long before the start reminders go.
    pub lead: SignedDuration,
    /// How long a claim holds a job.
    pub lease: SignedDuration,
    /// Account mail (logs instead of sending when no SMTP server is configured).
    pub mailer: Arc<crate::mail::Mailer>,
}

impl Outbox {
    /// Claims one batch of due jobs and runs it; how many jobs it ran.
    pub async fn run_batch(&self) -> usize {
        let now = Timestamp::now();
        let lease_until = now.checked_add(self.lease).unwrap_or(now);
        let claims = match self.store.claim_due(now, lease_until, BATCH).await {
            Ok(claims) => claims,
            Err(error) => {
                tracing::warn!(%error, "could not claim outbox jobs; trying again soon");
                return 0;
            }
        };
        let count = claims.len();
        // A batch is mostly one event's messages (a plan fan-out queues one per chat): load each
        // event once per batch, not once per message. On MongoDB that is the difference between
        // one read of a thousand participants and a thousand of them.
        let mut events: HashMap<String, Option<Arc<EventState>>> = HashMap::new();
        for claim in &claims {
            let id = &claim.job().event_id;
            // Mail is about an account, not an event.
            if !id.is_empty() && !events.contains_key(id) {
                match self.store.load_event(id).await {
                    Ok(event) => {
                        events.insert(id.clone(), event.map(Arc::new));
                    }
                    Err(error) => tracing::warn!(%error, event = %id, "could not load an event for its jobs"),
                }
            }
        }
        let events = &events;
        futures::stream::iter(claims)
            .for_each_concurrent(IN_FLIGHT, |claim| async move {
                let event = events.get(&claim.job().event_id).cloned();
                self.run(claim, event).await
            })
            .await;
        count
    }

    /// Runs batches until nothing is due; how many jobs ran.
    pub async fn drain(&self) -> usize {
        let mut total = 0;
        loop {
            let ran = self.run_batch().await;
            total += ran;
            if ran == 0 {
                return total;
            }
        }
    }

    /// Refreshes the outbox gauges.
    pub async fn record_counts(&self) {
        if let Ok(counts) = self.store.outbox_counts(Timestamp::now()).await {
            metrics::gauge!("prost_outbox_waiting").set(counts.pending as f64);
            metrics::gauge!("prost_outbox_due").set(counts.due as f64);
        }
    }
}

/// The actor that keeps draining the outbox.
pub struct ReminderActor;

/// What the actor hears.
#[derive(Debug)]
pub enum ReminderMsg {
    /// Look for due jobs.
    Tick,
}

impl Actor for ReminderActor {
    type Msg = ReminderMsg;
    type State = (Arc<Outbox>, u32);
    type Arguments = Arc<Outbox>;

    async fn pre_start(
        &self,
        myself: ActorRef<ReminderMsg>,
        outbox: Arc<Outbox>,
    ) -> Result<Self::State, ActorProcessingErr> {
        let _ = myself.send_message(ReminderMsg::Tick);
        Ok((outbox, 0))
    }

    async fn handle(
        &self,
        myself: ActorRef<ReminderMsg>,
        ReminderMsg::Tick: ReminderMsg,
        (outbox, rounds): &mut Self::State,
    ) -> Result<(), ActorProcessingErr> {
        let ran = outbox.run_batch().await;
        *rounds = rounds.wrapping_add(1);
        if *rounds % 20 == 0 {
            outbox.record_counts().await;
            if let Some(bot) = &outbox.bot {
                bot.telegram.forget_idle();
            }
        }
        // One tick at a time: the next is scheduled only when this one is done, so a slow
        // round never piles ticks up in the mailbox. A full batch means more may be due now.
        let next = if ran >= BATCH { Duration::ZERO } else { IDLE_POLL };
        myself.send_after(next, || ReminderMsg::Tick);
        Ok(())
    }
}

/// Starts the actor; it runs until the returned handle is stopped.
pub async fn start(outbox: Outbox) -> anyhow::Result<ActorRef<ReminderMsg>> {
    let (actor, _) = Actor::spawn(None, ReminderActor, Arc::new(outbox)).await?;
    Ok(actor)
}
