//! `reads`: sequential `GET /events/{id}` timings against one or more servers, for two
//! comparisons with replicas: the same read through HAProxy (TLS, one more hop) and straight
//! to a replica, and a read the Redis view cache answers (hit) against the first read after a
//! change, which the cache cannot answer (miss). Every request is sequential, so each number
//! is one request's round trip, not a throughput under contention.

use crate::cli::ReadsArgs;
use crate::setup::Organiser;
use crate::stats::Distribution;
use anyhow::{Context, bail};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Most GETs of the unchanged event per server, and most changes: keeps a run to minutes.
pub const MAX_REQUESTS: usize = 20_000;
/// See `MAX_REQUESTS`.
pub const MAX_CHANGES: usize = 2_000;

/// How the server says it answered a read: `X-Prost-Cache: hit` from the Redis view cache;
/// no header means the event actor (or the store) built the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Served {
    /// From the view cache.
    Hit,
    /// Built by the event's owner (a cache miss, or no cache at all without Redis).
    Built,
}

impl Served {
    /// Reads the response headers.
    pub fn of(headers: &reqwest::header::HeaderMap) -> Served {
        match headers.get("x-prost-cache").and_then(|v| v.to_str().ok()) {
            Some(v) if v.eq_ignore_ascii_case("hit") => Served::Hit,
            _ => Served::Built,
        }
    }
}

/// One timed GET.
#[derive(Debug, Clone)]
struct Read {
    micros: u64,
    served: Served,
    replica: Option<String>,
}

/// Reads of one kind: how long they took, and how many the cache answered.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    /// All reads of this phase.
    pub all: Distribution,
    /// The ones the cache answered.
    pub hits: usize,
    /// The ones the owner built.
    pub built: usize,
}

/// Everything measured against one server.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerReads {
    /// The server's base URL.
    pub url: String,
    /// GETs of the unchanged (hot) event.
    pub hot: Phase,
    /// The first GET after each change.
    pub after_change: Phase,
    /// The GET right after that one.
    pub again: Phase,
    /// Every read the cache answered, whatever the phase.
    pub hit: Distribution,
    /// Every read the owner built, whatever the phase.
    pub built: Distribution,
    /// `X-Prost-Replica` of the answers → count (which replica did the work).
    pub replicas: BTreeMap<String, usize>,
}

fn phase(reads: &[Read]) -> Phase {
    Phase {
        all: Distribution::of(reads.iter().map(|r| r.micros).collect()),
        hits: reads.iter().filter(|r| r.served == Served::Hit).count(),
        built: reads.iter().filter(|r| r.served == Served::Built).count(),
    }
}

/// Sums up one server's reads of the three phases.
fn summarise(url: &str, hot: &[Read], after_change: &[Read], again: &[Read]) -> ServerReads {
    let every = || hot.iter().chain(after_change).chain(again);
    let of = |served: Served| Distribution::of(every().filter(|r| r.served == served).map(|r| r.micros).collect());
    let mut replicas = BTreeMap::new();
    for r in every() {
        *replicas.entry(r.replica.clone().unwrap_or_else(|| "-".into())).or_default() += 1;
    }
    ServerReads {
        url: url.to_string(),
        hot: phase(hot),
        after_change: phase(after_change),
        again: phase(again),
        hit: of(Served::Hit),
        built: of(Served::Built),
        replicas,
    }
}

/// A keep-alive client for one server, trusting `ca_pem` for `https://` (HAProxy's own
/// certificate), so a run times requests rather than TLS handshakes.
fn client(ca_pem: Option<&[u8]>) -> anyhow::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(10)).pool_max_idle_per_host(1);
    if let Some(pem) = ca_pem {
        builder = builder
            .add_root_certificate(
                reqwest::Certificate::from_pem(pem).context("the --ca file is not a PEM certificate")?,
            )
            .tls_built_in_root_certs(false);
    }
    Ok(builder.build()?)
}

async fn get(http: &reqwest::Client, url: &str) -> anyhow::Result<Read> {
    let started = Instant::now();
    let response = http.get(url).send().await.with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let served = Served::of(response.headers());
    let replica = response.headers().get("x-prost-replica").and_then(|v| v.to_str().ok()).map(str::to_string);
    // The body is part of the read: a cached view and a built one are the same JSON.
    let body = response.bytes().await.with_context(|| format!("GET {url}: body"))?;
    let micros = started.elapsed().as_micros() as u64;
    if !status.is_success() {
        bail!("GET {url}: HTTP {status}: {}", String::from_utf8_lossy(&body[..body.len().min(300)]));
    }
    Ok(Read { micros, served, replica })
}

/// Runs the scenario and prints its summary.
pub async fn run(args: ReadsArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.requests <= MAX_REQUESTS, "--requests is at most {MAX_REQUESTS}");
    anyhow::ensure!(args.changes <= MAX_CHANGES, "--changes is at most {MAX_CHANGES}");
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.max_secs);
    let base = args.url.trim_end_matches('/').to_string();
    let mut servers: Vec<String> =
        args.read_urls.iter().map(|u| u.trim().trim_end_matches('/').to_string()).filter(|u| !u.is_empty()).collect();
    if servers.is_empty() {
        servers.push(base.clone());
    }
    anyhow::ensure!(
        servers.len() <= crate::cli::MAX_WATCH_URLS,
        "at most {} --read-url servers",
        crate::cli::MAX_WATCH_URLS
    );
    let ca = match &args.ca {
        Some(path) => Some(std::fs::read(path).with_context(|| format!("reading {}", path.display()))?),
        None => None,
    };
    let clients = servers.iter().map(|_| client(ca.as_deref())).collect::<anyhow::Result<Vec<_>>>()?;

    let organiser = Organiser::register(&base).await?;
    let event = organiser.create_event("Read load test").await?;
    let guest = organiser.join_guest(&event, "painter").await?;
    let writer = client(None)?;
    let answers_url = format!("{base}/api/v1/events/{event}/participants/{}/answers", guest.participant_id);
    let view = |server: &str| format!("{server}/api/v1/events/{event}");
    // One untimed read each: connections open (TLS included) and the cache filled.
    for (server, http) in servers.iter().zip(&clients) {
        get(http, &view(server)).await?;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    let n = servers.len();
    let (mut hot, mut after_change, mut again) = (vec![Vec::new(); n], vec![Vec::new(); n], vec![Vec::new(); n]);
    let mut writes = Vec::new();
    let mut stopped = None;
    // Interleaved over the servers, so a slow moment of the machine hits all of them alike.
    'hot: for i in 0..args.requests {
        for (k, (server, http)) in servers.iter().zip(&clients).enumerate() {
            if Instant::now() >= deadline {
                stopped = Some(format!("stopped after {i} rounds of hot reads: --max-secs reached"));
                break 'hot;
            }
            hot[k].push(get(http, &view(server)).await?);
        }
    }
    // Each server gets its own change right before its timed pair, because the first read on
    // any server fills the shared cache for all of them.
    'changes: for i in 0..args.changes {
        for (k, (server, http)) in servers.iter().zip(&clients).enumerate() {
            if Instant::now() >= deadline {
                stopped.get_or_insert(format!("stopped after {i} rounds of changes: --max-secs reached"));
                break 'changes;
            }
            let answer = if (i * n + k).is_multiple_of(2) { "yes" } else { "no" };
            let sent = Instant::now();
            let reply = writer
                .put(&answers_url)
                .header("X-Participant-Token", &guest.token)
                .json(&json!({"slots": {"s1": answer}}))
                .send()
                .await
                .context("PUT answers")?;
            let status = reply.status();
            let body = reply.text().await.unwrap_or_default();
            if !status.is_success() {
                bail!("PUT answers: HTTP {status}: {body:.300}");
            }
            writes.push(sent.elapsed().as_micros() as u64);
            after_change[k].push(get(http, &view(server)).await?);
            again[k].push(get(http, &view(server)).await?);
        }
    }

    let results: Vec<ServerReads> =
        (0..n).map(|k| summarise(&servers[k], &hot[k], &after_change[k], &again[k])).collect();
    let write = Distribution::of(writes);
    for r in &results {
        eprintln!(
            "reads {}: hot p50 {:.2} ms p99 {:.2} ms ({} hits / {} built); first after a change p50 {:.2} ms ({} hits / {} built); \
             cache hit p50 {:.2} ms p99 {:.2} ms, built p50 {:.2} ms p99 {:.2} ms; replicas {:?}",
            r.url,
            r.hot.all.p50_ms,
            r.hot.all.p99_ms,
            r.hot.hits,
            r.hot.built,
            r.after_change.all.p50_ms,
            r.after_change.hits,
            r.after_change.built,
            r.hit.p50_ms,
            r.hit.p99_ms,
            r.built.p50_ms,
            r.built.p99_ms,
            r.replicas
        );
    }
    eprintln!("reads: {} changes (PUT answers) p50 {:.2} ms, p99 {:.2} ms", write.count, write.p50_ms, write.p99_ms);
    if let Some(why) = &stopped {
        eprintln!("  {why}");
    }
    if args.json {
        let summary = json!({
            "scenario": "reads", "event": event, "url": base, "servers": results, "requests": args.requests, "changes": args.changes,
            "write": write, "stopped": stopped, "seconds": started.elapsed().as_secs_f64(),
        });
        println!("{summary}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn only_the_cache_header_makes_a_hit() {
        let mut headers = HeaderMap::new();
        assert_eq!(Served::of(&headers), Served::Built);
        headers.insert("x-prost-cache", HeaderValue::from_static("HIT"));
        assert_eq!(Served::of(&headers), Served::Hit);
        headers.insert("x-prost-cache", HeaderValue::from_static("miss"));
        assert_eq!(Served::of(&headers), Served::Built);
    }

    #[test]
    fn summaries_split_by_how_reads_were_served() {
        let read = |ms: u64, served, replica: &str| Read { micros: ms * 1000, served, replica: Some(replica.into()) };
        let hot = [read(1, Served::Hit, "r1"), read(2, Served::Hit, "r2")];
        let after = [read(9, Served::Built, "r1")];
        let again = [read(3, Served::Hit, "r1"), read(7, Served::Built, "r1")];
        let s = summarise("u", &hot, &after, &again);
        assert_eq!((s.hot.hits, s.hot.built, s.after_change.built, s.again.hits, s.again.built), (2, 0, 1, 1, 1));
        assert_eq!((s.hit.count, s.hit.max_ms, s.built.count, s.built.p50_ms), (3, 3.0, 2, 7.0));
        assert_eq!(s.replicas, BTreeMap::from([("r1".to_string(), 4), ("r2".to_string(), 1)]));
    }
}
