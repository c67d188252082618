//! The replica tests: real `prost serve` processes sharing Redis and FerretDB, some behind the
//! deployment's HAProxy config, proving what docs/replicas.md promises. One test binary, like
//! tests/api; clusters start a few at a time (see `Cluster`'s admission limit).
//!
//! Run with `cargo build --bin prost && cargo test -p prost-cluster`. Without redis-server or
//! haproxy installed the tests say SKIPPED and pass, except under CI, where they fail.

/// Starts the cluster `$builder` describes, or returns from the test (SKIPPED) when the system
/// tools are missing on a developer's machine.
macro_rules! start {
    ($test:expr, $builder:expr) => {{
        if prost_cluster::tools::skip($test) {
            return;
        }
        $builder.start().await.unwrap_or_else(|e| panic!("{}: cluster did not start: {e:#}", $test))
    }};
}

mod common;
mod crowd;
mod failover;
mod fanout;
mod haproxy;
mod rate_limits;
mod redis_outage;
mod telegram;
