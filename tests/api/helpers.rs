//! Spawning the real server on port 0, once per store, and talking to it over HTTP and
//! WebSocket like any client would.

use futures::{SinkExt, StreamExt};
use prost::config::Settings;
use prost::persistence::ferretdb::FerretDb;
use prost::startup::Application;
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Bytes, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The JWT secret every test server uses, so tests can forge tokens on purpose.
pub const JWT_SECRET: &str = "integration-test-secret-that-is-long-enough";

/// Which store a test server runs on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StoreKind {
    /// redb in a temp dir.
    Embedded,
    /// MongoDB protocol through FerretDB.
    Mongo,
}

/// A running server.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// A client without cookies.
    pub http: Client,
    settings: Settings,
    _data_dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

static DATABASES: AtomicU64 = AtomicU64::new(0);

fn settings_for(kind: StoreKind, data_dir: &std::path::Path) -> Settings {
    let mut settings = Settings::defaults();
    settings.addr = "127.0.0.1:0".parse().unwrap();
    settings.data_dir = data_dir.to_path_buf();
    settings.jwt_secret = Some(JWT_SECRET.into());
    settings.auth_rate_per_min = 10_000;
    settings.limits = prost::http::rate_limit::LimitSettings::unlimited();
    // Every test client is 127.0.0.1; the abuse tests set the caps they test.
    settings.connections.max_connections_per_ip = 100_000;
    settings.connections.max_sockets_per_ip = 100_000;
    if kind == StoreKind::Mongo {
        let n = DATABASES.fetch_add(1, Ordering::SeqCst);
        let db = format!("prost_test_{}_{n}", std::process::id());
        settings.mongodb_uri = Some(FerretDb::shared().uri_for(&db));
    }
    settings
}

/// Starts a server on `kind` with default settings.
pub async fn spawn_app(kind: StoreKind) -> TestApp {
    spawn_app_with(kind, |_| {}).await
}

/// Starts a server on `kind`, letting the test adjust its settings.
pub async fn spawn_app_with(kind: StoreKind, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let mut settings = settings_for(kind, data_dir.path());
    adjust(&mut settings);
    let mut app =
        TestApp { base: String::new(), http: Client::new(), settings, _data_dir: data_dir, shutdown: None, task: None };
    app.start().await;
    app
}

impl TestApp {
    async fn start(&mut self) {
        let app = Application::build(self.settings.clone()).await.expect("server builds");
        self.base = format!("http://127.0.0.1:{}", app.port());
        let (tx, rx) = oneshot::channel();
        self.shutdown = Some(tx);
        self.task = Some(tokio::spawn(app.run_until_stopped(async {
            let _ = rx.await;
        })));
    }

    /// Stops the server gracefully (as on SIGTERM) and waits until it has drained.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task").expect("server stopped cleanly");
        }
    }

    /// Stops and starts again on the same store.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.start().await;
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The `ws://` URL of an event's live board.
    pub fn live_url(&self, event_id: &str) -> String {
        format!("{}/api/v1/events/{event_id}/live", self.base.replacen("http", "ws", 1))
    }

    /// Sends a JSON request with an optional bearer token; returns the status and JSON body
    /// (`Value::Null` when the body is empty or not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        into_json(request.send().await.expect("request sent")).await
    }

    /// Like `call`, with the guest's participant token header.
    pub async fn call_as_guest(
        &self,
        method: Method,
        path: &str,
        participant_token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(path)).header("x-participant-token", participant_token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        into_json(request.send().await.expect("request sent")).await
    }

    /// Sends a JSON request with any headers (bearer, participant or organiser tokens).
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        into_json(request.send().await.expect("request sent")).await
    }

    /// Like `call`, as a guest organiser with its `X-Organizer-Token`.
    pub async fn call_as_organizer(
        &self,
        method: Method,
        path: &str,
        organizer_token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.call_with(method, path, &[("x-organizer-token", organizer_token)], body).await
    }

    /// Creates an event without an account; returns the event JSON (with `organizerToken`).
    pub async fn guest_event(&self, body: Value) -> Value {
        let (status, event) = self.call(Method::POST, "/api/v1/events", None, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
        assert!(event["organizerToken"].as_str().is_some_and(|t| t.len() > 40), "{event}");
        event
    }

    /// A unique email address for a test account.
    pub fn email(name: &str) -> String {
        let n = DATABASES.fetch_add(1, Ordering::SeqCst);
        format!("{}.{n}@example.com", name.to_lowercase())
    }

    /// Registers a fresh user; returns the access token and user id.
    pub async fn user(&self, name: &str) -> (String, String) {
        let n = DATABASES.fetch_add(1, Ordering::SeqCst);
        let email = format!("{}.{n}@example.com", name.to_lowercase());
        let (status, body) = self
            .call(
                Method::POST,
                "/api/v1/auth/register",
                None,
                Some(json!({"email": email, "password": "correct horse battery", "name": name})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (body["accessToken"].as_str().unwrap().to_string(), body["user"]["id"].as_str().unwrap().to_string())
    }

    /// Creates an event as `token` from `body`; returns the event JSON.
    pub async fn event(&self, token: &str, body: Value) -> Value {
        let (status, event) = self.call(Method::POST, "/api/v1/events", Some(token), Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
        event
    }

    /// A ready-made event with three explicit slots and two places.
    pub async fn pints(&self, token: &str) -> Value {
        self.event(
            token,
            json!({
                "title": "Friday pints", "timezone": "Europe/Moscow",
                "slots": [
                    {"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T18:00:00Z"},
                    {"start": "2027-12-05T15:00:00Z", "end": "2027-12-05T18:00:00Z"},
                    {"start": "2027-12-06T15:00:00Z", "end": "2027-12-06T18:00:00Z"}
                ],
                "places": [
                    {"name": "Bar Pivovar", "address": "Tverskaya 1", "mapUrl": "https://yandex.ru/maps/?ll=37.6,55.7"},
                    {"name": "Stout Corner", "mapUrl": "https://www.openstreetmap.org/#map=17/59.93/30.31"}
                ]
            }),
        )
        .await
    }

    /// Joins an event as a guest; returns (participant id, participant token).
    pub async fn guest(&self, event_id: &str, name: &str) -> (String, String) {
        let (status, body) = self
            .call(Method::POST, &format!("/api/v1/events/{event_id}/participants"), None, Some(json!({"name": name})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (body["participant"]["id"].as_str().unwrap().into(), body["participantToken"].as_str().unwrap().into())
    }

    /// The event as `GET /events/{id}` returns it.
    pub async fn get_event(&self, event_id: &str) -> Value {
        let (status, body) = self.call(Method::GET, &format!("/api/v1/events/{event_id}"), None, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn into_json(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts the API.md error shape and code.
pub fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

/// The codec a test socket speaks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wire {
    /// `prost.json.v1`.
    Json,
    /// `prost.msgpack.v1`.
    Msgpack,
}

/// A live-board client.
pub struct LiveClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    wire: Wire,
}

impl LiveClient {
    /// Connects with the subprotocol of `wire`.
    pub async fn connect(app: &TestApp, event_id: &str, wire: Wire) -> LiveClient {
        let mut request = app.live_url(event_id).into_client_request().unwrap();
        let protocol = match wire {
            Wire::Json => "prost.json.v1",
            Wire::Msgpack => "prost.msgpack.v1",
        };
        request.headers_mut().insert("sec-websocket-protocol", protocol.parse().unwrap());
        let (socket, response) = tokio_tungstenite::connect_async(request).await.expect("websocket connects");
        assert_eq!(response.headers().get("sec-websocket-protocol").unwrap(), protocol);
        LiveClient { socket, wire }
    }

    /// Sends a message in this socket's codec.
    pub async fn send(&mut self, msg: Value) {
        let frame = match self.wire {
            Wire::Json => Message::Text(msg.to_string().into()),
            Wire::Msgpack => Message::Binary(Bytes::from(rmp_serde::to_vec_named(&msg).unwrap())),
        };
        self.socket.send(frame).await.expect("frame sent");
    }

    /// Sends raw bytes as a frame of this socket's kind.
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        let frame = match self.wire {
            Wire::Json => Message::Text(String::from_utf8_lossy(bytes).into_owned().into()),
            Wire::Msgpack => Message::Binary(Bytes::copy_from_slice(bytes)),
        };
        self.socket.send(frame).await.expect("frame sent");
    }

    /// The next message, decoded; `None` when the socket closes. Panics after 10 s.
    pub async fn next(&mut self) -> Option<Value> {
        loop {
            let frame =
                tokio::time::timeout(Duration::from_secs(10), self.socket.next()).await.expect("a message within 10 s");
            match frame? {
                Ok(Message::Text(text)) => {
                    assert_eq!(self.wire, Wire::Json, "text frame on a msgpack socket");
                    return Some(serde_json::from_str(&text).unwrap());
                }
                Ok(Message::Binary(bytes)) => {
                    assert_eq!(self.wire, Wire::Msgpack, "binary frame on a JSON socket");
                    return Some(rmp_serde::from_slice(&bytes).unwrap());
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            }
        }
    }

    /// Reads until the server closes the socket: the code of its close frame, if it sent one.
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            let frame =
                tokio::time::timeout(Duration::from_secs(10), self.socket.next()).await.expect("closed within 10 s");
            match frame {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    }

    /// The next message of `kind` (skipping others, such as presence updates).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let msg = self.next().await.unwrap_or_else(|| panic!("socket closed while waiting for {kind}"));
            if msg["type"] == kind {
                return msg;
            }
        }
    }

    /// The next diff whose first change is `op`.
    pub async fn next_change(&mut self, op: &str) -> Value {
        loop {
            let diff = self.next_of("diff").await;
            if diff["changes"][0]["op"] == op {
                return diff;
            }
        }
    }

    /// Says hello and returns the snapshot.
    pub async fn hello(&mut self, hello: Value) -> Value {
        let mut msg = hello;
        msg["type"] = "hello".into();
        self.send(msg).await;
        self.next_of("snapshot").await
    }
}
