//! The HTTP API as the replica tests use it: one client per entry point (a replica, or HAProxy
//! over HTTPS), optionally from a chosen loopback source address so rate limits see distinct
//! clients.

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use std::net::IpAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The password every test user has.
pub const PASSWORD: &str = "correct horse battery";

/// How a request authenticates.
#[derive(Debug, Clone, Copy)]
pub enum Auth<'a> {
    /// Anonymous.
    None,
    /// `Authorization: Bearer`.
    Bearer(&'a str),
    /// `X-Participant-Token`, a guest's key.
    Guest(&'a str),
}

/// A response: status, headers, and the body as JSON (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers (`Retry-After`, `X-Prost-Replica`, …).
    pub headers: HeaderMap,
    /// The JSON body.
    pub body: Value,
}

impl Reply {
    /// The value of a header, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The replica that answered (`X-Prost-Replica`).
    pub fn replica(&self) -> Option<&str> {
        self.header("x-prost-replica")
    }

    /// Asserts the API.md error shape with `code`.
    pub fn assert_error(&self, code: &str) {
        assert_eq!(self.body["error"]["code"], code, "{} {}", self.status, self.body);
        assert!(self.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", self.body);
    }
}

/// A guest participant: its id and secret token.
#[derive(Debug, Clone)]
pub struct Guest {
    /// The participant id.
    pub id: String,
    /// Its `participantToken`.
    pub token: String,
    /// Its display name.
    pub name: String,
}

/// One entry point of the API.
#[derive(Clone)]
pub struct Api {
    /// `http://127.0.0.1:<port>` of a replica or `https://127.0.0.1:<port>` of HAProxy.
    pub base: String,
    http: Client,
}

static UNIQUE: AtomicU64 = AtomicU64::new(0);

impl Api {
    /// A client for `base`, trusting `ca_pem` when given (HAProxy's test certificate), sending
    /// from `source` when given (any 127.x address works on Linux).
    pub fn new(base: &str, ca_pem: Option<&Path>, source: Option<IpAddr>) -> Api {
        let mut builder = Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(512)
            .local_address(source);
        if let Some(pem) = ca_pem {
            let pem = std::fs::read(pem).expect("test certificate readable");
            builder = builder
                .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("test certificate parses"))
                .tls_built_in_root_certs(false);
        }
        Api { base: base.trim_end_matches('/').to_string(), http: builder.build().expect("http client builds") }
    }

    /// Sends a request; `Err` only when no HTTP response came back (refused, reset, timeout).
    pub async fn try_call(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Result<Reply, reqwest::Error> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.bearer_auth(token),
            Auth::Guest(token) => request.header("x-participant-token", token),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await?;
        Ok(Reply { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null) })
    }

    /// `try_call` that panics on a transport error.
    pub async fn call(&self, method: Method, path: &str, auth: Auth<'_>, body: Option<Value>) -> Reply {
        let label = format!("{method} {}{path}", self.base);
        self.try_call(method, path, auth, body.as_ref(), &[]).await.unwrap_or_else(|e| panic!("{label}: {e}"))
    }

    /// Registers a fresh user named `name`; returns (access token, email).
    pub async fn register(&self, name: &str) -> (String, String) {
        let n = UNIQUE.fetch_add(1, Ordering::SeqCst);
        let email = format!("{}.{}.{n}@example.com", name.to_lowercase(), std::process::id());
        let reply = self
            .call(
                Method::POST,
                "/api/v1/auth/register",
                Auth::None,
                Some(json!({"email": email, "password": PASSWORD, "name": name})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "register: {}", reply.body);
        (reply.body["accessToken"].as_str().expect("accessToken").to_string(), email)
    }

    /// `POST /auth/login` with the test password.
    pub async fn login(&self, email: &str, headers: &[(&str, &str)]) -> Reply {
        let body = json!({"email": email, "password": PASSWORD});
        self.try_call(Method::POST, "/api/v1/auth/login", Auth::None, Some(&body), headers)
            .await
            .expect("login answered")
    }

    /// Creates an event with three explicit slots and two places; returns its id.
    pub async fn create_event(&self, token: &str, title: &str) -> String {
        let body = json!({
            "title": title, "timezone": "Europe/Moscow",
            "slots": (0..3).map(evening).collect::<Vec<_>>(),
            "places": [{"name": "Bar Pivovar", "address": "Tverskaya 1"}, {"name": "Stout Corner"}]
        });
        let reply = self.call(Method::POST, "/api/v1/events", Auth::Bearer(token), Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "create event: {}", reply.body);
        reply.body["id"].as_str().expect("event id").to_string()
    }

    /// Joins `event_id` as a guest; the reply as it came (201 expected).
    pub async fn try_join(&self, event_id: &str, name: &str) -> Result<Reply, reqwest::Error> {
        let body = json!({"name": name});
        self.try_call(Method::POST, &format!("/api/v1/events/{event_id}/participants"), Auth::None, Some(&body), &[])
            .await
    }

    /// Joins `event_id` as a guest, which must succeed.
    pub async fn join(&self, event_id: &str, name: &str) -> Guest {
        let reply = self.try_join(event_id, name).await.unwrap_or_else(|e| panic!("join {event_id}: {e}"));
        assert_eq!(reply.status, StatusCode::CREATED, "join: {}", reply.body);
        guest_of(&reply, name)
    }

    /// `PUT …/participants/{pid}/answers` as the guest.
    pub async fn try_answer(&self, event_id: &str, guest: &Guest, answers: &Value) -> Result<Reply, reqwest::Error> {
        let path = format!("/api/v1/events/{event_id}/participants/{}/answers", guest.id);
        self.try_call(Method::PUT, &path, Auth::Guest(&guest.token), Some(answers), &[]).await
    }

    /// `try_answer`, which must answer 200.
    pub async fn answer(&self, event_id: &str, guest: &Guest, answers: &Value) -> Reply {
        let reply = self.try_answer(event_id, guest, answers).await.unwrap_or_else(|e| panic!("answer: {e}"));
        assert_eq!(reply.status, StatusCode::OK, "answer: {}", reply.body);
        reply
    }

    /// `GET /events/{id}`, which must answer 200.
    pub async fn event(&self, event_id: &str) -> Value {
        let reply = self.call(Method::GET, &format!("/api/v1/events/{event_id}"), Auth::None, None).await;
        assert_eq!(reply.status, StatusCode::OK, "GET event via {}: {}", self.base, reply.body);
        reply.body
    }
}

/// The guest in a 201 reply to a join.
pub fn guest_of(reply: &Reply, name: &str) -> Guest {
    Guest {
        id: reply.body["participant"]["id"].as_str().expect("participant id").to_string(),
        token: reply.body["participantToken"].as_str().expect("participantToken").to_string(),
        name: name.to_string(),
    }
}

/// A participant's answers in an event body, by participant id.
pub fn answers_of(event: &Value, participant_id: &str) -> Option<Value> {
    event["participants"].as_array()?.iter().find(|p| p["id"] == participant_id).map(|p| p["answers"].clone())
}

/// Slot `i` of a test event: 15:00–18:00 UTC, `i` days after a week from now. Events need a slot
/// that starts in the future, so fixed dates would make the suite fail once they pass.
fn evening(i: i64) -> Value {
    let day = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC).date() + jiff::Span::new().days(7 + i);
    json!({"start": format!("{day}T15:00:00Z"), "end": format!("{day}T18:00:00Z")})
}
