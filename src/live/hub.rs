//! Per-process fan-out. Event actors publish here; WebSocket sessions watch here. Keeping the
//! hub apart from the actors means a socket survives its event's actor restarting, and lets a
//! cross-replica relay (Redis) feed the same hub later.
//!
//! Presence is coalesced: when a thousand people open a link at once, each of them would
//! otherwise be told about every one of the others arriving (a million messages). The first
//! change goes out at once; changes within the next `presence_interval` are folded into one
//! update with the latest count.

use super::outbound::Outbound;
use super::protocol::ServerMsg;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// How many messages a watcher may fall behind before it is cut off and told to resync.
pub const WATCHER_BACKLOG: usize = 512;

/// Default minimum time between two presence updates of one event.
pub const PRESENCE_INTERVAL: Duration = Duration::from_millis(250);

struct Channel {
    tx: broadcast::Sender<Arc<Outbound>>,
    /// Sockets on this process.
    viewers: u64,
    /// Sockets on the other replicas, as they last announced them.
    remote: u64,
    /// The newest version sent to these watchers, for spotting relayed gaps.
    version: Option<u64>,
    /// The count last sent, and when.
    announced: Option<(u64, Instant)>,
    /// A delayed update is already on its way.
    flush_pending: bool,
}

/// What the hub tells a cross-replica relay about this process's audience.
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// The first local watcher of an event arrived.
    Opened(String),
    /// The local viewer count changed.
    Count(String, u64),
    /// The last local watcher left.
    Closed(String),
}

/// What became of a relayed message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Relayed {
    /// Sent on to the watchers.
    Delivered,
    /// Already seen (or nobody watches here); dropped.
    Dropped,
    /// Versions are missing before it: sent on, and the event needs a resync.
    Gap,
}

/// Fan-out channels and viewer counts, one per watched event.
pub struct Hub {
    channels: Mutex<HashMap<String, Channel>>,
    presence_interval: Duration,
    me: Weak<Hub>,
    listener: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<Audience>>,
}

impl Hub {
    /// An empty hub with the default presence interval.
    pub fn new() -> Arc<Self> {
        Self::with_presence_interval(PRESENCE_INTERVAL)
    }

    /// An empty hub that sends presence at most once per `interval` per event.
    pub fn with_presence_interval(interval: Duration) -> Arc<Self> {
        Arc::new_cyclic(|me| Hub {
            channels: Mutex::default(),
            presence_interval: interval,
            me: me.clone(),
            listener: std::sync::OnceLock::new(),
        })
    }

    /// Reports audience changes to `listener` from now on (the cross-replica relay).
    pub fn listen(&self, listener: tokio::sync::mpsc::UnboundedSender<Audience>) {
        let _ = self.listener.set(listener);
    }

    fn tell(&self, change: Audience) {
        if let Some(listener) = self.listener.get() {
            let _ = listener.send(change);
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Channel>> {
        // A poisoned lock only means another thread panicked mid-update of plain counters.
        self.channels.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `msg` to everyone watching `event_id`; returns how many sockets got it.
    pub fn publish(&self, event_id: &str, msg: Arc<Outbound>) -> usize {
        let mut channels = self.lock();
        let Some(channel) = channels.get_mut(event_id) else { return 0 };
        if let Some(version) = msg.version() {
            channel.version = Some(channel.version.map_or(version, |v| v.max(version)));
        }
        channel.tx.send(msg).unwrap_or(0)
    }

    /// Sends a diff that came from another replica, checking it follows what was sent before.
    pub fn publish_relayed(&self, event_id: &str, msg: Arc<Outbound>) -> Relayed {
        let mut channels = self.lock();
        let Some(channel) = channels.get_mut(event_id) else { return Relayed::Dropped };
        let version = msg.version().unwrap_or(0);
        let outcome = match channel.version {
            Some(seen) if version <= seen => return Relayed::Dropped,
            Some(seen) if version > seen + 1 => Relayed::Gap,
            _ => Relayed::Delivered,
        };
        channel.version = Some(version);
        let _ = channel.tx.send(msg);
        outcome
    }

    /// Records that a watcher was brought up to `version` outside the channel (a snapshot
    /// from `hello`), so the relay knows what counts as a gap.
    pub fn saw_version(&self, event_id: &str, version: u64) {
        if let Some(channel) = self.lock().get_mut(event_id) {
            channel.version = Some(channel.version.map_or(version, |v| v.max(version)));
        }
    }

    /// The newest version sent to `event_id`'s watchers here.
    pub fn version_of(&self, event_id: &str) -> Option<u64> {
        self.lock().get(event_id).and_then(|c| c.version)
    }

    /// How many sockets watch `event_id` on this process.
    pub fn viewers(&self, event_id: &str) -> u64 {
        self.lock().get(event_id).map_or(0, |c| c.viewers)
    }

    /// How many sockets watch `event_id` on every replica.
    pub fn audience(&self, event_id: &str) -> u64 {
        self.lock().get(event_id).map_or(0, |c| c.viewers + c.remote)
    }

    /// Updates the other replicas' viewers of `event_id`, announcing the new total.
    pub fn set_remote_viewers(&self, event_id: &str, remote: u64) {
        let mut channels = self.lock();
        if let Some(channel) = channels.get_mut(event_id)
            && channel.remote != remote
        {
            channel.remote = remote;
            self.announce(event_id, channel);
        }
    }

    /// Events watched on this process.
    pub fn watched(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Local viewer counts of every watched event.
    pub fn local_counts(&self) -> Vec<(String, u64)> {
        self.lock().iter().map(|(id, c)| (id.clone(), c.viewers)).collect()
    }

    /// Starts watching `event_id`. The returned receiver gets every later message, including
    /// the presence update this call causes.
    pub fn watch(self: &Arc<Self>, event_id: &str) -> (Watch, broadcast::Receiver<Arc<Outbound>>) {
        let mut channels = self.lock();
        let opened = !channels.contains_key(event_id);
        let channel = channels.entry(event_id.to_string()).or_insert_with(|| Channel {
            tx: broadcast::channel(WATCHER_BACKLOG).0,
            viewers: 0,
            remote: 0,
            version: None,
            announced: None,
            flush_pending: false,
        });
        let rx = channel.tx.subscribe();
        channel.viewers += 1;
        self.announce(event_id, channel);
        if opened {
            self.tell(Audience::Opened(event_id.to_string()));
        }
        self.tell(Audience::Count(event_id.to_string(), channel.viewers));
        (Watch { hub: self.clone(), event_id: event_id.to_string() }, rx)
    }

    /// A fresh receiver for someone already counted (a resync after a gap).
    pub fn resubscribe(&self, watch: &Watch) -> Option<broadcast::Receiver<Arc<Outbound>>> {
        self.lock().get(&watch.event_id).map(|c| c.tx.subscribe())
    }

    fn unwatch(&self, event_id: &str) {
        let mut channels = self.lock();
        if let Some(channel) = channels.get_mut(event_id) {
            channel.viewers = channel.viewers.saturating_sub(1);
            if channel.viewers == 0 {
                channels.remove(event_id);
                self.tell(Audience::Closed(event_id.to_string()));
            } else {
                self.announce(event_id, channel);
                self.tell(Audience::Count(event_id.to_string(), channel.viewers));
            }
        }
    }

    /// Sends the count now, or schedules one coalesced update. Called under the lock, so counts
    /// go out in the order they happened.
    fn announce(&self, event_id: &str, channel: &mut Channel) {
        let now = Instant::now();
        let due = channel.announced.is_none_or(|(_, at)| now.duration_since(at) >= self.presence_interval);
        let runtime = tokio::runtime::Handle::try_current();
        let total = channel.viewers + channel.remote;
        if due || runtime.is_err() {
            let _ = channel.tx.send(presence(total));
            channel.announced = Some((total, now));
            return;
        }
        if channel.flush_pending {
            return;
        }
        channel.flush_pending = true;
        let wait = channel
            .announced
            .map_or(Duration::ZERO, |(_, at)| (at + self.presence_interval).saturating_duration_since(now));
        let (hub, event_id) = (self.me.clone(), event_id.to_string());
        if let Ok(runtime) = runtime {
            runtime.spawn(async move {
                tokio::time::sleep(wait).await;
                if let Some(hub) = hub.upgrade() {
                    hub.flush_presence(&event_id);
                }
            });
        }
    }

    fn flush_presence(&self, event_id: &str) {
        let mut channels = self.lock();
        if let Some(channel) = channels.get_mut(event_id) {
            channel.flush_pending = false;
            let total = channel.viewers + channel.remote;
            if channel.announced.map(|(count, _)| count) != Some(total) {
                let _ = channel.tx.send(presence(total));
            }
            channel.announced = Some((total, Instant::now()));
        }
    }
}

fn presence(viewers: u64) -> Arc<Outbound> {
    Arc::new(Outbound::new(ServerMsg::Presence { viewers }))
}

/// One socket's membership in an event's audience; dropping it leaves.
pub struct Watch {
    hub: Arc<Hub>,
    event_id: String,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.hub.unwatch(&self.event_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewers(msg: &Outbound) -> Option<u64> {
        match msg.msg {
            ServerMsg::Presence { viewers } => Some(viewers),
            _ => None,
        }
    }

    #[tokio::test]
    async fn presence_counts_watchers_and_leavers() {
        let hub = Hub::with_presence_interval(Duration::ZERO);
        let (first, mut rx1) = hub.watch("e1");
        assert_eq!(viewers(&rx1.recv().await.unwrap()), Some(1));
        let (second, _rx2) = hub.watch("e1");
        assert_eq!(viewers(&rx1.recv().await.unwrap()), Some(2));
        assert_eq!(hub.viewers("e1"), 2);
        drop(second);
        assert_eq!(viewers(&rx1.recv().await.unwrap()), Some(1));
        drop(first);
        assert_eq!(hub.viewers("e1"), 0);
        assert_eq!(hub.publish("e1", presence(9)), 0, "nobody left to receive");
    }

    #[tokio::test]
    async fn a_crowd_arriving_at_once_gets_few_presence_updates() {
        let hub = Hub::with_presence_interval(Duration::from_millis(100));
        let (_first, mut rx) = hub.watch("e1");
        let crowd: Vec<_> = (0..500).map(|_| hub.watch("e1")).collect();
        assert_eq!(viewers(&rx.recv().await.unwrap()), Some(1), "the first change goes out at once");
        let update = tokio::time::timeout(Duration::from_secs(2), rx.recv()).await.unwrap().unwrap();
        assert_eq!(viewers(&update), Some(501), "the burst arrives as one update with the final count");
        assert!(rx.try_recv().is_err(), "and nothing else");
        drop(crowd);
        let update = tokio::time::timeout(Duration::from_secs(2), rx.recv()).await.unwrap().unwrap();
        assert_eq!(viewers(&update), Some(1));
    }

    #[tokio::test]
    async fn events_do_not_hear_each_other() {
        let hub = Hub::new();
        let (_a, mut rx_a) = hub.watch("a");
        let (_b, mut rx_b) = hub.watch("b");
        rx_a.recv().await.unwrap();
        rx_b.recv().await.unwrap();
        hub.publish("a", Arc::new(Outbound::new(ServerMsg::Pong)));
        assert!(matches!(rx_a.recv().await.unwrap().msg, ServerMsg::Pong));
        assert!(rx_b.try_recv().is_err());
    }

    fn diff(version: u64) -> Arc<Outbound> {
        Arc::new(Outbound::new(ServerMsg::Diff { version, changes: vec![] }))
    }

    #[tokio::test]
    async fn relayed_diffs_are_checked_for_gaps_and_repeats() {
        let hub = Hub::new();
        let (_watch, mut rx) = hub.watch("e1");
        rx.recv().await.unwrap();
        hub.saw_version("e1", 4);
        assert_eq!(hub.publish_relayed("e1", diff(4)), Relayed::Dropped, "already seen");
        assert_eq!(hub.publish_relayed("e1", diff(5)), Relayed::Delivered);
        assert_eq!(hub.publish_relayed("e1", diff(7)), Relayed::Gap, "6 went missing");
        assert_eq!(hub.version_of("e1"), Some(7));
        let got: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok()).filter_map(|m| m.version()).collect();
        assert_eq!(got, vec![5, 7], "a gap is still delivered so clients can resync themselves");
        assert_eq!(hub.publish_relayed("nobody", diff(1)), Relayed::Dropped);
    }

    #[tokio::test]
    async fn presence_adds_other_replicas_and_audience_changes_are_reported() {
        let hub = Hub::with_presence_interval(Duration::ZERO);
        let (tx, mut changes) = tokio::sync::mpsc::unbounded_channel();
        hub.listen(tx);
        let (first, mut rx) = hub.watch("e1");
        assert_eq!(viewers(&rx.recv().await.unwrap()), Some(1));
        hub.set_remote_viewers("e1", 4);
        assert_eq!(viewers(&rx.recv().await.unwrap()), Some(5), "local and remote viewers add up");
        assert_eq!(hub.audience("e1"), 5);
        assert_eq!(hub.viewers("e1"), 1, "only local sockets keep an actor awake");
        let (second, _rx2) = hub.watch("e1");
        drop(second);
        drop(first);
        let reported: Vec<Audience> = std::iter::from_fn(|| changes.try_recv().ok()).collect();
        assert_eq!(
            reported,
            vec![
                Audience::Opened("e1".into()),
                Audience::Count("e1".into(), 1),
                Audience::Count("e1".into(), 2),
                Audience::Count("e1".into(), 1),
                Audience::Closed("e1".into()),
            ]
        );
    }
}
