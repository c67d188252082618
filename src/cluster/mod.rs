//! Coordination across replicas through Redis, when `REDIS_URL` is set (docs/replicas.md):
//! event leases (`lease`), diffs and presence over pub/sub (`relay`), the view cache (`cache`),
//! shared rate-limit state (`limits`) and direct forwarding to an event's owner (`forward`).
//!
//! Redis is for liveness, never for safety: the store's head-version compare-and-set keeps two
//! writers apart, so losing Redis can delay or refuse work but never lose an acknowledged write.

mod cache;
mod forward;
mod lease;
mod limits;
mod relay;
pub mod settings;
mod singleton;

pub use forward::{ForwardedAnswers, INTERNAL_HEADER};
pub use lease::{Claim, Owner};
pub use settings::ReplicaSettings;
pub use singleton::ForwardedCard;

use crate::live::Hub;
use crate::persistence::SharedStore;
use fred::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Why a coordinated step could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// Redis does not answer; only what this replica already owns can go on.
    #[error("coordination (Redis) is unreachable: {0}")]
    Down(String),
}

impl From<fred::error::Error> for ClusterError {
    fn from(e: fred::error::Error) -> Self {
        ClusterError::Down(e.to_string())
    }
}

/// This replica, as the others see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Replica {
    /// Its name.
    pub id: String,
    /// Its base URL for direct requests.
    pub url: String,
}

/// How often Redis is pinged to keep `/readyz` and the up/down decisions honest.
const HEALTH_EVERY: Duration = Duration::from_millis(500);
/// Every Redis command gives up after this long, so a dead Redis costs a write at most this.
const COMMAND_TIMEOUT: Duration = Duration::from_millis(800);

/// The coordination handle every part of the server shares.
pub struct Cluster {
    /// Who we are.
    pub me: Replica,
    redis: Client,
    subscriber: fred::clients::SubscriberClient,
    up: AtomicBool,
    lease_ttl: Duration,
    /// Events whose lease we hold, with the last successful renewal.
    held: Mutex<HashMap<String, Instant>>,
    /// Where lost leases are reported, so the registry stops those actors.
    lost: mpsc::UnboundedSender<String>,
    /// Events whose cache entry could not be invalidated while Redis was away.
    dirty: Mutex<Vec<String>>,
    relay: relay::Relay,
    store: SharedStore,
    hub: Arc<Hub>,
    internal_token: String,
    http: reqwest::Client,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The shared secret replicas present on `/internal/` requests and forwarded ones, derived from
/// the JWT key they already share so there is nothing new to configure.
pub fn internal_token(jwt_secret: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"prost-internal/v1:");
    hasher.update(jwt_secret);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn redis_config(url: &str) -> anyhow::Result<Builder> {
    let config = Config::from_url(url)?;
    let mut builder = Builder::from_config(config);
    builder
        .with_performance_config(|p| {
            p.default_command_timeout = COMMAND_TIMEOUT;
            // Pub/sub bursts (a thousand votes a second) must not overflow the message channel.
            p.broadcast_channel_capacity = 16 * 1024;
        })
        .with_connection_config(|c| {
            c.connection_timeout = Duration::from_secs(1);
            c.internal_command_timeout = Duration::from_secs(1);
            c.max_command_attempts = 1;
        })
        .set_policy(ReconnectPolicy::new_constant(0, 250));
    Ok(builder)
}

impl Cluster {
    /// Connects to Redis (without waiting forever: a replica starts even while Redis is down
    /// and says so on `/readyz`) and starts the background tasks. Returns the cluster and the
    /// receiver of lost leases, which the registry consumes.
    pub async fn start(
        url: &str,
        me: Replica,
        lease_ttl: Duration,
        jwt_secret: &[u8],
        store: SharedStore,
        hub: Arc<Hub>,
    ) -> anyhow::Result<(Arc<Cluster>, mpsc::UnboundedReceiver<String>)> {
        let builder = redis_config(url)?;
        let redis = builder.build()?;
        let subscriber = builder.build_subscriber_client()?;
        redis.connect();
        subscriber.connect();
        let connected = tokio::time::timeout(Duration::from_secs(3), redis.wait_for_connect()).await;
        if !matches!(connected, Ok(Ok(()))) {
            tracing::warn!("Redis is not reachable yet; this replica serves reads and retries");
        }
        // Detached: it resubscribes to every channel after each reconnect, for the process's life.
        drop(subscriber.manage_subscriptions());
        let (lost, lost_rx) = mpsc::unbounded_channel();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .pool_idle_timeout(Duration::from_secs(30))
            .build()?;
        let cluster = Arc::new(Cluster {
            me,
            relay: relay::Relay::new(),
            redis,
            subscriber,
            up: AtomicBool::new(matches!(connected, Ok(Ok(())))),
            lease_ttl,
            held: Mutex::default(),
            lost,
            dirty: Mutex::default(),
            store,
            hub,
            internal_token: internal_token(jwt_secret),
            http,
        });
        cluster.clone().spawn_tasks();
        Ok((cluster, lost_rx))
    }

    fn spawn_tasks(self: Arc<Self>) {
        tokio::spawn(self.clone().watch_health());
        tokio::spawn(self.clone().renew_leases());
        self.relay.spawn(self.clone());
    }

    /// Whether Redis answered the last health check.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }

    /// Pings Redis; on a recovery, re-asserts leases, flushes cache invalidations that could
    /// not be sent, and gives watchers of other replicas' events a fresh snapshot.
    async fn watch_health(self: Arc<Self>) {
        let mut every = tokio::time::interval(HEALTH_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let ok = matches!(tokio::time::timeout(COMMAND_TIMEOUT, self.redis.ping::<String>(None)).await, Ok(Ok(_)));
            let was = self.up.swap(ok, Ordering::SeqCst);
            metrics::gauge!("prost_redis_up").set(if ok { 1.0 } else { 0.0 });
            if ok && !was {
                tracing::info!("Redis is back; re-asserting leases and resyncing watchers");
                self.reassert_leases().await;
                self.flush_dirty().await;
                self.relay.resync_all(&self).await;
            } else if !ok && was {
                tracing::warn!("Redis is unreachable; serving owned events only");
            }
        }
    }

    /// The `/readyz` probe of Redis.
    pub async fn ping(&self) -> Result<(), ClusterError> {
        tokio::time::timeout(COMMAND_TIMEOUT, self.redis.ping::<String>(None))
            .await
            .map_err(|_| ClusterError::Down("ping timed out".into()))??;
        Ok(())
    }

    /// Whether `token` is the replicas' shared internal token.
    pub fn is_internal(&self, token: &[u8]) -> bool {
        use subtle::ConstantTimeEq;
        token.ct_eq(self.internal_token.as_bytes()).into()
    }
}
