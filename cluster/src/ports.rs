//! Free loopback ports.

use std::net::TcpListener;

/// A TCP port on 127.0.0.1 that is free right now. The kernel picks it, so parallel tests rarely
/// collide; the servers that get it fail loudly (and the harness says so) if one ever does.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}
