//! Starts Redis, FerretDB, three replicas and HAProxy on 127.0.0.1, prints where they are as
//! shell variables, and keeps them running until SIGINT/SIGTERM (then removes everything).
//! For loadtest/k6/run.sh and for trying the replica setup by hand:
//!
//!     cargo build --bin prost --bin prost-cluster && target/debug/prost-cluster
//!
//! Arguments `NAME=VALUE` are extra environment: `PROST_HAPROXY_*` for HAProxy, anything else
//! for every replica (e.g. `PROST_LEASE_TTL=5s`). Rate limits default to very high here, since
//! a load generator is one client address.

use prost_cluster::Cluster;
use tokio::signal::unix::{SignalKind, signal};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut builder = Cluster::builder()
        .haproxy()
        .env("PROST_AUTH_RATE_PER_MIN", "1000000")
        .env("PROST_CREATE_RATE_PER_MIN", "1000000")
        .env("PROST_JOIN_RATE_PER_MIN", "1000000")
        .env("PROST_ANSWER_RATE_PER_MIN", "1000000")
        // The load generators run from one address.
        .env("PROST_MAX_CONNECTIONS_PER_IP", "100000")
        .env("PROST_MAX_SOCKETS_PER_IP", "100000")
        .env("PROST_READ_RATE_PER_MIN", "100000000")
        .env("PROST_LEASE_TTL", "5s")
        .env("RUST_LOG", "warn")
        .haproxy_env("PROST_HAPROXY_AUTH_PER_MIN", "1000000");
    for arg in std::env::args().skip(1) {
        let Some((name, value)) = arg.split_once('=') else {
            anyhow::bail!("unexpected argument {arg:?}: expected NAME=VALUE");
        };
        builder = if name.starts_with("PROST_HAPROXY_") {
            builder.haproxy_env(name, value)
        } else {
            builder.env(name, value)
        };
    }
    let cluster = builder.start().await?;
    let proxy = cluster.haproxy.as_ref().expect("started with haproxy");
    println!("PROST_HAPROXY_URL={}", proxy.base());
    println!("PROST_HAPROXY_HTTP_URL=http://127.0.0.1:{}", proxy.http_port);
    println!("PROST_HAPROXY_STATS_URL=http://127.0.0.1:{}/stats", proxy.stats_port);
    println!("PROST_HAPROXY_CA={}", proxy.ca_pem.display());
    for (i, replica) in cluster.replicas.iter().enumerate() {
        println!("PROST_REPLICA_{}_URL={}", i + 1, replica.base());
    }
    println!("PROST_REDIS_URL={}", cluster.redis.url());
    println!("PROST_CLUSTER_DIR={}", cluster.dir().display());
    println!("READY=1");
    let (mut int, mut term) = (signal(SignalKind::interrupt())?, signal(SignalKind::terminate())?);
    tokio::select! {
        _ = int.recv() => {}
        _ = term.recv() => {}
    }
    drop(cluster);
    Ok(())
}
