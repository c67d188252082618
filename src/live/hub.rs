//! Per-process fan-out. Event actors publish here; WebSocket sessions watch here. Keeping the
//! hub apart from the actors means a socket survives its event's actor restarting, and lets a
//! cross-replica relay (Redis) feed the same hub later.

use super::outbound::Outbound;
use super::protocol::ServerMsg;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;

/// How many messages a watcher may fall behind before it is cut off and told to resync.
pub const WATCHER_BACKLOG: usize = 512;

struct Channel {
    tx: broadcast::Sender<Arc<Outbound>>,
    viewers: u64,
}

/// Fan-out channels and viewer counts, one per watched event.
#[derive(Default)]
pub struct Hub {
    channels: Mutex<HashMap<String, Channel>>,
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Arc<Self> {
        Arc::new(Hub::default())
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Channel>> {
        // A poisoned lock only means another thread panicked mid-update of plain counters.
        self.channels.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `msg` to everyone watching `event_id`; returns how many sockets got it.
    pub fn publish(&self, event_id: &str, msg: Arc<Outbound>) -> usize {
        self.lock().get(event_id).map_or(0, |c| c.tx.send(msg).unwrap_or(0))
    }

    /// How many sockets watch `event_id` on this process.
    pub fn viewers(&self, event_id: &str) -> u64 {
        self.lock().get(event_id).map_or(0, |c| c.viewers)
    }

    /// Starts watching `event_id`. The returned receiver gets every later message, including
    /// the presence update this very call causes.
    pub fn watch(self: &Arc<Self>, event_id: &str) -> (Watch, broadcast::Receiver<Arc<Outbound>>) {
        let mut channels = self.lock();
        let channel = channels
            .entry(event_id.to_string())
            .or_insert_with(|| Channel { tx: broadcast::channel(WATCHER_BACKLOG).0, viewers: 0 });
        let rx = channel.tx.subscribe();
        channel.viewers += 1;
        // Sent under the lock so presence counts reach everyone in the order they happened.
        let _ = channel.tx.send(presence(channel.viewers));
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
            } else {
                let _ = channel.tx.send(presence(channel.viewers));
            }
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
    use crate::live::protocol::ServerMsg;

    fn viewers(msg: &Outbound) -> Option<u64> {
        match msg.msg {
            ServerMsg::Presence { viewers } => Some(viewers),
            _ => None,
        }
    }

    #[tokio::test]
    async fn presence_counts_watchers_and_leavers() {
        let hub = Hub::new();
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
}
