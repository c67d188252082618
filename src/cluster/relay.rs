//! Diffs and presence across replicas over Redis pub/sub, one channel per event
//! (`prost:event:{id}`), subscribed while this replica has watchers of the event.
//!
//! - The owner's actor publishes each stored diff here after its own sockets got it; one
//!   publisher task sends them in order. Other replicas hand them to their hub, which spots
//!   gaps; a gap (a message lost while Redis was away) is healed with a snapshot from the store.
//! - Each replica announces its own viewer count (coalesced, refreshed every few seconds and
//!   kept in the hash `prost:presence:{id}`), and every replica adds up the others'.

use super::{Cluster, lock};
use crate::domain::change::Change;
use crate::domain::view::EventView;
use crate::live::{Audience, Hub, Outbound, Relayed, ServerMsg};
use fred::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// How long another replica's count stands without being refreshed (a dead replica's viewers
/// fade out after this).
const COUNT_LIFETIME: Duration = Duration::from_secs(30);
/// How often our counts are re-announced.
const COUNT_REFRESH: Duration = Duration::from_secs(10);
/// Count changes within this window go out as one announcement.
const COUNT_COALESCE: Duration = Duration::from_millis(250);

/// Stores our count (value `count expiresAtMs`), keeps the hash alive, and tells the channel.
const ANNOUNCE_COUNT: &str = r#"
if tonumber(ARGV[2]) == 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return redis.call('PUBLISH', KEYS[2], ARGV[5])
"#;

/// What travels on an event's channel.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Note {
    /// A stored change.
    Diff { origin: String, version: u64, changes: Vec<Change> },
    /// A replica's own viewer count.
    Count { origin: String, viewers: u64 },
}

fn channel(event_id: &str) -> String {
    format!("prost:event:{event_id}")
}

fn presence_key(event_id: &str) -> String {
    format!("prost:presence:{event_id}")
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Other replicas' viewer counts per event, each with when it lapses.
type RemoteCounts = HashMap<String, HashMap<String, (u64, Instant)>>;

pub(super) struct Relay {
    outbox: mpsc::UnboundedSender<(String, String)>,
    outbox_rx: Mutex<Option<mpsc::UnboundedReceiver<(String, String)>>>,
    remote: Mutex<RemoteCounts>,
}

impl Relay {
    pub(super) fn new() -> Relay {
        let (outbox, rx) = mpsc::unbounded_channel();
        Relay { outbox, outbox_rx: Mutex::new(Some(rx)), remote: Mutex::default() }
    }

    pub(super) fn spawn(&self, cluster: Arc<Cluster>) {
        if let Some(rx) = lock(&self.outbox_rx).take() {
            tokio::spawn(publish_in_order(cluster.clone(), rx));
        }
        let (audience_tx, audience_rx) = mpsc::unbounded_channel();
        cluster.hub.listen(audience_tx);
        tokio::spawn(follow_audience(cluster.clone(), audience_rx));
        tokio::spawn(receive(cluster));
    }

    /// Gives every watched event that another replica owns a fresh snapshot (after an outage or
    /// a lagging subscription, when diffs may have been missed).
    pub(super) async fn resync_all(&self, cluster: &Cluster) {
        for event_id in cluster.hub.watched() {
            if !cluster.holds(&event_id) {
                resync(cluster, &event_id).await;
            }
        }
    }

    fn set_remote(&self, hub: &Hub, event_id: &str, origin: &str, viewers: u64) {
        let total = {
            let mut remote = lock(&self.remote);
            let counts = remote.entry(event_id.to_string()).or_default();
            if viewers == 0 {
                counts.remove(origin);
            } else {
                counts.insert(origin.to_string(), (viewers, Instant::now() + COUNT_LIFETIME));
            }
            counts.values().map(|(n, _)| n).sum()
        };
        hub.set_remote_viewers(event_id, total);
    }

    /// Drops counts that were not refreshed in time.
    fn prune(&self, hub: &Hub) {
        let now = Instant::now();
        let totals: Vec<(String, u64)> = lock(&self.remote)
            .iter_mut()
            .map(|(event_id, counts)| {
                counts.retain(|_, (_, until)| *until > now);
                (event_id.clone(), counts.values().map(|(n, _)| n).sum())
            })
            .collect();
        for (event_id, total) in totals {
            hub.set_remote_viewers(&event_id, total);
        }
    }
}

impl Cluster {
    /// Sends a stored diff to the other replicas (in the order of calls).
    pub fn announce_diff(&self, event_id: &str, version: u64, changes: &[Change]) {
        let note = Note::Diff { origin: self.me.id.clone(), version, changes: changes.to_vec() };
        if let Ok(payload) = serde_json::to_string(&note) {
            let _ = self.relay.outbox.send((channel(event_id), payload));
        }
    }
}

/// One task publishes everything, so diffs leave in the order the actors produced them. While
/// Redis is down they are dropped: the other replicas resync from the store when it returns.
async fn publish_in_order(cluster: Arc<Cluster>, mut rx: mpsc::UnboundedReceiver<(String, String)>) {
    while let Some((channel, payload)) = rx.recv().await {
        if cluster.is_up() {
            if let Err(error) = cluster.redis.publish::<i64, _, _>(channel, payload).await {
                tracing::debug!(%error, "diff not relayed; watchers elsewhere will resync");
            }
        }
    }
}

async fn receive(cluster: Arc<Cluster>) {
    let mut messages = cluster.subscriber.message_rx();
    loop {
        match messages.recv().await {
            Ok(message) => {
                let channel: &str = &message.channel;
                let Some(event_id) = channel.strip_prefix("prost:event:").map(str::to_string) else { continue };
                let Some(text) = message.value.as_string() else { continue };
                match serde_json::from_str::<Note>(&text) {
                    Ok(note) => handle(&cluster, &event_id, note).await,
                    Err(error) => tracing::warn!(%event_id, %error, "unreadable relay message"),
                }
            }
            Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "relay fell behind; resyncing watched events");
                let cluster = cluster.clone();
                tokio::spawn(async move { cluster.relay.resync_all(&cluster).await });
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        }
    }
}

async fn handle(cluster: &Arc<Cluster>, event_id: &str, note: Note) {
    match note {
        Note::Diff { origin, .. } | Note::Count { origin, .. } if origin == cluster.me.id => {}
        Note::Diff { version, changes, .. } => {
            let diff = Arc::new(Outbound::new(ServerMsg::Diff { version, changes }));
            if cluster.hub.publish_relayed(event_id, diff) == Relayed::Gap {
                metrics::counter!("prost_relay_gaps_total").increment(1);
                let (cluster, event_id) = (cluster.clone(), event_id.to_string());
                tokio::spawn(async move { resync(&cluster, &event_id).await });
            }
        }
        Note::Count { origin, viewers } => cluster.relay.set_remote(&cluster.hub, event_id, &origin, viewers),
    }
}

/// Sends local watchers the stored event, if it is newer than what they have.
async fn resync(cluster: &Cluster, event_id: &str) {
    match cluster.store.load_event(event_id).await {
        // Nobody here has a version yet: the first watcher's own `hello` snapshot is on its way.
        Ok(Some(state)) if cluster.hub.version_of(event_id).is_some_and(|v| v < state.version) => {
            let view = Arc::new(EventView::of(&state));
            cluster
                .hub
                .publish(event_id, Arc::new(Outbound::new(ServerMsg::Snapshot { version: view.version, event: view })));
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%event_id, %error, "resync failed; the next diff retries"),
    }
}

/// Subscribes while this replica has watchers, and announces its viewer counts.
async fn follow_audience(cluster: Arc<Cluster>, mut rx: mpsc::UnboundedReceiver<Audience>) {
    let mut pending: HashMap<String, u64> = HashMap::new();
    let mut flush = tokio::time::interval(COUNT_COALESCE);
    let mut refresh = tokio::time::interval(COUNT_REFRESH);
    loop {
        tokio::select! {
            change = rx.recv() => match change {
                Some(Audience::Opened(event_id)) => open(&cluster, &event_id).await,
                Some(Audience::Count(event_id, viewers)) => { pending.insert(event_id, viewers); }
                Some(Audience::Closed(event_id)) => {
                    pending.remove(&event_id);
                    announce_count(&cluster, &event_id, 0).await;
                    let _ = cluster.subscriber.unsubscribe(channel(&event_id)).await;
                    lock(&cluster.relay.remote).remove(&event_id);
                }
                None => return,
            },
            _ = flush.tick() => {
                for (event_id, viewers) in pending.drain() {
                    announce_count(&cluster, &event_id, viewers).await;
                }
            }
            _ = refresh.tick() => {
                for (event_id, viewers) in cluster.hub.local_counts() {
                    announce_count(&cluster, &event_id, viewers).await;
                }
                cluster.relay.prune(&cluster.hub);
            }
        }
    }
}

/// Starts following an event: subscribe, learn the other replicas' counts, and catch up on
/// anything published before the subscription took effect.
async fn open(cluster: &Arc<Cluster>, event_id: &str) {
    if let Err(error) = cluster.subscriber.subscribe(channel(event_id)).await {
        tracing::debug!(%event_id, %error, "subscribe failed; fred resubscribes on reconnect");
    }
    let counts: HashMap<String, String> = cluster.redis.hgetall(presence_key(event_id)).await.unwrap_or_default();
    let now = now_ms();
    for (origin, value) in counts {
        let mut parts = value.split(' ');
        let viewers = parts.next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
        let fresh = parts.next().and_then(|ms| ms.parse::<i64>().ok()).is_some_and(|until| until > now);
        if origin != cluster.me.id && fresh {
            cluster.relay.set_remote(&cluster.hub, event_id, &origin, viewers);
        }
    }
    if !cluster.holds(event_id) {
        resync(cluster, event_id).await;
    }
}

async fn announce_count(cluster: &Cluster, event_id: &str, viewers: u64) {
    if !cluster.is_up() {
        return;
    }
    let note = Note::Count { origin: cluster.me.id.clone(), viewers };
    let Ok(payload) = serde_json::to_string(&note) else { return };
    let lifetime = COUNT_LIFETIME.as_millis() as i64;
    let args = vec![
        cluster.me.id.clone(),
        viewers.to_string(),
        (now_ms() + lifetime).to_string(),
        (lifetime * 2).to_string(),
        payload,
    ];
    let _: Result<i64, _> =
        cluster.redis.eval(ANNOUNCE_COUNT, vec![presence_key(event_id), channel(event_id)], args).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answer::Answer;
    use std::collections::BTreeMap;

    #[test]
    fn notes_round_trip_as_json() {
        let note = Note::Diff {
            origin: "r1".into(),
            version: 7,
            changes: vec![Change::Answers {
                participant_id: "p1".into(),
                slots: BTreeMap::from([("s1".into(), Some(Answer::Yes)), ("s2".into(), None)]),
                places: BTreeMap::new(),
            }],
        };
        let text = serde_json::to_string(&note).unwrap();
        assert_eq!(serde_json::from_str::<Note>(&text).unwrap(), note);
        let count: Note = serde_json::from_str(r#"{"kind":"count","origin":"r2","viewers":3}"#).unwrap();
        assert_eq!(count, Note::Count { origin: "r2".into(), viewers: 3 });
    }
}
