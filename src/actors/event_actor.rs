//! The actor that owns one event: it plans each command against its in-memory state, writes
//! the result through to the store, and only then commits it to memory, bumps the version,
//! replies and publishes the diff.

use super::pace::EventPace;
use crate::cluster::Cluster;
use crate::domain::command::{Caller, Command};
use crate::domain::error::DomainError;
use crate::domain::event::EventState;
use crate::domain::plan::{Outcome, Write, plan};
use crate::domain::view::EventView;
use crate::live::{Hub, Outbound, ServerMsg};
use crate::persistence::{SharedStore, StoreError};
use jiff::Timestamp;
use ractor::{Actor, ActorProcessingErr, ActorRef, RpcReplyPort};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many recent diffs an actor keeps for clients that reconnect with `sinceVersion`.
const RECENT_DIFFS: usize = 256;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A domain rule refused it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The store failed; nothing changed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The command waited in the mailbox past its deadline and was dropped unapplied.
    #[error("the event was too busy to get to this in time; nothing changed, try again")]
    Expired,
    /// The event takes no more of these for now (see [`EventPace`]); try again in that many
    /// seconds.
    #[error("this event is taking a lot of these right now; try again in a moment")]
    TooFast(u64),
}

/// The result of an applied command.
#[derive(Debug, Clone)]
pub struct CommandReply {
    /// The event's version after the command.
    pub version: u64,
    /// What the command produced.
    pub outcome: Outcome,
    /// The event after the command, when the outcome is the event.
    pub view: Option<Arc<EventView>>,
}

/// What a (re)connecting socket needs to catch up.
#[derive(Debug, Clone)]
pub enum SyncReply {
    /// The whole event.
    Snapshot(Arc<Outbound>),
    /// Only the diffs after the client's version (possibly none).
    Diffs(Vec<Arc<Outbound>>, u64),
}

/// Messages an event actor handles.
pub enum EventMsg {
    /// Apply a command.
    Command {
        /// The command.
        command: Command,
        /// Who sends it.
        caller: Caller,
        /// After this the caller has given up: the command is refused, never applied late.
        deadline: Instant,
        /// Where the result goes.
        reply: RpcReplyPort<Result<CommandReply, CommandError>>,
    },
    /// The current event.
    View(RpcReplyPort<Arc<EventView>>),
    /// Catch a socket up from `since`.
    Sync {
        /// The client's last version.
        since: Option<u64>,
        /// Where the answer goes.
        reply: RpcReplyPort<SyncReply>,
    },
    /// Periodic idle check.
    Tick,
    /// Fault injection for the supervision tests: the handler panics.
    #[cfg(test)]
    Crash,
}

/// Static wiring every event actor shares.
#[derive(Clone)]
pub struct EventActor {
    /// Where writes go.
    pub store: SharedStore,
    /// Where diffs go.
    pub hub: Arc<Hub>,
    /// Stop after this long without commands or watchers.
    pub idle_after: Duration,
    /// The other replicas, when there are any.
    pub cluster: Option<Arc<Cluster>>,
}

/// An event actor's state.
pub struct EventActorState {
    event: EventState,
    /// The view of the current version, built on first request.
    view: Option<Arc<EventView>>,
    /// Recent diffs, oldest first, for `sinceVersion` catch-up.
    recent: VecDeque<Arc<Outbound>>,
    last_active: Instant,
    pace: EventPace,
}

impl EventActorState {
    fn view(&mut self) -> Arc<EventView> {
        match &self.view {
            Some(view) if view.version == self.event.version => view.clone(),
            _ => {
                let view = Arc::new(EventView::of(&self.event));
                self.view = Some(view.clone());
                view
            }
        }
    }

    fn snapshot(&mut self) -> Arc<Outbound> {
        let view = self.view();
        Arc::new(Outbound::new(ServerMsg::Snapshot { version: view.version, event: view }))
    }

    fn sync(&mut self, since: Option<u64>) -> SyncReply {
        let version = self.event.version;
        let Some(since) = since.filter(|s| *s <= version) else { return SyncReply::Snapshot(self.snapshot()) };
        let diffs: Vec<_> = self.recent.iter().filter(|d| d.version().is_some_and(|v| v > since)).cloned().collect();
        // Diffs are only enough when they cover every version after the client's.
        if diffs.len() as u64 == version - since {
            SyncReply::Diffs(diffs, version)
        } else {
            SyncReply::Snapshot(self.snapshot())
        }
    }
}

impl EventActor {
    async fn command(
        &self,
        myself: &ActorRef<EventMsg>,
        state: &mut EventActorState,
        command: Command,
        caller: &Caller,
    ) -> Result<CommandReply, CommandError> {
        let id = state.event.meta.id.clone();
        state.pace.check(&command).map_err(CommandError::TooFast)?;
        let planned = plan(&state.event, command, caller, now())?;
        if !planned.writes.is_empty() {
            if let Err(error) = self.store.apply(&id, state.event.version, &planned.writes).await {
                if matches!(error, StoreError::Conflict { .. }) {
                    // Another replica wrote this event: our copy is stale and no longer ours.
                    myself.stop(Some("superseded by another writer".into()));
                } else {
                    self.recover(myself, state).await;
                }
                return Err(error.into());
            }
            state.event.commit(&planned);
            let version = state.event.version;
            let diff = Arc::new(Outbound::new(ServerMsg::Diff { version, changes: planned.changes.clone() }));
            self.hub.publish(&id, diff.clone());
            if let Some(cluster) = &self.cluster {
                cluster.announce_diff(&id, version, &planned.changes);
                // Before the reply, so whoever made the change reads it back from any replica.
                cluster.invalidate_view(&id, version).await;
            }
            metrics::counter!("prost_event_changes_total").increment(1);
            state.recent.push_back(diff);
            if state.recent.len() > RECENT_DIFFS {
                state.recent.pop_front();
            }
            if planned.writes.contains(&Write::DeleteEvent) {
                myself.stop(Some("deleted".into()));
            }
        }
        let view = matches!(planned.outcome, Outcome::Event).then(|| state.view());
        Ok(CommandReply { version: state.event.version, outcome: planned.outcome, view })
    }

    /// After a failed write the store may hold part of it (MongoDB writes are not
    /// transactional), so memory is reloaded from the store; if even that fails the actor
    /// stops and the next request loads it afresh.
    async fn recover(&self, myself: &ActorRef<EventMsg>, state: &mut EventActorState) {
        match self.store.load_event(&state.event.meta.id).await {
            Ok(Some(event)) => {
                state.event = event;
                state.view = None;
                state.recent.clear();
                let snapshot = state.snapshot();
                self.hub.publish(&state.event.meta.id, snapshot);
            }
            _ => myself.stop(Some("store unavailable".into())),
        }
    }
}

/// The current time, rounded to milliseconds so every store keeps it exactly.
pub fn now() -> Timestamp {
    Timestamp::now().round(jiff::Unit::Millisecond).unwrap_or_else(|_| Timestamp::now())
}

impl Actor for EventActor {
    type Msg = EventMsg;
    type State = EventActorState;
    type Arguments = EventState;

    async fn pre_start(
        &self,
        myself: ActorRef<EventMsg>,
        event: EventState,
    ) -> Result<EventActorState, ActorProcessingErr> {
        let check_every = (self.idle_after / 4).clamp(Duration::from_millis(50), Duration::from_secs(30));
        myself.send_interval(check_every, || EventMsg::Tick);
        let mut state = EventActorState {
            event,
            view: None,
            recent: VecDeque::new(),
            last_active: Instant::now(),
            pace: EventPace::default(),
        };
        // Watchers of a restarted actor may have missed a change: give them the truth.
        if self.hub.viewers(&state.event.meta.id) > 0 {
            let snapshot = state.snapshot();
            self.hub.publish(&state.event.meta.id, snapshot);
        }
        Ok(state)
    }

    async fn handle(
        &self,
        myself: ActorRef<EventMsg>,
        message: EventMsg,
        state: &mut EventActorState,
    ) -> Result<(), ActorProcessingErr> {
        match message {
            EventMsg::Command { command, caller, deadline, reply } => {
                state.last_active = Instant::now();
                // A caller that timed out was told the change failed; applying it now would make
                // that a lie (and a retry would apply it twice).
                let result = if Instant::now() >= deadline {
                    Err(CommandError::Expired)
                } else {
                    self.command(&myself, state, command, &caller).await
                };
                // The caller may have timed out and gone; that is not the actor's problem.
                let _ = reply.send(result);
            }
            EventMsg::View(reply) => {
                state.last_active = Instant::now();
                let _ = reply.send(state.view());
            }
            EventMsg::Sync { since, reply } => {
                state.last_active = Instant::now();
                let _ = reply.send(state.sync(since));
            }
            EventMsg::Tick => {
                let idle = state.last_active.elapsed() >= self.idle_after;
                if idle && self.hub.viewers(&state.event.meta.id) == 0 {
                    myself.stop(Some("idle".into()));
                }
            }
            #[cfg(test)]
            EventMsg::Crash => panic!("crash requested by a test"),
        }
        Ok(())
    }
}
