//! A whole deployment on loopback: Redis, FerretDB, N replicas and optionally HAProxy.

use crate::api::Api;
use crate::ferretdb::FerretDb;
use crate::haproxy::HaProxy;
use crate::live::{LiveBoard, tls_trusting};
use crate::ports::free_port;
use crate::redis::RedisServer;
use crate::replica::Replica;
use crate::tools;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// The JWT secret all replicas of a test cluster share.
pub const JWT_SECRET: &str = "cluster-test-secret-that-is-long-enough-for-hs256";

/// Clusters running at once in one test process. Each is 5–7 processes and some tests push
/// hundreds of requests; on the two-core machines more at once only makes them all slow.
/// `PROST_CLUSTER_PARALLEL` overrides.
static RUNNING: Semaphore = Semaphore::const_new(0);
/// How many permits `RUNNING` was given.
static PARALLEL: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn admit() -> &'static Semaphore {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        let n: u32 = std::env::var("PROST_CLUSTER_PARALLEL").ok().and_then(|v| v.parse().ok()).unwrap_or(2).max(1);
        PARALLEL.store(n, Ordering::SeqCst);
        RUNNING.add_permits(n as usize);
    });
    &RUNNING
}

static DATABASES: AtomicU64 = AtomicU64::new(0);

/// What to start.
pub struct ClusterBuilder {
    replicas: usize,
    haproxy: bool,
    env: Vec<(String, String)>,
    haproxy_env: Vec<(String, String)>,
    exclusive: bool,
}

impl ClusterBuilder {
    /// `n` replicas (three when HAProxy is wanted: the config file lists three).
    pub fn replicas(mut self, n: usize) -> Self {
        self.replicas = n;
        self
    }

    /// Puts HAProxy (deploy/haproxy/haproxy.cfg) in front.
    pub fn haproxy(mut self) -> Self {
        self.haproxy = true;
        self
    }

    /// An extra variable for every replica (rate limits, TTLs); overrides the harness defaults.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    /// Runs this cluster alone, with no other test cluster beside it on the machine's cores
    /// (for the tests that measure a burst: sharing two cores with another cluster's replicas
    /// measures the neighbour, not Prost).
    pub fn exclusive(mut self) -> Self {
        self.exclusive = true;
        self
    }

    /// An extra variable for HAProxy's config file.
    pub fn haproxy_env(mut self, name: &str, value: &str) -> Self {
        self.haproxy_env.push((name.into(), value.into()));
        self
    }

    /// Starts everything and waits until every replica's `/readyz` (and HAProxy's checks) say
    /// ready.
    pub async fn start(self) -> anyhow::Result<Cluster> {
        let permit = match self.exclusive {
            true => admit().acquire_many(PARALLEL.load(Ordering::SeqCst)).await?,
            false => admit().acquire().await?,
        };
        let dir = tempfile::Builder::new().prefix("prost-cluster-").tempdir()?;
        let binary = tools::prost_bin()?;
        let redis = RedisServer::start(free_port(), dir.path().join("redis"))?;
        let ferretdb = FerretDb::start(&dir.path().join("ferretdb"))?;
        let database = format!("prost_cluster_{}_{}", std::process::id(), DATABASES.fetch_add(1, Ordering::SeqCst));
        let mut replicas = Vec::new();
        for i in 0..self.replicas {
            let id = format!("r{}", i + 1);
            let port = free_port();
            let mut env: Vec<(String, String)> = [
                ("PROST_ADDR", format!("127.0.0.1:{port}")),
                ("MONGODB_URI", ferretdb.uri_for(&database)),
                ("REDIS_URL", redis.url()),
                ("PROST_JWT_SECRET", JWT_SECRET.into()),
                ("PROST_REPLICA_ID", id.clone()),
                ("PROST_REPLICA_URL", format!("http://127.0.0.1:{port}")),
                // Short, so a dead owner's events move within a few seconds.
                ("PROST_LEASE_TTL", "2s".into()),
                // HAProxy connects from 127.0.0.1; its X-Forwarded-For names the client.
                ("PROST_TRUSTED_PROXIES", "127.0.0.1".into()),
                ("RUST_LOG", "info".into()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            for (name, value) in &self.env {
                env.retain(|(k, _)| k != name);
                env.push((name.clone(), value.clone()));
            }
            replicas.push(Replica::new(&id, port, binary.clone(), dir.path().join(&id), env));
        }
        let mut cluster =
            Cluster { haproxy: None, replicas, redis, _ferretdb: ferretdb, database, dir, _permit: permit };
        for replica in &mut cluster.replicas {
            replica.start()?;
        }
        for replica in &mut cluster.replicas {
            replica.wait_for("/readyz", Duration::from_secs(60)).await?;
        }
        if self.haproxy {
            let backends: Vec<String> = cluster.replicas.iter().map(|r| format!("127.0.0.1:{}", r.port)).collect();
            let haproxy = HaProxy::start(&cluster.dir.path().join("haproxy"), &backends, &self.haproxy_env).await?;
            cluster.haproxy = Some(haproxy);
        }
        Ok(cluster)
    }
}

/// A running cluster; everything in it is killed and its files removed on drop.
pub struct Cluster {
    /// HAProxy, when asked for. Declared first so it stops before the replicas.
    pub haproxy: Option<HaProxy>,
    /// The replicas, `r1` at index 0.
    pub replicas: Vec<Replica>,
    /// Redis.
    pub redis: RedisServer,
    _ferretdb: FerretDb,
    /// The MongoDB database name this cluster uses.
    pub database: String,
    dir: tempfile::TempDir,
    _permit: SemaphorePermit<'static>,
}

impl Cluster {
    /// Three replicas, no HAProxy, default settings; see `ClusterBuilder`.
    pub fn builder() -> ClusterBuilder {
        ClusterBuilder { replicas: 3, haproxy: false, env: Vec::new(), haproxy_env: Vec::new(), exclusive: false }
    }

    /// A client talking to replica `i` directly.
    pub fn api(&self, i: usize) -> Api {
        Api::new(&self.replicas[i].base(), None, None)
    }

    /// A client talking to replica `i` from the loopback address `source`.
    pub fn api_from(&self, i: usize, source: [u8; 4]) -> Api {
        Api::new(&self.replicas[i].base(), None, Some(source.into()))
    }

    fn proxy(&self) -> &HaProxy {
        self.haproxy.as_ref().expect("this cluster was built without .haproxy()")
    }

    /// A client talking HTTPS to HAProxy, trusting the test's certificate.
    pub fn via_haproxy(&self) -> Api {
        Api::new(&self.proxy().base(), Some(&self.proxy().ca_pem), None)
    }

    /// Like `via_haproxy`, from the loopback address `source`.
    pub fn via_haproxy_from(&self, source: [u8; 4]) -> Api {
        Api::new(&self.proxy().base(), Some(&self.proxy().ca_pem), Some(source.into()))
    }

    /// The index of the replica whose id is `id` (`r2` → 1).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.replicas.iter().position(|r| r.id == id)
    }

    /// The index of the replica holding `prost:lease:{event_id}`, if any.
    pub fn owner_of(&self, event_id: &str) -> Option<usize> {
        let holder = self.redis.lease_holder(event_id).ok()??;
        self.index_of(&holder)
    }

    /// A watcher connected straight to replica `i`; on reconnect it tries the other replicas too.
    pub async fn watch_replica(&self, i: usize, event_id: &str) -> LiveBoard {
        let n = self.replicas.len();
        let urls = (0..n).map(|k| live_url(&self.replicas[(i + k) % n].base(), event_id)).collect();
        LiveBoard::connect(urls, None).await
    }

    /// A watcher connected through HAProxy (`wss://`).
    pub async fn watch_via_haproxy(&self, event_id: &str) -> LiveBoard {
        let proxy = self.proxy();
        LiveBoard::connect(vec![live_url(&proxy.base(), event_id)], Some(tls_trusting(&proxy.ca_pem))).await
    }

    /// SIGKILL for replica `i`.
    pub fn kill9(&mut self, i: usize) {
        self.replicas[i].kill9();
    }

    /// Starts replica `i` again (same port and data dir) and waits for `/readyz`.
    pub async fn restart(&mut self, i: usize) -> anyhow::Result<()> {
        self.replicas[i].kill9();
        self.replicas[i].start()?;
        self.replicas[i].wait_for("/readyz", Duration::from_secs(60)).await
    }

    /// The last lines of every process's log, for a failing test's message.
    pub fn logs(&self, lines: usize) -> String {
        self.replicas.iter().map(|r| format!("--- {} ---\n{}\n", r.id, r.log_tail(lines))).collect()
    }

    /// Where the cluster keeps its files (logs included) while it runs.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    /// A failing test's message is more useful with what the servers said just before.
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("cluster logs (last lines):\n{}", self.logs(25));
        }
    }
}

/// The live route of `event_id` under `base` (`http` → `ws`, `https` → `wss`).
pub fn live_url(base: &str, event_id: &str) -> String {
    format!("{}/api/v1/events/{event_id}/live", base.replacen("http", "ws", 1))
}
