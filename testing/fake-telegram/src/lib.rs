//! A local fake of Telegram's Bot API, for Prost's tests and benches: a real HTTP server on 127.0.0.1 that speaks the
//! documented shapes (`POST /bot<token>/<method>` with a JSON or form body, `{"ok": …, "result": …}`,
//! `error_code` with `parameters.retry_after`, and the error's HTTP status), serves `getUpdates`
//! by long polling, records what the bot sends and its menu button, and answers 429 or 403 for
//! the chats a test picks, fails `getUpdates` on request, or plays an outage (502).

#![warn(missing_docs)]

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// The bot's username in every test.
pub const BOT_USERNAME: &str = "ProstTestBot";
/// The token every test bot uses.
pub const BOT_TOKEN: &str = "123456:TEST-fake-token";

/// One message the bot sent or edited.
#[derive(Debug, Clone)]
pub struct Sent {
    /// `sendMessage` or `editMessageText`.
    pub method: String,
    /// Where.
    pub chat_id: i64,
    /// The message's id.
    pub message_id: i64,
    /// The text.
    pub text: String,
    /// The inline keyboard, if any.
    pub reply_markup: Option<Value>,
    /// When it arrived.
    pub at: Instant,
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    next_update: i64,
    next_message: i64,
    sent: Vec<Sent>,
    /// Chat → (429s still to answer, retry_after seconds).
    flood: HashMap<i64, (u32, u64)>,
    blocked: HashSet<i64>,
    polls: u64,
    /// Each `getUpdates` call: when it arrived, and whether it was refused.
    poll_log: Vec<(Instant, bool)>,
    /// (`getUpdates` calls still to fail, the status they get).
    failing_updates: (u32, u16),
    outage: bool,
    /// How long `sendMessage` takes to answer (after it is recorded).
    send_delay: Duration,
    menu_buttons: Vec<Value>,
    polling_now: u64,
    most_polling_at_once: u64,
    refused_sends: u64,
}

/// The fake server; cheap to clone.
#[derive(Clone)]
pub struct FakeTelegram {
    /// `http://127.0.0.1:<port>`, for `TELEGRAM_API_URL`.
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    arrived: Arc<Notify>,
    sent_signal: Arc<Notify>,
}

/// An answer: the HTTP status with Telegram's body.
type Answer = (StatusCode, Json<Value>);

fn ok(result: Value) -> Answer {
    (StatusCode::OK, Json(json!({"ok": true, "result": result})))
}

/// A refusal the way Telegram sends it: the code as the HTTP status and in the body.
fn refusal(code: u16, description: &str, parameters: Option<Value>) -> Answer {
    let mut body = json!({"ok": false, "error_code": code, "description": description});
    if let Some(parameters) = parameters {
        body["parameters"] = parameters;
    }
    (StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Json(body))
}

/// Telegram's description for a status it may answer `getUpdates` with.
fn description(code: u16) -> &'static str {
    match code {
        401 => "Unauthorized",
        409 => "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        429 => "Too Many Requests: retry after 1",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Bad Gateway",
    }
}

fn chat_of(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "supergroup", "title": "Pub crawl"})
    } else {
        json!({"id": id, "type": "private", "first_name": "Friend"})
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl FakeTelegram {
    /// Starts the fake on a free port.
    pub async fn start() -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = FakeTelegram {
            url: format!("http://{}", listener.local_addr().unwrap()),
            inner: Arc::new(Mutex::new(Inner { next_update: 1, next_message: 100, ..Default::default() })),
            arrived: Arc::new(Notify::new()),
            sent_signal: Arc::new(Notify::new()),
        };
        let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        fake
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Someone writes `text` to the bot in `chat_id` (private when positive, a group when
    /// negative), as Telegram user `from`.
    pub fn push_message(&self, chat_id: i64, from: i64, text: &str, language: &str) {
        let mut inner = self.lock();
        let id = inner.next_update;
        inner.next_update += 1;
        inner.updates.push(json!({
            "update_id": id,
            "message": {
                "message_id": 1000 + id,
                "date": unix_now(),
                "chat": chat_of(chat_id),
                "from": {"id": from, "is_bot": false, "first_name": "Anya", "username": "anya_tg", "language_code": language},
                "text": text,
            }
        }));
        drop(inner);
        self.arrived.notify_waiters();
    }

    /// The next `times` messages to `chat_id` get 429 with `retry_after`.
    pub fn flood(&self, chat_id: i64, times: u32, retry_after: u64) {
        self.lock().flood.insert(chat_id, (times, retry_after));
    }

    /// `chat_id` blocked the bot: every send there gets 403.
    pub fn block(&self, chat_id: i64) {
        self.lock().blocked.insert(chat_id);
    }

    /// The next `times` `getUpdates` calls get HTTP `status` (409 is another poller; 5xx an
    /// outage), each answered at once.
    pub fn fail_updates(&self, times: u32, status: u16) {
        self.lock().failing_updates = (times, status);
    }

    /// While on, every call gets 502 Bad Gateway, as when Telegram is down.
    pub fn outage(&self, on: bool) {
        self.lock().outage = on;
        self.arrived.notify_waiters();
    }

    /// `sendMessage` is recorded on arrival and answered `delay` later (a slow Telegram; a
    /// test can kill the bot while it waits for the answer).
    pub fn delay_sends(&self, delay: Duration) {
        self.lock().send_delay = delay;
    }

    /// Each `getUpdates` call that reached the fake outside an outage: when it arrived, and
    /// whether `fail_updates` refused it.
    pub fn poll_log(&self) -> Vec<(Instant, bool)> {
        self.lock().poll_log.clone()
    }

    /// Every `setChatMenuButton` call's parameters.
    pub fn menu_buttons(&self) -> Vec<Value> {
        self.lock().menu_buttons.clone()
    }

    /// Everything the bot sent or edited.
    pub fn sent(&self) -> Vec<Sent> {
        self.lock().sent.clone()
    }

    /// What reached `chat_id`.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Sent> {
        self.sent().into_iter().filter(|s| s.chat_id == chat_id).collect()
    }

    /// How many sends were refused (429 or 403).
    pub fn refused(&self) -> u64 {
        self.lock().refused_sends
    }

    /// How many `getUpdates` calls arrived.
    pub fn polls(&self) -> u64 {
        self.lock().polls
    }

    /// The most `getUpdates` calls that were ever open at once (Telegram answers a second
    /// concurrent poller with 409, so Prost must keep this at 1).
    pub fn most_polling_at_once(&self) -> u64 {
        self.lock().most_polling_at_once
    }

    /// Waits until `done` holds for what was sent, or panics after `within`.
    pub async fn wait_for(&self, within: Duration, what: &str, done: impl Fn(&[Sent]) -> bool) -> Vec<Sent> {
        let deadline = Instant::now() + within;
        loop {
            let notified = self.sent_signal.notified();
            let sent = self.sent();
            if done(&sent) {
                return sent;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}; the bot sent {sent:#?}");
            let _ = tokio::time::timeout(left.min(Duration::from_millis(200)), notified).await;
        }
    }
}

/// Percent-decodes one `application/x-www-form-urlencoded` component.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A method's parameters from a JSON or form body (Telegram takes both). Form values that read
/// as JSON (numbers, `reply_markup`) are taken as such.
fn parameters(headers: &HeaderMap, body: &[u8]) -> Value {
    let form = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return serde_json::from_slice(body).unwrap_or(Value::Null);
    }
    let text = String::from_utf8_lossy(body);
    let fields = text.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = form_decode(value);
        (form_decode(key), serde_json::from_str(&value).unwrap_or(Value::String(value)))
    });
    Value::Object(fields.collect())
}

async fn handle(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    if bot != format!("bot{BOT_TOKEN}") {
        return refusal(401, "Unauthorized", None);
    }
    if fake.lock().outage {
        return refusal(502, "Bad Gateway", None);
    }
    let params = parameters(&headers, &body);
    // Telegram reads method names case-insensitively (teloxide sends `GetMe`).
    let method = match method.to_ascii_lowercase().as_str() {
        "sendmessage" => "sendMessage".to_string(),
        "editmessagetext" => "editMessageText".to_string(),
        other => other.to_string(),
    };
    match method.as_str() {
        "getme" => ok(json!({
            "id": 777, "is_bot": true, "first_name": "Prost", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "getupdates" => get_updates(fake, params).await,
        "sendMessage" | "editMessageText" => {
            let delay = fake.lock().send_delay;
            let answer = send(fake, &method, params);
            if method == "sendMessage" && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            answer
        }
        "setchatmenubutton" => {
            fake.lock().menu_buttons.push(params);
            ok(json!(true))
        }
        _ => ok(json!(true)),
    }
}

async fn get_updates(fake: FakeTelegram, params: Value) -> Answer {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let timeout = params["timeout"].as_u64().unwrap_or(0).min(10);
    {
        let mut inner = fake.lock();
        inner.polls += 1;
        let refused = inner.failing_updates.0 > 0;
        inner.poll_log.push((Instant::now(), refused));
        if inner.failing_updates.0 > 0 {
            inner.failing_updates.0 -= 1;
            let code = inner.failing_updates.1;
            let retry = (code == 429).then(|| json!({"retry_after": 1}));
            return refusal(code, description(code), retry);
        }
        inner.polling_now += 1;
        inner.most_polling_at_once = inner.most_polling_at_once.max(inner.polling_now);
    }
    let _open = PollGuard(fake.clone());
    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = fake.arrived.notified();
        {
            let mut inner = fake.lock();
            if inner.outage {
                return refusal(502, "Bad Gateway", None);
            }
            // Telegram forgets what an offset confirms.
            inner.updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !inner.updates.is_empty() {
                return ok(Value::Array(inner.updates.clone()));
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return ok(json!([]));
        }
        let _ = tokio::time::timeout(left, notified).await;
    }
}

/// Counts a long poll as closed however it ends (a client that hangs up included).
struct PollGuard(FakeTelegram);

impl Drop for PollGuard {
    fn drop(&mut self) {
        self.0.lock().polling_now -= 1;
    }
}

fn send(fake: FakeTelegram, method: &str, params: Value) -> Answer {
    let chat_id = params["chat_id"].as_i64().unwrap_or(0);
    let mut inner = fake.lock();
    if inner.blocked.contains(&chat_id) {
        inner.refused_sends += 1;
        return refusal(403, "Forbidden: bot was blocked by the user", None);
    }
    if let Some((left, retry_after)) = inner.flood.get_mut(&chat_id)
        && *left > 0
    {
        *left -= 1;
        let retry_after = *retry_after;
        inner.refused_sends += 1;
        let description = format!("Too Many Requests: retry after {retry_after}");
        return refusal(429, &description, Some(json!({"retry_after": retry_after})));
    }
    let message_id = match params["message_id"].as_i64() {
        Some(id) if method == "editMessageText" => id,
        _ => {
            inner.next_message += 1;
            inner.next_message
        }
    };
    let text = params["text"].as_str().unwrap_or_default().to_string();
    inner.sent.push(Sent {
        method: method.to_string(),
        chat_id,
        message_id,
        text: text.clone(),
        reply_markup: params.get("reply_markup").cloned(),
        at: Instant::now(),
    });
    drop(inner);
    fake.sent_signal.notify_waiters();
    ok(json!({
        "message_id": message_id,
        "date": unix_now(),
        "chat": chat_of(chat_id),
        "from": {"id": 777, "is_bot": true, "first_name": "Prost", "username": BOT_USERNAME},
        "text": text,
    }))
}
