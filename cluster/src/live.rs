//! A live-board watcher that behaves like the web client: says hello, keeps its own copy of the
//! participants' answers from the snapshot and the diffs, asks again with `sinceVersion` when it
//! sees a gap, and reconnects with `sinceVersion` when its socket closes. It records what
//! happened (versions, snapshots, gaps, reconnects) so tests can assert on the stream itself.

use futures_util::{SinkExt, StreamExt};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A watcher of one event.
pub struct LiveBoard {
    /// Where it connects: `ws://` or `wss://` URLs of the live route, tried in turn on reconnect
    /// (HAProxy alone, or several replicas as a client with a list of servers would).
    urls: Vec<String>,
    tls: Option<Arc<rustls::ClientConfig>>,
    socket: Option<Socket>,
    /// The version of the last snapshot or diff applied.
    pub version: u64,
    /// Participant id → `{"slots": {…}, "places": {…}}`, as the board shows them.
    pub answers: BTreeMap<String, Value>,
    /// Versions of the diffs applied, in arrival order.
    pub diff_versions: Vec<u64>,
    /// Versions of the snapshots received (the first one included), in arrival order.
    pub snapshots: Vec<u64>,
    /// Diffs that skipped ahead of `version + 1` (each made the board say hello again).
    pub gaps: u32,
    /// Times the socket closed and the board connected again.
    pub reconnects: u32,
    /// The last `presence` count.
    pub viewers: Option<u64>,
    /// The `X-Prost-Replica` of the last handshake: which replica the socket is on (the live
    /// route is served where it lands, never forwarded), e.g. where HAProxy sent it.
    pub served_by: Option<String>,
}

/// A rustls client configuration that trusts only the test's self-signed certificate.
pub fn tls_trusting(ca_pem: &Path) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_pem).expect("test certificate readable") {
        roots.add(cert.expect("test certificate parses")).expect("test certificate usable as a root");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

impl LiveBoard {
    /// Connects to the first URL that answers, says hello and applies the snapshot.
    pub async fn connect(urls: Vec<String>, tls: Option<Arc<rustls::ClientConfig>>) -> LiveBoard {
        let mut board = LiveBoard {
            urls,
            tls,
            socket: None,
            version: 0,
            answers: BTreeMap::new(),
            diff_versions: Vec::new(),
            snapshots: Vec::new(),
            gaps: 0,
            reconnects: 0,
            viewers: None,
            served_by: None,
        };
        board.reconnect(Duration::from_secs(15)).await;
        board.reconnects = 0;
        board.until("the first snapshot", Duration::from_secs(15), |b| !b.snapshots.is_empty()).await;
        board
    }

    async fn open(&mut self, url: &str) -> Option<Socket> {
        let mut request = url.into_client_request().ok()?;
        request.headers_mut().insert("sec-websocket-protocol", "prost.json.v1".parse().ok()?);
        let connector = self.tls.clone().map(Connector::Rustls);
        let attempt = tokio_tungstenite::connect_async_tls_with_config(request, None, false, connector);
        match tokio::time::timeout(Duration::from_secs(5), attempt).await {
            Ok(Ok((socket, response))) => {
                let replica = response.headers().get("x-prost-replica").and_then(|v| v.to_str().ok());
                self.served_by = replica.map(str::to_string);
                Some(socket)
            }
            _ => None,
        }
    }

    /// Connects again (any URL, in turn) and says hello with the version it has, if any.
    async fn reconnect(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let mut attempt = 0;
        let socket = loop {
            let url = self.urls[attempt % self.urls.len()].clone();
            if let Some(socket) = self.open(&url).await {
                break socket;
            }
            assert!(Instant::now() < deadline, "no live socket to any of {:?} within {timeout:?}", self.urls);
            attempt += 1;
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        self.socket = Some(socket);
        self.reconnects += 1;
        self.hello().await;
    }

    async fn hello(&mut self) {
        let hello = if self.snapshots.is_empty() {
            json!({"type": "hello"})
        } else {
            json!({"type": "hello", "sinceVersion": self.version})
        };
        if let Some(socket) = self.socket.as_mut()
            && socket.send(Message::Text(hello.to_string().into())).await.is_err()
        {
            self.socket = None;
        }
    }

    /// The next message, reconnecting when the socket is gone; `None` when nothing came within
    /// `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            if self.socket.is_none() {
                self.reconnect(Duration::from_secs(30)).await;
            }
            let socket = self.socket.as_mut()?;
            let frame = match tokio::time::timeout(wait, socket.next()).await {
                Err(_) => return None,
                Ok(frame) => frame,
            };
            match frame {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).ok(),
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => self.socket = None,
                Some(Ok(_)) => {}
            }
        }
    }

    /// Applies messages until `done(self)` holds; panics after `timeout` with what it has.
    pub async fn until(&mut self, what: &str, timeout: Duration, done: impl Fn(&LiveBoard) -> bool) {
        let deadline = Instant::now() + timeout;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "live board ({:?}) not at {what} within {timeout:?}: version {}, diffs {:?}, snapshots {:?}, gaps {}, reconnects {}, viewers {:?}",
                self.urls,
                self.version,
                self.diff_versions,
                self.snapshots,
                self.gaps,
                self.reconnects,
                self.viewers
            );
            if let Some(message) = self.next(left.min(Duration::from_millis(500))).await {
                self.apply(message).await;
            }
        }
    }

    /// Waits until the board has reached `version`.
    pub async fn reach(&mut self, version: u64, timeout: Duration) {
        self.until(&format!("version {version}"), timeout, |b| b.version >= version).await;
    }

    async fn apply(&mut self, message: Value) {
        match message["type"].as_str() {
            Some("snapshot") => {
                self.version = message["version"].as_u64().expect("snapshot version");
                self.snapshots.push(self.version);
                self.answers = participants(&message["event"]);
            }
            Some("diff") => {
                let version = message["version"].as_u64().expect("diff version");
                if version <= self.version {
                    // Already applied (diffs replayed after a reconnect overlap what we had).
                } else if version == self.version + 1 && !self.snapshots.is_empty() {
                    for change in message["changes"].as_array().into_iter().flatten() {
                        self.apply_change(change);
                    }
                    self.version = version;
                    self.diff_versions.push(version);
                } else {
                    // API.md: a client that sees a gap sends hello with its last version.
                    self.gaps += 1;
                    self.hello().await;
                }
            }
            Some("presence") => self.viewers = message["viewers"].as_u64(),
            _ => {}
        }
    }

    fn apply_change(&mut self, change: &Value) {
        match change["op"].as_str() {
            Some("answers") => {
                let id = change["participantId"].as_str().expect("answers participantId").to_string();
                let entry = self.answers.entry(id).or_insert_with(|| json!({"slots": {}, "places": {}}));
                for kind in ["slots", "places"] {
                    for (cell, answer) in change[kind].as_object().into_iter().flatten() {
                        let cells = entry[kind].as_object_mut().expect("answer cells");
                        if answer.is_null() {
                            cells.remove(cell);
                        } else {
                            cells.insert(cell.clone(), answer.clone());
                        }
                    }
                }
            }
            Some("participantJoined") => {
                let participant = &change["participant"];
                let id = participant["id"].as_str().expect("joined participant id").to_string();
                self.answers.insert(id, normalized(&participant["answers"]));
            }
            Some("participantLeft") => {
                self.answers.remove(change["participantId"].as_str().unwrap_or_default());
            }
            _ => {}
        }
    }

    /// Whether the board shows what `GET /events/{id}` returned: same version (when the body has
    /// one) and the same answers for every participant. `Err` says what differs.
    pub fn matches(&self, event: &Value) -> Result<(), String> {
        if let Some(version) = event["version"].as_u64()
            && version != self.version
        {
            return Err(format!("board at version {}, GET at {version}", self.version));
        }
        let expected = participants(event);
        if expected != self.answers {
            let differing: Vec<_> = expected
                .keys()
                .chain(self.answers.keys())
                .filter(|id| expected.get(*id) != self.answers.get(*id))
                .take(5)
                .map(|id| format!("{id}: GET {:?} board {:?}", expected.get(id), self.answers.get(id)))
                .collect();
            return Err(format!(
                "answers differ ({} vs {} participants): {differing:?}",
                expected.len(),
                self.answers.len()
            ));
        }
        Ok(())
    }

    /// Closes the socket (the watcher leaves; presence drops).
    pub async fn close(mut self) {
        if let Some(mut socket) = self.socket.take() {
            let _ = socket.close(None).await;
        }
    }
}

/// `{"slots": {…}, "places": {…}}` with both keys present.
pub fn normalized(answers: &Value) -> Value {
    json!({
        "slots": answers.get("slots").filter(|v| v.is_object()).cloned().unwrap_or_else(|| json!({})),
        "places": answers.get("places").filter(|v| v.is_object()).cloned().unwrap_or_else(|| json!({})),
    })
}

fn participants(event: &Value) -> BTreeMap<String, Value> {
    event["participants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?.to_string(), normalized(&p["answers"]))))
        .collect()
}
