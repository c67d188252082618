//! The REST calls that prepare a run: an organiser account, events, and guests who paint.

use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::time::Duration;

/// An organiser signed in to one server.
pub struct Organiser {
    http: reqwest::Client,
    base: String,
    access_token: String,
}

/// A guest participant and the secret that lets a socket act as them.
#[derive(Debug, Clone)]
pub struct Guest {
    /// Participant id, for `answers` messages.
    pub participant_id: String,
    /// The `participantToken` for `hello`.
    pub token: String,
}

/// Slot ids of every event the load generator creates.
pub const SLOTS: [&str; 4] = ["s1", "s2", "s3", "s4"];

async fn expect_json(response: reqwest::Response, what: &str) -> anyhow::Result<Value> {
    let status = response.status();
    let body = response.text().await.with_context(|| format!("{what}: reading the body"))?;
    if !status.is_success() {
        bail!("{what}: HTTP {status}: {body}");
    }
    serde_json::from_str(&body).with_context(|| format!("{what}: not JSON: {body}"))
}

fn text<'a>(value: &'a Value, pointer: &str, what: &str) -> anyhow::Result<&'a str> {
    value.pointer(pointer).and_then(Value::as_str).with_context(|| format!("{what}: no {pointer} in {value}"))
}

impl Organiser {
    /// Registers a fresh account on the server at `base` (`http://127.0.0.1:PORT`).
    pub async fn register(base: &str) -> anyhow::Result<Organiser> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
        let email = format!("loadtest-{}-{}@example.com", std::process::id(), crate::proto::now_us());
        let body = json!({"email": email, "password": "loadtest password", "name": "Load Test"});
        let reply = http.post(format!("{base}/api/v1/auth/register")).json(&body).send().await.context("register")?;
        let reply = expect_json(reply, "register").await?;
        let access_token = text(&reply, "/accessToken", "register")?.to_string();
        Ok(Organiser { http, base: base.trim_end_matches('/').to_string(), access_token })
    }

    /// Creates an event with four explicit slots and one place; returns its id.
    pub async fn create_event(&self, title: &str) -> anyhow::Result<String> {
        let slots: Vec<Value> = (0..SLOTS.len() as i64).map(evening).collect();
        let body = json!({
            "title": title, "timezone": "Europe/Moscow", "visibility": "link", "slots": slots,
            "places": [{"name": "Bar Pivovar", "address": "Tverskaya 1"}],
            "settings": {"allowGuests": true, "participantsCanAddPlaces": true, "deadline": null},
        });
        let reply = self
            .http
            .post(format!("{}/api/v1/events", self.base))
            .bearer_auth(&self.access_token)
            .json(&body)
            .send()
            .await
            .context("create event")?;
        let reply = expect_json(reply, "create event").await?;
        Ok(text(&reply, "/id", "create event")?.to_string())
    }

    /// Joins `event` as a guest called `name`.
    pub async fn join_guest(&self, event: &str, name: &str) -> anyhow::Result<Guest> {
        let reply = self
            .http
            .post(format!("{}/api/v1/events/{event}/participants", self.base))
            .json(&json!({"name": name}))
            .send()
            .await
            .context("join")?;
        let reply = expect_json(reply, "join").await?;
        Ok(Guest {
            participant_id: text(&reply, "/participant/id", "join")?.to_string(),
            token: text(&reply, "/participantToken", "join")?.to_string(),
        })
    }
}

/// Slot `i` of a load-test event: 15:00–18:00 UTC, `i` days after a week from now (an event
/// needs a slot that starts in the future, so fixed dates would stop working once they pass).
pub fn evening(i: i64) -> Value {
    let day = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC).date() + jiff::Span::new().days(7 + i);
    json!({"start": format!("{day}T15:00:00Z"), "end": format!("{day}T18:00:00Z")})
}
