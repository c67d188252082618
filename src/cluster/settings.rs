//! The replica settings (docs/replicas.md), flattened into `prost serve`'s flags.

use crate::config::parse_duration;
use clap::Args;
use std::net::IpAddr;
use std::time::Duration;

/// How this process finds and presents itself to the other replicas.
#[derive(Debug, Clone, Args)]
pub struct ReplicaSettings {
    /// How the other replicas reach this one directly; defaults to `http://<PROST_ADDR>`.
    #[arg(long, env = "PROST_REPLICA_URL")]
    pub replica_url: Option<String>,
    /// This replica's name in leases, logs and the `X-Prost-Replica` header; random when unset.
    #[arg(long, env = "PROST_REPLICA_ID")]
    pub replica_id: Option<String>,
    /// How long an event's ownership lasts without renewal.
    #[arg(long, env = "PROST_LEASE_TTL", default_value = "5s", value_parser = parse_duration)]
    pub lease_ttl: Duration,
    /// Proxies whose `X-Forwarded-For` names the client (comma-separated IPs).
    #[arg(long, env = "PROST_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
}
