//! Finds or starts the actor of an event. A supervisor actor owns the spawning, so two requests
//! for a cold event never start two writers, and it restarts an actor that crashed. Lookups of
//! running actors skip the supervisor through a shared map.

use super::event_actor::{CommandError, CommandReply, EventActor, EventMsg, SyncReply};
use crate::cluster::{Claim, Cluster, Owner};
use crate::domain::command::{Caller, Command};
use crate::domain::event::EventState;
use crate::domain::view::EventView;
use crate::live::Hub;
use crate::persistence::{SharedStore, StoreError};
use ractor::concurrency::JoinHandle;
use ractor::rpc::CallResult;
use ractor::{Actor, ActorCell, ActorId, ActorProcessingErr, ActorRef, RpcReplyPort, SupervisionEvent};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How long a caller waits for an actor before giving up.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Why an event could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// No such event.
    #[error("no such event")]
    NotFound,
    /// The store or the actor system is not answering.
    #[error("{0}")]
    Unavailable(String),
    /// The command was refused or failed.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// Another replica owns the event.
    #[error("the event is served by replica {}", .0.replica)]
    Elsewhere(Owner),
}

impl From<StoreError> for RegistryError {
    fn from(e: StoreError) -> Self {
        RegistryError::Unavailable(e.to_string())
    }
}

type ActorMap = Arc<RwLock<HashMap<String, ActorRef<EventMsg>>>>;

fn read(map: &ActorMap) -> std::sync::RwLockReadGuard<'_, HashMap<String, ActorRef<EventMsg>>> {
    map.read().unwrap_or_else(|p| p.into_inner())
}

fn write(map: &ActorMap) -> std::sync::RwLockWriteGuard<'_, HashMap<String, ActorRef<EventMsg>>> {
    map.write().unwrap_or_else(|p| p.into_inner())
}

/// The supervisor's messages.
pub enum SupervisorMsg {
    /// Return the running actor of an event, starting it from the store if needed.
    Ensure(String, RpcReplyPort<Result<ActorRef<EventMsg>, RegistryError>>),
    /// Refuse new actors and drain the running ones. Sent as a message so it is ordered after
    /// any start already in progress.
    Close(RpcReplyPort<()>),
    /// A cold event finished loading (in its own task, so cold starts of different events
    /// overlap instead of queueing behind each other's database reads).
    Loaded(String, Result<Box<EventState>, RegistryError>),
}

struct EventSupervisor {
    template: EventActor,
    actors: ActorMap,
    /// Set when the server shuts down: no new actor may start after the last one was drained.
    closing: Arc<AtomicBool>,
}

/// Supervisor state: which actor serves which event.
struct SupervisorState {
    events_by_actor: HashMap<ActorId, String>,
    /// Events being loaded, with everyone waiting for them.
    loading: HashMap<String, Vec<ActorReply>>,
}

/// Where a started (or refused) actor goes.
type ActorReply = RpcReplyPort<Result<ActorRef<EventMsg>, RegistryError>>;

/// Takes the event's lease when there are other replicas (the actor may only start if this
/// replica owns the event), then loads it; gives the lease back if the load fails.
async fn claim_and_load(template: &EventActor, event_id: &str) -> Result<EventState, RegistryError> {
    if let Some(cluster) = &template.cluster {
        match cluster.claim(event_id).await {
            Ok(Claim::Mine) => {}
            Ok(Claim::Elsewhere(owner)) => return Err(RegistryError::Elsewhere(owner)),
            Err(e) => {
                return Err(RegistryError::Unavailable(format!("{e}: this replica cannot safely take the event over")));
            }
        }
    }
    let loaded = match template.store.load_event(event_id).await {
        Ok(Some(event)) => Ok(event),
        Ok(None) => Err(RegistryError::NotFound),
        Err(e) => Err(e.into()),
    };
    if loaded.is_err() {
        release(template, event_id).await;
    }
    loaded
}

async fn release(template: &EventActor, event_id: &str) {
    if let Some(cluster) = &template.cluster {
        cluster.release(event_id).await;
    }
}

/// The same error for every waiter of a failed load.
fn copy_of(error: &RegistryError) -> RegistryError {
    match error {
        RegistryError::NotFound => RegistryError::NotFound,
        RegistryError::Unavailable(m) => RegistryError::Unavailable(m.clone()),
        RegistryError::Elsewhere(owner) => RegistryError::Elsewhere(owner.clone()),
        other => RegistryError::Unavailable(other.to_string()),
    }
}

impl EventSupervisor {
    /// Loads and starts an event's actor in place (restarts after a crash, which are rare).
    async fn start_actor(
        &self,
        myself: &ActorRef<SupervisorMsg>,
        state: &mut SupervisorState,
        event_id: &str,
    ) -> Result<ActorRef<EventMsg>, RegistryError> {
        if let Some(actor) = read(&self.actors).get(event_id) {
            return Ok(actor.clone());
        }
        if self.closing.load(Ordering::SeqCst) {
            return Err(RegistryError::Unavailable("the server is shutting down".into()));
        }
        let event = claim_and_load(&self.template, event_id).await?;
        self.spawn_actor(myself, state, event_id, event).await
    }

    /// Starts the actor of a loaded event.
    async fn spawn_actor(
        &self,
        myself: &ActorRef<SupervisorMsg>,
        state: &mut SupervisorState,
        event_id: &str,
        event: EventState,
    ) -> Result<ActorRef<EventMsg>, RegistryError> {
        let started = if self.closing.load(Ordering::SeqCst) {
            Err(RegistryError::Unavailable("the server is shutting down".into()))
        } else {
            Actor::spawn_linked(None, self.template.clone(), event, myself.get_cell())
                .await
                .map_err(|e| RegistryError::Unavailable(format!("could not start the event: {e}")))
        };
        let actor = match started {
            Ok((actor, _)) => actor,
            Err(e) => {
                self.release(event_id).await;
                return Err(e);
            }
        };
        state.events_by_actor.insert(actor.get_id(), event_id.to_string());
        write(&self.actors).insert(event_id.to_string(), actor.clone());
        Ok(actor)
    }

    /// Answers with the running actor, or starts loading the event in a task of its own; the
    /// reply waits for `Loaded`.
    fn ensure(
        &self,
        myself: &ActorRef<SupervisorMsg>,
        state: &mut SupervisorState,
        event_id: String,
        reply: ActorReply,
    ) {
        if let Some(actor) = read(&self.actors).get(&event_id) {
            let _ = reply.send(Ok(actor.clone()));
            return;
        }
        if self.closing.load(Ordering::SeqCst) {
            let _ = reply.send(Err(RegistryError::Unavailable("the server is shutting down".into())));
            return;
        }
        if let Some(waiting) = state.loading.get_mut(&event_id) {
            waiting.push(reply);
            return;
        }
        state.loading.insert(event_id.clone(), vec![reply]);
        let (template, myself) = (self.template.clone(), myself.clone());
        tokio::spawn(async move {
            let loaded = claim_and_load(&template, &event_id).await;
            let _ = myself.cast(SupervisorMsg::Loaded(event_id, loaded.map(Box::new)));
        });
    }

    async fn loaded(
        &self,
        myself: &ActorRef<SupervisorMsg>,
        state: &mut SupervisorState,
        event_id: String,
        loaded: Result<Box<EventState>, RegistryError>,
    ) {
        let waiting = state.loading.remove(&event_id).unwrap_or_default();
        let started = match loaded {
            Ok(event) => self.spawn_actor(myself, state, &event_id, *event).await,
            Err(e) => Err(e),
        };
        for reply in waiting {
            let _ = reply.send(started.as_ref().map(ActorRef::clone).map_err(copy_of));
        }
    }

    async fn release(&self, event_id: &str) {
        release(&self.template, event_id).await;
    }

    /// Forgets a stopped actor, unless a newer actor already serves its event.
    fn forget(&self, state: &mut SupervisorState, cell: &ActorCell) -> Option<String> {
        let event_id = state.events_by_actor.remove(&cell.get_id())?;
        let mut actors = write(&self.actors);
        if actors.get(&event_id).is_some_and(|a| a.get_id() == cell.get_id()) {
            actors.remove(&event_id);
        }
        Some(event_id)
    }
}

impl Actor for EventSupervisor {
    type Msg = SupervisorMsg;
    type State = SupervisorState;
    type Arguments = ();

    async fn pre_start(&self, _myself: ActorRef<SupervisorMsg>, _: ()) -> Result<SupervisorState, ActorProcessingErr> {
        Ok(SupervisorState { events_by_actor: HashMap::new(), loading: HashMap::new() })
    }

    async fn handle(
        &self,
        myself: ActorRef<SupervisorMsg>,
        message: SupervisorMsg,
        state: &mut SupervisorState,
    ) -> Result<(), ActorProcessingErr> {
        match message {
            SupervisorMsg::Ensure(event_id, reply) => self.ensure(&myself, state, event_id, reply),
            SupervisorMsg::Loaded(event_id, loaded) => self.loaded(&myself, state, event_id, loaded).await,
            SupervisorMsg::Close(reply) => {
                self.closing.store(true, Ordering::SeqCst);
                myself.drain_children_and_wait(Some(CALL_TIMEOUT)).await;
                let _ = reply.send(());
            }
        }
        Ok(())
    }

    /// Overridden because the default stops the supervisor when any child exits, which would
    /// take every other event down with one idle one.
    async fn handle_supervisor_evt(
        &self,
        myself: ActorRef<SupervisorMsg>,
        event: SupervisionEvent,
        state: &mut SupervisorState,
    ) -> Result<(), ActorProcessingErr> {
        match event {
            SupervisionEvent::ActorTerminated(cell, _, reason) => {
                if let Some(event_id) = self.forget(state, &cell) {
                    tracing::debug!(%event_id, ?reason, "event actor stopped");
                    if !read(&self.actors).contains_key(&event_id) {
                        self.release(&event_id).await;
                    }
                }
            }
            SupervisionEvent::ActorFailed(cell, error) => {
                if let Some(event_id) = self.forget(state, &cell) {
                    tracing::warn!(%event_id, %error, "event actor crashed; restarting it from the store");
                    metrics::counter!("prost_event_actor_restarts_total").increment(1);
                    if let Err(error) = self.start_actor(&myself, state, &event_id).await {
                        // The next request for the event tries again.
                        tracing::warn!(%event_id, %error, "restart failed");
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The handle the rest of the server uses to reach event actors.
#[derive(Clone)]
pub struct Registry {
    actors: ActorMap,
    closing: Arc<AtomicBool>,
    supervisor: ActorRef<SupervisorMsg>,
    supervisor_task: Arc<std::sync::Mutex<Option<JoinHandle<()>>>>,
    store: SharedStore,
    cluster: Option<Arc<Cluster>>,
}

fn unreachable_actor(e: impl std::fmt::Display) -> RegistryError {
    RegistryError::Unavailable(format!("the event is busy, try again: {e}"))
}

impl Registry {
    /// Starts the supervisor for a single process.
    pub async fn start(store: SharedStore, hub: Arc<Hub>, idle_after: Duration) -> anyhow::Result<Registry> {
        Self::start_clustered(store, hub, idle_after, None).await
    }

    /// Starts the supervisor; with a cluster, actors run only for events this replica owns,
    /// and an actor whose lease is lost (reported on `lost`) is stopped.
    pub async fn start_clustered(
        store: SharedStore,
        hub: Arc<Hub>,
        idle_after: Duration,
        cluster: Option<(Arc<Cluster>, tokio::sync::mpsc::UnboundedReceiver<String>)>,
    ) -> anyhow::Result<Registry> {
        let actors: ActorMap = Arc::default();
        let (cluster, lost) = cluster.map_or((None, None), |(c, lost)| (Some(c), Some(lost)));
        if let Some(mut lost) = lost {
            let actors = actors.clone();
            tokio::spawn(async move {
                while let Some(event_id) = lost.recv().await {
                    let actor = write(&actors).remove(&event_id);
                    if let Some(actor) = actor {
                        actor.stop(Some("lease lost".into()));
                    }
                }
            });
        }
        let template = EventActor { store: store.clone(), hub, idle_after, cluster: cluster.clone() };
        let closing = Arc::new(AtomicBool::new(false));
        let supervisor = EventSupervisor { template, actors: actors.clone(), closing: closing.clone() };
        let (supervisor, task) = Actor::spawn(None, supervisor, ()).await?;
        Ok(Registry {
            actors,
            closing,
            supervisor,
            supervisor_task: Arc::new(std::sync::Mutex::new(Some(task))),
            store,
            cluster,
        })
    }

    /// How many event actors run now.
    pub fn alive(&self) -> usize {
        read(&self.actors).len()
    }

    async fn actor(&self, event_id: &str) -> Result<ActorRef<EventMsg>, RegistryError> {
        if let Some(actor) = read(&self.actors).get(event_id) {
            return Ok(actor.clone());
        }
        // Most requests for an event owned elsewhere are answered by one Redis read, without
        // queueing behind the supervisor (which claims, and loads cold events, one at a time).
        if let Some(cluster) = &self.cluster
            && let Ok(Some(owner)) = cluster.owner(event_id).await
            && owner.replica != cluster.me.id
        {
            return Err(RegistryError::Elsewhere(owner));
        }
        match self.supervisor.call(|reply| SupervisorMsg::Ensure(event_id.to_string(), reply), Some(CALL_TIMEOUT)).await
        {
            Ok(CallResult::Success(result)) => result,
            Ok(_) => Err(RegistryError::Unavailable("the event did not start in time".into())),
            Err(e) => Err(unreachable_actor(e)),
        }
    }

    /// Sends a request to the event's actor, starting it if needed. An actor that stops
    /// between lookup and send (idle, or crashed) is looked up once more.
    async fn call<T: Send + 'static>(
        &self,
        event_id: &str,
        build: impl Fn(RpcReplyPort<T>) -> EventMsg,
    ) -> Result<T, RegistryError> {
        for attempt in 0..2 {
            let actor = self.actor(event_id).await?;
            match actor.call(&build, Some(CALL_TIMEOUT)).await {
                Ok(CallResult::Success(value)) => return Ok(value),
                Ok(CallResult::Timeout) => {
                    return Err(RegistryError::Unavailable("the event did not answer in time".into()));
                }
                Ok(CallResult::SenderError) | Err(_) if attempt == 0 => {
                    let mut actors = write(&self.actors);
                    if actors.get(event_id).is_some_and(|a| a.get_id() == actor.get_id()) {
                        actors.remove(event_id);
                    }
                }
                Ok(CallResult::SenderError) => return Err(unreachable_actor("the event restarted")),
                Err(e) => return Err(unreachable_actor(e)),
            }
        }
        Err(unreachable_actor("the event restarted"))
    }

    /// Applies a command to an event.
    pub async fn command(
        &self,
        event_id: &str,
        command: Command,
        caller: Caller,
    ) -> Result<CommandReply, RegistryError> {
        let reply = self
            .call(event_id, |reply| EventMsg::Command {
                command: command.clone(),
                caller: caller.clone(),
                // Half the caller's patience to start, the other half for the store write.
                deadline: std::time::Instant::now() + CALL_TIMEOUT / 2,
                reply,
            })
            .await?;
        Ok(reply?)
    }

    /// Where an event's commands go: `None` when this replica runs its actor (starting it if
    /// needed), or the replica that owns it.
    pub async fn locate(&self, event_id: &str) -> Result<Option<Owner>, RegistryError> {
        match self.actor(event_id).await {
            Ok(_) => Ok(None),
            Err(RegistryError::Elsewhere(owner)) => Ok(Some(owner)),
            Err(e) => Err(e),
        }
    }

    /// The current view of an event. An event another replica owns, or one nobody can own
    /// while Redis is away, is read from the store, which holds every acknowledged change.
    pub async fn view(&self, event_id: &str) -> Result<Arc<EventView>, RegistryError> {
        match self.call(event_id, EventMsg::View).await {
            Err(RegistryError::Elsewhere(_) | RegistryError::Unavailable(_)) if self.cluster.is_some() => {
                self.stored_view(event_id).await
            }
            other => other,
        }
    }

    /// What a socket needs to catch up from `since` (a snapshot from the store when the event
    /// lives on another replica).
    pub async fn sync(&self, event_id: &str, since: Option<u64>) -> Result<SyncReply, RegistryError> {
        match self.call(event_id, |reply| EventMsg::Sync { since, reply }).await {
            Err(RegistryError::Elsewhere(_) | RegistryError::Unavailable(_)) if self.cluster.is_some() => {
                let view = self.stored_view(event_id).await?;
                let snapshot = crate::live::ServerMsg::Snapshot { version: view.version, event: view };
                Ok(SyncReply::Snapshot(Arc::new(crate::live::Outbound::new(snapshot))))
            }
            other => other,
        }
    }

    async fn stored_view(&self, event_id: &str) -> Result<Arc<EventView>, RegistryError> {
        let state = self.store.load_event(event_id).await?.ok_or(RegistryError::NotFound)?;
        Ok(Arc::new(EventView::of(&state)))
    }

    /// Stops every actor after it has handled what is already in its mailbox, then the
    /// supervisor. Acknowledged writes are already stored; this just finishes in-flight ones.
    pub async fn shutdown(&self) {
        self.closing.store(true, Ordering::SeqCst);
        let _ = self.supervisor.call(SupervisorMsg::Close, Some(CALL_TIMEOUT * 2)).await;
        self.supervisor.stop(None);
        let task = self.supervisor_task.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    #[cfg(test)]
    pub(crate) fn running(&self, event_id: &str) -> Option<ActorRef<EventMsg>> {
        read(&self.actors).get(event_id).cloned()
    }
}
