//! `idle`: open N watcher sockets, hold them, and read the server's resident memory before,
//! while and after, for the memory one idle connection costs.

use crate::cli::IdleArgs;
use crate::groups::Groups;
use crate::plan::{GroupPlan, GroupReport, first_sockets, split};
use crate::setup::Organiser;
use anyhow::Context;
use serde_json::json;
use std::time::{Duration, Instant};

/// The `VmRSS` of `pid` in KiB, from `/proc/<pid>/status`.
pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    parse_vm_rss(&status).with_context(|| format!("no VmRSS in /proc/{pid}/status"))
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn rss(pid: Option<u32>) -> anyhow::Result<Option<u64>> {
    pid.map(rss_kib).transpose()
}

/// Runs the scenario and prints its summary.
pub async fn run(args: IdleArgs) -> anyhow::Result<()> {
    let common = &args.common;
    let started = Instant::now();
    let organiser = Organiser::register(&common.url).await?;
    let mut events = Vec::with_capacity(args.events.max(1));
    for i in 0..args.events.max(1) {
        events.push(organiser.create_event(&format!("Idle load test {i}")).await?);
    }
    // Let the event actors settle in before the baseline.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss(args.server_pid)?;

    let per_event = args.connections / events.len();
    let processes = common.processes.max(1);
    let urls = common.watch_targets()?;
    let groups: Vec<(Vec<String>, usize)> = if events.len() >= processes {
        split(&events, processes).into_iter().map(|events| (events, per_event)).collect()
    } else {
        // Fewer events than processes: every process watches every event with a share.
        crate::plan::shares(per_event, processes / events.len()).into_iter().map(|n| (events.clone(), n)).collect()
    };
    let sizes: Vec<usize> = groups.iter().map(|(events, n)| events.len() * n).collect();
    let plans: Vec<GroupPlan> = groups
        .into_iter()
        .zip(first_sockets(&sizes))
        .map(|((events, n), first)| plan(&args, &urls, first, events, n))
        .collect();
    let opened_at = Instant::now();
    let mut groups = Groups::start(plans, processes <= 1).await?;
    let ready = groups.ready(Duration::from_secs(common.max_secs)).await?;
    let open_secs = opened_at.elapsed().as_secs_f64();
    let connected: usize = ready.iter().map(|r| r.connected).sum();
    let failed: usize = ready.iter().map(|r| r.failed).sum();
    eprintln!("idle: {connected} sockets up ({failed} failed) in {open_secs:.1} s");
    for error in ready.iter().flat_map(|r| &r.errors).take(5) {
        eprintln!("  connect error: {error}");
    }
    tokio::time::sleep(Duration::from_secs(common.settle_secs)).await;
    let after = rss(args.server_pid)?;
    let mut peak = after;
    let hold_until = Instant::now() + Duration::from_secs(args.hold_secs);
    while Instant::now() < hold_until {
        tokio::time::sleep(Duration::from_secs(1).min(hold_until - Instant::now())).await;
        peak = peak.max(rss(args.server_pid)?);
    }
    let held = rss(args.server_pid)?;
    let reports = groups.finish().await?;
    let mut report = GroupReport::default();
    for part in reports {
        report.absorb(part, 0);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let closed = rss(args.server_pid)?;

    let per_conn = match (before, after) {
        (Some(b), Some(a)) if connected > 0 => Some(a.saturating_sub(b) as f64 / connected as f64),
        _ => None,
    };
    let dropped: usize = report.closes.values().sum();
    eprintln!(
        "idle: RSS before {} KiB, all open {} KiB, peak {} KiB, end of hold {} KiB, 3 s after closing {} KiB; {} KiB per connection; {dropped} sockets ended before the hold was over {:?}; {} presence messages received",
        show(before),
        show(after),
        show(peak),
        show(held),
        show(closed),
        per_conn.map_or("n/a".into(), |k| format!("{k:.1}")),
        report.closes,
        report.presence
    );
    if common.json {
        let summary = json!({
            "scenario": "idle", "codec": common.codec.name(), "processes": processes, "events": events.len(),
            "connections": args.connections, "connected": connected, "connectFailed": failed, "openSecs": open_secs,
            "holdSecs": args.hold_secs, "rssBeforeKib": before, "rssAfterKib": after, "rssPeakKib": peak,
            "rssHeldKib": held, "rssClosedKib": closed, "perConnectionKib": per_conn, "droppedEarly": dropped,
            "closes": report.closes, "presence": report.presence, "seconds": started.elapsed().as_secs_f64(),
        });
        println!("{summary}");
    }
    Ok(())
}

fn plan(args: &IdleArgs, urls: &[String], first_socket: usize, events: Vec<String>, per_event: usize) -> GroupPlan {
    GroupPlan {
        urls: urls.to_vec(),
        first_socket,
        events,
        per_event,
        codec: args.common.codec,
        expect: 0,
        deadline_secs: args.common.max_secs + args.hold_secs + 30,
        connect_concurrency: args.common.connect_concurrency,
    }
}

fn show(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| k.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_vm_rss() {
        let status = "Name:\tprost\nVmPeak:\t  9000 kB\nVmRSS:\t   12345 kB\nThreads:\t4\n";
        assert_eq!(super::parse_vm_rss(status), Some(12345));
        assert_eq!(super::parse_vm_rss("Name:\tx\n"), None);
    }
}
