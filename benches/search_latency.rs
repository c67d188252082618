//! Search latency through the store's index (`Store::search_events`, what `GET /events` calls),
//! at 1,000 and 10,000 public events, on each store. Cases: no filter (a plain first page), a
//! word nobody wrote (a miss), a word in about one event in ten, a weekend, `near` (2 km round
//! the centre of Moscow), and a one-sided date range past every event, which the indexes cannot
//! narrow and the scan budget bounds.
//!
//! `cargo bench --bench search_latency -- --bench` runs the full measurement and prints a
//! markdown table (`scripts/bench-search.sh` puts it in docs/benchmarks.md). `SEARCH_BENCH_SIZES`
//! (default `1000,10000`) picks the sizes. Without `--bench` (how `cargo test --all-targets`
//! runs this target) it does a smoke run: 200 events, a few queries, embedded store only, still
//! checking that each case finds what it should.

use anyhow::ensure;
use futures::StreamExt;
use jiff::{Timestamp, ToSpan};
use prost::domain::event::{Place, Slot, Visibility};
use prost::domain::search::{Near, SearchFilter, words};
use prost::persistence::contract::sample_event;
use prost::persistence::embedded::EmbeddedStore;
use prost::persistence::ferretdb::FerretDb;
use prost::persistence::mongo::MongoStore;
use prost::persistence::{Scope, SearchQuery, SharedStore};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Words titles are made of; "пиво" goes into one title in ten.
const VOCABULARY: [&str; 12] = [
    "Пятница",
    "вечер",
    "Friday",
    "pints",
    "квиз",
    "караоке",
    "Stammtisch",
    "бар",
    "встреча",
    "hike",
    "board",
    "games",
];

/// A public event number `n` of a crowd: slots spread over the next 60 days, places round
/// Moscow and Petersburg.
fn crowd_event(n: usize, now: Timestamp) -> prost::domain::event::EventMeta {
    let mut meta = sample_event(&format!("bench{n:06}"), &format!("u{}", n % 500));
    meta.visibility = Visibility::Public;
    let word = |k: usize| VOCABULARY[(n * 7 + k * 3) % VOCABULARY.len()];
    meta.title = format!("{} {} {}{}", word(0), word(1), word(2), if n % 10 == 3 { " и пиво" } else { "" });
    meta.description = Some(format!("{} {} — приходите все, bring friends", word(3), word(4)));
    let start = now + (((n * 37) % (60 * 24)) as i64 + 1).hours();
    meta.slots = (0..3i64)
        .map(|k| Slot { id: format!("s{k}"), start: start + (k * 24).hours(), end: start + (k * 24 + 3).hours() })
        .collect();
    let (lat, lng) = if n % 2 == 0 { (55.75, 37.61) } else { (59.93, 30.31) };
    let jitter = |k: usize| ((n * 31 + k * 17) % 200) as f64 / 1000.0 - 0.1;
    meta.places = vec![Place {
        id: "p1".into(),
        name: format!("Бар номер {}", n % 300),
        address: Some(format!("улица {} {}", word(5), n % 90)),
        map_url: None,
        lat: Some(lat + jitter(0)),
        lng: Some(lng + jitter(1)),
        suggested_by: None,
    }];
    meta
}

async fn fill(store: &SharedStore, events: usize, now: Timestamp) -> anyhow::Result<()> {
    let inserts = futures::stream::iter(0..events).map(|n| {
        let store = store.clone();
        async move { store.insert_event(&crowd_event(n, now)).await }
    });
    let results: Vec<_> = inserts.buffer_unordered(32).collect().await;
    for result in results {
        result?;
    }
    Ok(())
}

/// One case: its name and filter.
fn cases(now: Timestamp) -> Vec<(&'static str, SearchFilter)> {
    let ms = |t: Timestamp| Some(t.as_millisecond());
    let saturday = now + (20 * 24).hours();
    vec![
        ("no filter", SearchFilter::default()),
        ("miss: q=zzzqqq", SearchFilter { words: words("zzzqqq").collect(), ..Default::default() }),
        ("word: q=пиво", SearchFilter { words: words("пиво").collect(), ..Default::default() }),
        ("time: a weekend", SearchFilter { from: ms(saturday), to: ms(saturday + 48.hours()), ..Default::default() }),
        (
            "near: 2 km",
            SearchFilter { near: Some(Near { lat: 55.75, lng: 37.61, radius_km: 2.0 }), ..Default::default() },
        ),
        ("from: past every event", SearchFilter { from: ms(now + (400 * 24).hours()), ..Default::default() }),
    ]
}

struct Row {
    store: &'static str,
    events: usize,
    case: &'static str,
    found: usize,
    p50_ms: f64,
    p99_ms: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

async fn measure(
    store: &SharedStore,
    name: &'static str,
    events: usize,
    queries: usize,
    now: Timestamp,
) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (case, filter) in cases(now) {
        let query = SearchQuery { scope: Scope::Public, filter, limit: 20, after: None };
        let mut times = Vec::with_capacity(queries);
        let mut found = 0;
        for i in 0..queries + queries / 10 {
            let started = Instant::now();
            let page = store.search_events(&query).await?;
            if i >= queries / 10 {
                times.push(started.elapsed());
            }
            found = page.events.len();
        }
        match case {
            "miss: q=zzzqqq" | "from: past every event" => ensure!(found == 0, "{case} found {found}"),
            _ => ensure!(found > 0, "{case} found nothing"),
        }
        times.sort();
        rows.push(Row {
            store: name,
            events,
            case,
            found,
            p50_ms: percentile(&times, 0.5),
            p99_ms: percentile(&times, 0.99),
        });
        eprintln!("search_latency: {name}, {events} events, {case} done");
    }
    Ok(rows)
}

async fn run(full: bool) -> anyhow::Result<Vec<Row>> {
    let sizes: Vec<usize> = if full {
        std::env::var("SEARCH_BENCH_SIZES")
            .unwrap_or_else(|_| "1000,10000".into())
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<_, _>>()?
    } else {
        vec![200]
    };
    let queries = if full { 200 } else { 10 };
    let now = Timestamp::now();
    let dir = tempfile::tempdir()?;
    let mut rows = Vec::new();
    for &events in &sizes {
        let store: SharedStore = Arc::new(EmbeddedStore::open(&dir.path().join(format!("e{events}")))?);
        let started = Instant::now();
        fill(&store, events, now).await?;
        eprintln!("search_latency: embedded, {events} events stored in {:.1}s", started.elapsed().as_secs_f64());
        rows.extend(measure(&store, "embedded (redb)", events, queries, now).await?);
    }
    if !full {
        return Ok(rows);
    }
    let ferret = tokio::task::spawn_blocking(FerretDb::start).await?;
    for &events in &sizes {
        let store: SharedStore =
            Arc::new(MongoStore::connect(&ferret.uri_for(&format!("search_bench_{events}"))).await?);
        let started = Instant::now();
        fill(&store, events, now).await?;
        eprintln!("search_latency: mongo, {events} events stored in {:.1}s", started.elapsed().as_secs_f64());
        rows.extend(measure(&store, "mongo (FerretDB 1.24, SQLite)", events, queries, now).await?);
    }
    Ok(rows)
}

fn print(rows: &[Row]) {
    println!("| store | public events | case | found | p50 ms | p99 ms | p50 ÷ no filter |");
    println!("|---|---:|---|---:|---:|---:|---:|");
    for r in rows {
        let base = rows.iter().find(|b| b.store == r.store && b.events == r.events && b.case == "no filter");
        let ratio = base.map_or(f64::NAN, |b| r.p50_ms / b.p50_ms.max(1e-9));
        println!(
            "| {} | {} | {} | {} | {:.2} | {:.2} | {:.2}× |",
            r.store, r.events, r.case, r.found, r.p50_ms, r.p99_ms, ratio
        );
    }
}

fn main() -> anyhow::Result<()> {
    let full = std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let rows = runtime.block_on(run(full))?;
    print(&rows);
    Ok(())
}
