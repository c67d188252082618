//! Free loopback ports.

use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, Ordering};

/// Ports handed out come from below the kernel's ephemeral range (32768 and up by default):
/// a port the kernel picked for `bind(0)` and we released can be reused as the source port of
/// any outgoing connection before the server we meant it for binds it, and the 300-guest test
/// makes hundreds of those. A counter keeps the clusters of one test run apart.
const FIRST: u16 = 20_000;
const LAST: u16 = 32_000;

static NEXT: AtomicU16 = AtomicU16::new(0);

/// A TCP port on 127.0.0.1 that is free right now and not handed out before by this process.
pub fn free_port() -> u16 {
    let span = LAST - FIRST;
    // Different test processes start at different places, so they rarely probe the same ports.
    let _ =
        NEXT.compare_exchange(0, (std::process::id() % u32::from(span)) as u16 + 1, Ordering::SeqCst, Ordering::SeqCst);
    for _ in 0..span {
        let port = FIRST + NEXT.fetch_add(1, Ordering::SeqCst) % span;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free loopback port between {FIRST} and {LAST}");
}
