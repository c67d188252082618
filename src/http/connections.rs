//! The listener: how many connections this process holds, from whom, and for how long.
//!
//! Every connection costs an open file, and the process may have 20,000 at most. Without
//! limits one address could take them all (the store, Redis and outgoing calls need some too),
//! and a connection that never finishes its headers, or idles between requests, would hold
//! its file for ever. So:
//! - a global cap below the file limit, with headroom;
//! - a cap per peer address (trusted proxies are exempt: they carry everyone);
//! - a header-read timeout that also bounds the idle time between keep-alive requests;
//! - past a cap, one canned response written without blocking, then the socket is closed.
//!
//! A connection's [`Seat`] travels in the request's extensions, so a WebSocket that outlives
//! its HTTP connection keeps counting against the caps for as long as it is open.

use super::error::ApiError;
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use clap::Args;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// Files kept free for the store, Redis, outgoing HTTP and the process itself.
const FILE_HEADROOM: usize = 1024;

/// The connection limits (`PROST_MAX_CONNECTIONS` and friends).
#[derive(Debug, Clone, Args)]
pub struct ConnectionSettings {
    /// Connections (HTTP and WebSocket) this process holds at once; by default the open-file
    /// limit less 1,024 for everything else.
    #[arg(long, env = "PROST_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Connections one peer address may hold at once (trusted proxies are exempt).
    #[arg(long, env = "PROST_MAX_CONNECTIONS_PER_IP", default_value_t = 256)]
    pub max_connections_per_ip: usize,
    /// Live sockets one client address may hold at once (behind a trusted proxy, the address
    /// it forwards).
    #[arg(long, env = "PROST_MAX_SOCKETS_PER_IP", default_value_t = 64)]
    pub max_sockets_per_ip: usize,
    /// How long a client may take to send a request's headers, and may stay idle between
    /// requests on a kept-alive connection.
    #[arg(long, env = "PROST_HEADER_TIMEOUT", default_value = "10s", value_parser = crate::config::parse_duration)]
    pub header_timeout: Duration,
}

impl ConnectionSettings {
    /// The global cap: as configured, or what the open-file limit leaves.
    pub fn max_connections(&self) -> usize {
        self.max_connections.unwrap_or_else(|| open_file_limit().saturating_sub(FILE_HEADROOM).max(64))
    }
}

impl Default for ConnectionSettings {
    fn default() -> Self {
        ConnectionSettings {
            max_connections: None,
            max_connections_per_ip: 256,
            max_sockets_per_ip: 64,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// The soft `RLIMIT_NOFILE`, or a conservative guess where it cannot be read.
fn open_file_limit() -> usize {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    if read && limit.rlim_cur != libc::RLIM_INFINITY { usize::try_from(limit.rlim_cur).unwrap_or(4096) } else { 4096 }
}

/// Why a newcomer was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The whole process is at its cap.
    Everyone,
    /// This address is at its cap.
    ThisAddress,
}

/// Counts what is held, in total and per address, against two caps.
#[derive(Debug)]
pub struct Occupancy {
    max_total: usize,
    per_address: usize,
    exempt: Arc<[IpAddr]>,
    held: Mutex<Held>,
}

#[derive(Debug, Default)]
struct Held {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

impl Occupancy {
    /// `max_total` in all, `per_address` from any address but those in `exempt`.
    pub fn new(max_total: usize, per_address: usize, exempt: Arc<[IpAddr]>) -> Arc<Self> {
        Arc::new(Occupancy { max_total, per_address, exempt, held: Mutex::default() })
    }

    /// Takes a seat for `address`, or says who is full.
    pub fn take(self: &Arc<Self>, address: IpAddr) -> Result<Seat, Full> {
        let mut held = self.held.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if held.total >= self.max_total {
            return Err(Full::Everyone);
        }
        let exempt = self.exempt.contains(&address);
        if !exempt {
            let mine = held.by_address.entry(address).or_default();
            if *mine >= self.per_address {
                return Err(Full::ThisAddress);
            }
            *mine += 1;
        }
        held.total += 1;
        Ok(Seat { occupancy: self.clone(), address: (!exempt).then_some(address) })
    }

    /// How many seats are taken.
    pub fn total(&self) -> usize {
        self.held.lock().map(|h| h.total).unwrap_or(0)
    }
}

/// A place held in an [`Occupancy`], given back when dropped.
#[derive(Debug)]
pub struct Seat {
    occupancy: Arc<Occupancy>,
    /// `None` for exempt addresses, which are counted only in the total.
    address: Option<IpAddr>,
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut held = self.occupancy.held.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        held.total = held.total.saturating_sub(1);
        if let Some(address) = self.address
            && let Some(mine) = held.by_address.get_mut(&address)
        {
            *mine -= 1;
            // Addresses come and go; an empty entry would be a leak.
            if *mine == 0 {
                held.by_address.remove(&address);
            }
        }
    }
}

/// The seat of the connection a request came on (cloned into WebSockets).
#[derive(Debug, Clone)]
pub struct ConnectionSeat(pub Arc<Seat>);

/// The whole response to a connection that is turned away: written in one non-blocking call,
/// since a refusal must cost less than the connection it refuses.
fn refusal(full: Full) -> Vec<u8> {
    let (status, error) = match full {
        Full::Everyone => ("503 Service Unavailable", ApiError::unavailable("the bar is full; try again in a moment")),
        Full::ThisAddress => (
            "429 Too Many Requests",
            ApiError { message: "too many connections from your address at once".into(), ..ApiError::rate_limited(1) },
        ),
    };
    let body = serde_json::to_vec(&error.body()).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n",
        body.len()
    );
    [head.into_bytes(), body].concat()
}

fn refuse(tcp: TcpStream, full: Full) {
    metrics::counter!("prost_connections_refused_total", "why" => match full {
        Full::Everyone => "everyone",
        Full::ThisAddress => "address",
    })
    .increment(1);
    // A full socket buffer just means the client never reads the answer; it is closed anyway.
    let _ = tcp.try_write(&refusal(full));
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish (up to
/// `drain` long). Upgraded connections (WebSockets) are closed by their own sessions.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    connections: Arc<Occupancy>,
    settings: &ConnectionSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(settings.header_timeout).max_buf_size(64 * 1024);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Duration::from_secs(30)).enable_connect_protocol();
    let builder = Arc::new(builder);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // EMFILE and friends: the seats above should prevent it; if not, wait
                    // for files to come free instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let seat = match connections.take(peer.ip()) {
            Ok(seat) => ConnectionSeat(Arc::new(seat)),
            Err(full) => {
                refuse(tcp, full);
                continue;
            }
        };
        // Live traffic is many small frames (a diff, then an ack): without NODELAY the second
        // one waits ~40 ms for the peer's delayed ACK.
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.extensions_mut().insert(seat.clone());
            app.clone().oneshot(request.map(Body::new))
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(tcp), service).into_owned();
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = watched.await {
                tracing::trace!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(drain, graceful.shutdown()).await.is_err() {
        tracing::warn!("some requests were still running at shutdown");
    }
}

/// The peer of a request, as the listener recorded it.
pub fn peer_of(request: &Request) -> Option<SocketAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| *peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, last])
    }

    #[test]
    fn seats_are_capped_per_address_and_in_total() {
        let proxy = ip(9);
        let occupancy = Occupancy::new(4, 2, Arc::from([proxy]));
        let a1 = occupancy.take(ip(1)).unwrap();
        let _a2 = occupancy.take(ip(1)).unwrap();
        assert_eq!(occupancy.take(ip(1)).unwrap_err(), Full::ThisAddress);
        let _b = occupancy.take(ip(2)).unwrap();
        let _p = occupancy.take(proxy).unwrap();
        assert_eq!(occupancy.take(ip(3)).unwrap_err(), Full::Everyone);
        assert_eq!(occupancy.take(proxy).unwrap_err(), Full::Everyone, "exempt from the per-address cap only");
        drop(a1);
        assert_eq!(occupancy.total(), 3);
        assert!(occupancy.take(ip(1)).is_ok(), "a returned seat is free again");
    }

    #[test]
    fn a_proxy_is_never_capped_as_one_address() {
        let proxy = ip(9);
        let occupancy = Occupancy::new(100, 1, Arc::from([proxy]));
        let seats: Vec<_> = (0..50).map(|_| occupancy.take(proxy).unwrap()).collect();
        assert_eq!(occupancy.total(), 50);
        drop(seats);
        assert_eq!(occupancy.total(), 0);
        assert!(occupancy.held.lock().unwrap().by_address.is_empty(), "no entries left behind");
    }

    #[test]
    fn refusals_are_complete_json_responses() {
        for full in [Full::Everyone, Full::ThisAddress] {
            let bytes = refusal(full);
            let text = String::from_utf8(bytes).unwrap();
            let (head, body) = text.split_once("\r\n\r\n").unwrap();
            assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
            assert!(head.contains("retry-after: 1"));
            let json: serde_json::Value = serde_json::from_str(body).unwrap();
            let code = if full == Full::Everyone { "unavailable" } else { "rate_limited" };
            assert_eq!(json["error"]["code"], code, "{body}");
        }
    }
}
