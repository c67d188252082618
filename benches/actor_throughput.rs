//! Answers per second that ONE event actor sustains with write-through, on each store.
//!
//! The actor plans each answer, writes it to the store, and only then commits, acks and
//! publishes, so its throughput is bounded by one store round trip per answer. This measures
//! that bound through the real `Registry` (as the HTTP and WebSocket handlers reach it), with
//! (a) one client sending answers one after another and (b) 32 clients, each its own guest
//! participant, sending at once.
//!
//! `cargo bench --bench actor_throughput -- --bench` runs the full measurement and prints a
//! markdown table (scripts/bench.sh puts it in docs/benchmarks.md). Without `--bench`, which
//! is how `cargo test --all-targets` runs this target, it does a smoke run of a few dozen
//! answers per case, still checking that every acknowledged answer reached the store.

use anyhow::{Context, bail, ensure};
use prost::actors::Registry;
use prost::auth::token_hash;
use prost::domain::answer::{Answer, AnswerCells};
use prost::domain::command::{Caller, Command};
use prost::domain::event::Organizer;
use prost::domain::ids::new_event_id;
use prost::domain::input::NewEvent;
use prost::live::Hub;
use prost::persistence::SharedStore;
use prost::persistence::embedded::EmbeddedStore;
use prost::persistence::ferretdb::FerretDb;
use prost::persistence::mongo::MongoStore;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Slot ids of the benchmark event; answers cycle through them.
const SLOTS: [&str; 4] = ["s1", "s2", "s3", "s4"];

/// How much work one run does.
#[derive(Clone, Copy)]
struct Scale {
    /// Answers per case, split evenly over the clients.
    answers: usize,
    /// Stop a case early after this long; the rate is then over what was done.
    time_cap: Duration,
}

/// One measured case.
struct Row {
    store: &'static str,
    clients: usize,
    answers: usize,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Row {
    fn rate(&self) -> f64 {
        self.answers as f64 / self.seconds.max(1e-9)
    }
}

fn new_event() -> anyhow::Result<NewEvent> {
    Ok(serde_json::from_value(serde_json::json!({
        "title": "Actor throughput", "timezone": "Europe/Moscow",
        // A week ahead, whatever the date: an event needs a slot that starts in the future.
        "slots": (0..SLOTS.len() as i64).map(|i| {
            let day = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC).date() + jiff::Span::new().days(7 + i);
            serde_json::json!({"start": format!("{day}T15:00:00Z"), "end": format!("{day}T18:00:00Z")})
        }).collect::<Vec<_>>(),
        "places": [{"name": "Bar Pivovar", "address": "Tverskaya 1"}],
    }))?)
}

fn guest(i: usize) -> Caller {
    Caller { token_hash: Some(token_hash(&format!("bench-token-{i}"))), ..Caller::default() }
}

/// The `n`th answer of a client: walks the slots, flipping yes/no on each pass, so every
/// answer really changes a cell (an unchanged cell would skip the write).
fn stroke(participant_id: &str, n: usize) -> Command {
    let value = if (n / SLOTS.len()) % 2 == 0 { Answer::Yes } else { Answer::No };
    let slots = BTreeMap::from([(SLOTS[n % SLOTS.len()].to_string(), Some(value))]);
    Command::Answer {
        participant_id: participant_id.to_string(),
        cells: AnswerCells { slots, places: BTreeMap::new() },
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// A fresh event with `clients` guests; returns its id.
async fn prepare(store: &SharedStore, registry: &Registry, clients: usize) -> anyhow::Result<String> {
    let id = new_event_id();
    let organizer = Organizer::account("bench-organiser".into(), "Bench".into());
    let meta = new_event()?.into_meta(id.clone(), organizer, prost::actors::event_actor::now())?;
    store.insert_event(&meta).await?;
    for i in 0..clients {
        let join = Command::Join {
            name: format!("voter {i}"),
            participant_id: format!("v{i}"),
            token_hash: Some(token_hash(&format!("bench-token-{i}"))),
        };
        registry.command(&id, join, Caller::default()).await.context("join")?;
    }
    Ok(id)
}

/// Runs one case: `clients` concurrent clients, each sending its share one at a time.
async fn case(store: SharedStore, label: &'static str, clients: usize, scale: Scale) -> anyhow::Result<Row> {
    let registry = Registry::start(store.clone(), Hub::new(), Duration::from_secs(300)).await?;
    let id = prepare(&store, &registry, clients).await?;
    let start_version = registry.view(&id).await?.version;
    let per_client = scale.answers.div_ceil(clients);
    let started = Instant::now();
    let stop_at = started + scale.time_cap;
    let tasks: Vec<_> = (0..clients)
        .map(|i| {
            let (registry, id) = (registry.clone(), id.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_client);
                for n in 0..per_client {
                    if Instant::now() >= stop_at {
                        break;
                    }
                    let sent = Instant::now();
                    registry.command(&id, stroke(&format!("v{i}"), n), guest(i)).await?;
                    latencies.push(sent.elapsed());
                }
                anyhow::Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(scale.answers);
    for task in tasks {
        latencies.extend(task.await??);
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    // Every acknowledged answer must be in memory and in the store: write-through means the
    // store has it before the ack.
    let version = registry.view(&id).await?.version;
    let stored = store.load_event(&id).await?.context("the event vanished from the store")?;
    ensure!(
        version == start_version + latencies.len() as u64,
        "{label}: version {version} after {} answers",
        latencies.len()
    );
    ensure!(stored.version == version, "{label}: the store has version {} but the actor {version}", stored.version);
    registry.shutdown().await;
    Ok(Row {
        store: label,
        clients,
        answers: latencies.len(),
        seconds,
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
    })
}

/// Where the FerretDB binary is, by the same rules as `FerretDb::start`, or `None`.
fn ferretdb_binary() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("PROST_TEST_FERRETDB") {
        return Some(PathBuf::from(path));
    }
    let tools = std::env::var("PROST_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/prost-tools"));
    let cached = tools.join("bin/ferretdb");
    if cached.exists() {
        return Some(cached);
    }
    let on_path = std::env::var_os("PATH")?;
    std::env::split_paths(&on_path).map(|dir| dir.join("ferretdb")).find(|p| p.exists())
}

async fn run(full: bool) -> anyhow::Result<Vec<Row>> {
    let scale = if full {
        Scale { answers: 2000, time_cap: Duration::from_secs(60) }
    } else {
        Scale { answers: 40, time_cap: Duration::from_secs(20) }
    };
    let mut rows = Vec::new();
    let dir = tempfile::tempdir()?;
    for clients in [1, 32] {
        // A fresh database per case, so the second does not start with a bigger file.
        let store: SharedStore = Arc::new(EmbeddedStore::open(&dir.path().join(format!("c{clients}")))?);
        rows.push(case(store, "embedded (redb)", clients, scale).await?);
        eprintln!("actor_throughput: embedded, {clients} client(s) done");
    }
    if ferretdb_binary().is_none() {
        if full {
            bail!("no FerretDB binary: run scripts/ensure-ferretdb.sh and set PROST_TEST_FERRETDB");
        }
        eprintln!("actor_throughput: no FerretDB binary, smoke run skips the mongo store");
        return Ok(rows);
    }
    let ferret = tokio::task::spawn_blocking(FerretDb::start).await?;
    for clients in [1, 32] {
        let store: SharedStore = Arc::new(MongoStore::connect(&ferret.uri_for(&format!("bench_c{clients}"))).await?);
        rows.push(case(store, "mongo (FerretDB 1.24, SQLite)", clients, scale).await?);
        eprintln!("actor_throughput: mongo, {clients} client(s) done");
    }
    Ok(rows)
}

fn ratio(rows: &[Row], a: (&str, usize), b: (&str, usize)) -> Option<f64> {
    let find =
        |(store, clients): (&str, usize)| rows.iter().find(|r| r.store.starts_with(store) && r.clients == clients);
    Some(find(a)?.rate() / find(b)?.rate())
}

fn print(rows: &[Row]) {
    println!("| store | clients | answers | seconds | answers/s | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {:.2} | {:.0} | {:.2} | {:.2} |",
            r.store,
            r.clients,
            r.answers,
            r.seconds,
            r.rate(),
            r.p50_ms,
            r.p99_ms
        );
    }
    println!();
    let show = |name: &str, value: Option<f64>| {
        if let Some(v) = value {
            println!("- {name}: {v:.2}×");
        }
    };
    show("embedded ÷ mongo, 1 client", ratio(rows, ("embedded", 1), ("mongo", 1)));
    show("embedded ÷ mongo, 32 clients", ratio(rows, ("embedded", 32), ("mongo", 32)));
    show("32 clients ÷ 1 client, embedded", ratio(rows, ("embedded", 32), ("embedded", 1)));
    show("32 clients ÷ 1 client, mongo", ratio(rows, ("mongo", 32), ("mongo", 1)));
}

fn main() -> anyhow::Result<()> {
    let full = std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let rows = runtime.block_on(run(full))?;
    print(&rows);
    Ok(())
}
