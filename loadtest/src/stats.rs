//! Latency arithmetic: send times joined with receive samples, and percentiles.

use crate::plan::GroupReport;
use serde::Serialize;
use std::collections::HashMap;

/// A latency distribution, in milliseconds.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Distribution {
    /// Number of samples.
    pub count: usize,
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Largest sample.
    pub max_ms: f64,
    /// Arithmetic mean.
    pub mean_ms: f64,
}

impl Distribution {
    /// Builds the distribution of `samples_us` (microseconds), nearest-rank percentiles.
    pub fn of(mut samples_us: Vec<u64>) -> Distribution {
        if samples_us.is_empty() {
            return Distribution::default();
        }
        samples_us.sort_unstable();
        let n = samples_us.len();
        let rank = |p: f64| samples_us[((p * n as f64).ceil() as usize).clamp(1, n) - 1] as f64 / 1000.0;
        Distribution {
            count: n,
            p50_ms: rank(0.50),
            p90_ms: rank(0.90),
            p99_ms: rank(0.99),
            max_ms: samples_us[n - 1] as f64 / 1000.0,
            mean_ms: samples_us.iter().sum::<u64>() as f64 / n as f64 / 1000.0,
        }
    }
}

/// Diff delivery measured against what was sent.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Watcher-diff pairs that should have arrived (connected watchers × changes).
    pub expected: usize,
    /// Pairs that arrived (at most `expected`; a watcher that gets a version twice also
    /// counts it as out of order).
    pub delivered: usize,
    /// `expected - delivered`.
    pub lost: usize,
    /// Diffs received whose version was not sent by this run (or arrived twice).
    pub unexpected: usize,
    /// Send → receipt latency of the delivered pairs.
    pub latency: Distribution,
}

/// Joins receive samples with send times. `sent` maps (event index, version) to the send time
/// in µs; `expected` is how many (watcher, diff) pairs should have arrived.
pub fn delivery(report: &GroupReport, sent: &HashMap<(u32, u64), u64>, expected: usize) -> Delivery {
    let mut latencies = Vec::with_capacity(report.samples.len());
    let mut unexpected = 0;
    for (event, version, received, _) in &report.samples {
        match sent.get(&(*event, *version)) {
            Some(sent_us) => latencies.push(received.saturating_sub(*sent_us)),
            None => unexpected += 1,
        }
    }
    let delivered = latencies.len().min(expected);
    unexpected += latencies.len() - delivered;
    Delivery { expected, delivered, lost: expected - delivered, unexpected, latency: Distribution::of(latencies) }
}

/// What the watchers connected to one server received.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerShare {
    /// The server's base URL.
    pub url: String,
    /// Watchers that got their snapshot from it.
    pub watchers: usize,
    /// Diffs of this run's changes that those watchers received.
    pub received: usize,
    /// Send → receipt latency of those diffs.
    pub latency: Distribution,
}

/// Splits the delivered diffs by the server their watcher was connected to (`urls` is the
/// plans' server list, `connected` the watchers per server), so that the watchers on the
/// painter's replica can be told from the ones fed through Redis.
pub fn by_server(
    report: &GroupReport,
    sent: &HashMap<(u32, u64), u64>,
    urls: &[String],
    connected: &[usize],
) -> Vec<ServerShare> {
    let mut latencies: Vec<Vec<u64>> = vec![Vec::new(); urls.len()];
    for (event, version, received, url) in &report.samples {
        if let (Some(sent_us), Some(bucket)) = (sent.get(&(*event, *version)), latencies.get_mut(usize::from(*url))) {
            bucket.push(received.saturating_sub(*sent_us));
        }
    }
    urls.iter()
        .zip(latencies)
        .enumerate()
        .map(|(i, (url, samples))| ServerShare {
            url: url.clone(),
            watchers: connected.get(i).copied().unwrap_or(0),
            received: samples.len(),
            latency: Distribution::of(samples),
        })
        .collect()
}

/// Prints one line per server when the watchers were spread over more than one.
pub fn print_servers(shares: &[ServerShare]) {
    if shares.len() < 2 {
        return;
    }
    for s in shares {
        let l = &s.latency;
        eprintln!(
            "  {}: {} watchers, {} diffs; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            s.url, s.watchers, s.received, l.p50_ms, l.p99_ms, l.max_ms
        );
    }
}

/// Prints the one-line outcome of a painting run to stderr, with what went wrong under it.
pub fn print_outcome(
    headline: &str,
    delivery: &Delivery,
    ack: &Distribution,
    all_done: bool,
    completed: usize,
    refused: &[String],
) {
    let l = &delivery.latency;
    eprintln!(
        "{headline}; delivered {}/{} (lost {}); latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; ack p50 {:.2} ms, p99 {:.2} ms",
        delivery.delivered, delivery.expected, delivery.lost, l.p50_ms, l.p99_ms, l.max_ms, ack.p50_ms, ack.p99_ms
    );
    if !all_done {
        eprintln!("  not every watcher had every diff 15 s after the last change ({completed} did)");
    }
    for problem in refused.iter().take(5) {
        eprintln!("  painter: {problem}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let d = Distribution::of((1..=100).map(|ms| ms * 1000).collect());
        assert_eq!((d.p50_ms, d.p99_ms, d.max_ms, d.count), (50.0, 99.0, 100.0, 100));
        assert_eq!(Distribution::of(vec![]).count, 0);
    }

    #[test]
    fn delivery_counts_lost_and_unexpected() {
        let report =
            GroupReport { samples: vec![(0, 2, 1_500, 0), (0, 3, 2_000, 1), (0, 9, 5, 0)], ..Default::default() };
        let sent = HashMap::from([((0, 2), 1_000), ((0, 3), 1_000)]);
        let d = delivery(&report, &sent, 4);
        assert_eq!((d.expected, d.delivered, d.lost, d.unexpected), (4, 2, 2, 1));
        assert_eq!(d.latency.max_ms, 1.0);
    }

    #[test]
    fn servers_get_their_own_watchers_diffs() {
        // Server 0 got version 2 after 0.5 ms and a diff this run never sent; server 1 got
        // versions 2 and 3 after 3 and 1 ms; server 2 got nothing.
        let report = GroupReport {
            samples: vec![(0, 2, 1_500, 0), (0, 9, 5, 0), (0, 2, 4_000, 1), (0, 3, 2_000, 1)],
            ..Default::default()
        };
        let sent = HashMap::from([((0, 2), 1_000), ((0, 3), 1_000)]);
        let urls: Vec<String> = ["a", "b", "c"].map(String::from).into();
        let shares = by_server(&report, &sent, &urls, &[1, 1, 1]);
        let got: Vec<(&str, usize, usize, f64)> =
            shares.iter().map(|s| (s.url.as_str(), s.watchers, s.received, s.latency.max_ms)).collect();
        assert_eq!(got, vec![("a", 1, 1, 0.5), ("b", 1, 2, 3.0), ("c", 1, 0, 0.0)]);
    }
}
