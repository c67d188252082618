//! `reminders`: reminder lag through the outbox. Starts the fake Bot API and a `prost serve`
//! pointed at it, links `count` guests of one event to `count` chats, locks a plan whose
//! reminders all fall due at the same instant, and measures, per chat, how long after its due
//! time the reminder reached the fake, and that each chat got exactly one.

use crate::stats::Distribution;
use prost_fake_telegram::{BOT_TOKEN, FakeTelegram, Sent};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

/// Options of `reminders`.
#[derive(Debug, Clone, clap::Args)]
pub struct RemindersArgs {
    /// The `prost` binary to start.
    #[arg(long)]
    pub prost_bin: String,
    /// Chats (and so reminders).
    #[arg(long, default_value_t = 1000)]
    pub count: usize,
    /// Seconds from locking the plan until the reminders fall due (the plan messages, paced
    /// like the reminders, go out first).
    #[arg(long, default_value_t = 60)]
    pub due_in_secs: u64,
    /// `MONGODB_URI` for the server; the embedded store when unset.
    #[arg(long)]
    pub mongodb_uri: Option<String>,
    /// Hard cap on the whole run, seconds.
    #[arg(long, default_value_t = 900)]
    pub timeout_secs: u64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    store: &'static str,
    chats: usize,
    reminded_once: usize,
    reminded_twice_or_more: usize,
    missing: usize,
    lag: Distribution,
    send_span_ms: f64,
    /// `prost_outbox_ack_window_seconds` from the server: Telegram's answer → the store's
    /// record of it, the only window in which a crash sends a message twice.
    ack_window: AckWindow,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct AckWindow {
    count: u64,
    mean_ms: f64,
    /// The smallest bucket bound that holds 99% of the samples.
    p99_at_most_ms: f64,
    max_bucket_ms: f64,
}

/// Reads one histogram out of Prometheus text.
fn ack_window(metrics: &str) -> AckWindow {
    let name = "prost_outbox_ack_window_seconds";
    let value = |line: &str| line.rsplit(' ').next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let mut buckets: Vec<(f64, f64)> = Vec::new();
    let (mut sum, mut count) = (0.0, 0.0);
    for line in metrics.lines().filter(|l| l.starts_with(name)) {
        if line.starts_with(&format!("{name}_sum")) {
            sum = value(line);
        } else if line.starts_with(&format!("{name}_count")) {
            count = value(line);
        } else if let Some(le) = line.split("le=\"").nth(1).and_then(|r| r.split('"').next()) {
            let bound = if le == "+Inf" { f64::INFINITY } else { le.parse().unwrap_or(f64::INFINITY) };
            buckets.push((bound, value(line)));
        }
    }
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let bound_for = |share: f64| buckets.iter().find(|(_, n)| *n >= share * count).map_or(0.0, |(b, _)| *b * 1000.0);
    AckWindow {
        count: count as u64,
        mean_ms: if count > 0.0 { sum / count * 1000.0 } else { 0.0 },
        p99_at_most_ms: bound_for(0.99),
        max_bucket_ms: bound_for(1.0),
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> anyhow::Result<Value> {
    let mut request = http.request(method, url);
    if let Some(token) = token {
        request = request.header("x-participant-token", token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{status}: {body}");
    Ok(body)
}

/// Runs the scenario and prints its report as one JSON line.
pub async fn run(args: RemindersArgs) -> anyhow::Result<()> {
    tokio::time::timeout(Duration::from_secs(args.timeout_secs), measure(args)).await?
}

async fn measure(args: RemindersArgs) -> anyhow::Result<()> {
    let bot = FakeTelegram::start().await;
    let data = std::env::temp_dir().join(format!("prost-reminders-{}", std::process::id()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let lead = 120u64;
    let mut command = tokio::process::Command::new(&args.prost_bin);
    command
        .arg("serve")
        .env("PROST_ADDR", format!("127.0.0.1:{port}"))
        .env("PROST_DATA_DIR", &data)
        .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
        .env("TELEGRAM_API_URL", &bot.url)
        .env("PROST_REMINDER_LEAD", format!("{lead}s"))
        .env("PROST_AUTH_RATE_PER_MIN", "1000000")
        .env("PROST_JOIN_RATE_PER_MIN", "1000000")
        .env("PROST_READ_RATE_PER_MIN", "100000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if let Some(uri) = &args.mongodb_uri {
        command.env("MONGODB_URI", uri);
    }
    let mut server = command.spawn()?;
    let http = reqwest::Client::new();
    let up = Instant::now();
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        anyhow::ensure!(up.elapsed() < Duration::from_secs(30), "prost did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let owner = call(
        &http,
        reqwest::Method::POST,
        format!("{base}/api/v1/auth/register"),
        None,
        Some(json!({"email": "bench@example.com", "password": "correct horse battery", "name": "Bench"})),
    )
    .await?;
    let owner_token = owner["accessToken"].as_str().unwrap_or_default().to_string();
    let start =
        jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_secs((lead + args.due_in_secs) as i64))?;
    let end = start.checked_add(jiff::SignedDuration::from_hours(2))?;
    let event = http
        .post(format!("{base}/api/v1/events"))
        .bearer_auth(&owner_token)
        .json(&json!({"title": "Reminder bench", "slots": [{"start": start.to_string(), "end": end.to_string()}]}))
        .send()
        .await?
        .json::<Value>()
        .await?;
    let id = event["id"].as_str().unwrap_or_default().to_string();
    eprintln!("reminders: linking {} chats", args.count);
    for n in 0..args.count {
        let joined = call(
            &http,
            reqwest::Method::POST,
            format!("{base}/api/v1/events/{id}/participants"),
            None,
            Some(json!({"name": format!("Guest {n}")})),
        )
        .await?;
        let pid = joined["participant"]["id"].as_str().unwrap_or_default();
        let token = joined["participantToken"].as_str().unwrap_or_default();
        let link = call(
            &http,
            reqwest::Method::POST,
            format!("{base}/api/v1/events/{id}/participants/{pid}/telegram/link"),
            Some(token),
            None,
        )
        .await?;
        let chat = 10_000 + n as i64;
        bot.push_message(chat, chat, &format!("/start {}", link["code"].as_str().unwrap_or_default()), "en");
    }
    let linked = |s: &[Sent]| s.iter().filter(|m| m.text.contains("Done!")).count();
    bot.wait_for(Duration::from_secs(300), "every chat linked", |s| linked(s) >= args.count).await;
    let start = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs((lead + args.due_in_secs) as i64))?
        .round(jiff::Unit::Second)?;
    let end = start.checked_add(jiff::SignedDuration::from_hours(2))?;
    let patched = http
        .patch(format!("{base}/api/v1/events/{id}"))
        .bearer_auth(&owner_token)
        .json(&json!({"addSlots": [{"start": start.to_string(), "end": end.to_string()}]}))
        .send()
        .await?
        .error_for_status()?
        .json::<Value>()
        .await?;
    let slot = patched["slots"]
        .as_array()
        .and_then(|slots| {
            slots.iter().find(|s| s["start"].as_str().and_then(|t| t.parse::<jiff::Timestamp>().ok()) == Some(start))
        })
        .map(|s| s["id"].clone())
        .ok_or_else(|| anyhow::anyhow!("the added slot is not in {patched}"))?;
    http.post(format!("{base}/api/v1/events/{id}/finalize"))
        .bearer_auth(&owner_token)
        .json(&json!({"slotId": slot}))
        .send()
        .await?
        .error_for_status()?;
    let due = start.checked_sub(jiff::SignedDuration::from_secs(lead as i64))?;
    eprintln!("reminders: plan locked; {} reminders fall due at {due}", args.count);
    let reminders = |s: &[Sent]| s.iter().filter(|m| m.text.contains('⏰')).count();
    let wait = Duration::from_secs(args.due_in_secs + 300);
    bot.wait_for(wait, "every reminder", |s| reminders(s) >= args.count).await;
    tokio::time::sleep(Duration::from_secs(5)).await;

    // The fake stamps arrivals with Instant; turn them into wall-clock times.
    let (now_instant, now_wall) = (Instant::now(), SystemTime::now());
    let due_wall = SystemTime::UNIX_EPOCH + Duration::from_millis(due.as_millisecond().max(0) as u64);
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    let mut lags = Vec::new();
    let mut first: Option<Instant> = None;
    let mut last: Option<Instant> = None;
    for sent in bot.sent().iter().filter(|m| m.text.contains('⏰')) {
        *per_chat.entry(sent.chat_id).or_default() += 1;
        let at_wall = now_wall - now_instant.duration_since(sent.at);
        lags.push(at_wall.duration_since(due_wall).unwrap_or_default().as_micros() as u64);
        first = Some(first.map_or(sent.at, |f| f.min(sent.at)));
        last = Some(last.map_or(sent.at, |l| l.max(sent.at)));
    }
    let metrics = http.get(format!("{base}/metrics")).send().await?.text().await?;
    let report = Report {
        store: if args.mongodb_uri.is_some() { "mongo" } else { "embedded" },
        chats: args.count,
        reminded_once: per_chat.values().filter(|n| **n == 1).count(),
        reminded_twice_or_more: per_chat.values().filter(|n| **n > 1).count(),
        missing: args.count.saturating_sub(per_chat.len()),
        lag: Distribution::of(lags),
        send_span_ms: match (first, last) {
            (Some(f), Some(l)) => l.duration_since(f).as_secs_f64() * 1000.0,
            _ => 0.0,
        },
        ack_window: ack_window(&metrics),
    };
    println!("{}", serde_json::to_string(&report)?);
    let _ = server.kill().await;
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}
