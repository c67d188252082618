//! A local fake of Telegram's Bot API, for Prost's tests and benches: a real HTTP server on 127.0.0.1 that speaks the
//! documented shapes (`POST /bot<token>/<method>`, `{"ok": …, "result": …}`, `error_code` with
//! `parameters.retry_after`), serves `getUpdates` by long polling, records what the bot sends,
//! and answers 429 or 403 for the chats a test picks.

#![warn(missing_docs)]

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
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

fn ok(result: Value) -> Json<Value> {
    Json(json!({"ok": true, "result": result}))
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

async fn handle(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    body: Option<Json<Value>>,
) -> Json<Value> {
    if bot != format!("bot{BOT_TOKEN}") {
        return Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"}));
    }
    let params = body.map(|Json(v)| v).unwrap_or(Value::Null);
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
        "sendMessage" | "editMessageText" => send(fake, &method, params),
        _ => ok(json!(true)),
    }
}

async fn get_updates(fake: FakeTelegram, params: Value) -> Json<Value> {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let timeout = params["timeout"].as_u64().unwrap_or(0).min(10);
    {
        let mut inner = fake.lock();
        inner.polls += 1;
        inner.polling_now += 1;
        inner.most_polling_at_once = inner.most_polling_at_once.max(inner.polling_now);
    }
    let _open = PollGuard(fake.clone());
    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = fake.arrived.notified();
        {
            let mut inner = fake.lock();
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

fn send(fake: FakeTelegram, method: &str, params: Value) -> Json<Value> {
    let chat_id = params["chat_id"].as_i64().unwrap_or(0);
    let mut inner = fake.lock();
    if inner.blocked.contains(&chat_id) {
        inner.refused_sends += 1;
        return Json(json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}));
    }
    if let Some((left, retry_after)) = inner.flood.get_mut(&chat_id)
        && *left > 0
    {
        *left -= 1;
        let retry_after = *retry_after;
        inner.refused_sends += 1;
        return Json(json!({
            "ok": false, "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": {"retry_after": retry_after}
        }));
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
