//! The replica test harness: Redis, FerretDB, several `prost serve` processes and HAProxy on
//! 127.0.0.1, each on a free port with its own temp dir, all killed when their handle drops or
//! the test process dies. Plus the clients the replica tests drive them with.

pub mod api;
pub mod child;
pub mod cluster;
pub mod ferretdb;
pub mod haproxy;
pub mod live;
pub mod ports;
pub mod redis;
pub mod replica;
pub mod tools;
pub mod wait;

pub use api::{Api, Auth, Guest, Reply};
pub use cluster::{Cluster, ClusterBuilder};
pub use live::LiveBoard;
