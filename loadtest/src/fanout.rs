//! `fanout`: one event, many read-only watchers, one painter toggling a cell C times. Each
//! watcher timestamps every diff; latency is send → receipt, across processes by wall clock.

use crate::cli::FanoutArgs;
use crate::groups::{Launched, launch};
use crate::painter::Painter;
use crate::plan::{GroupPlan, GroupReport, first_sockets, shares};
use crate::setup::Organiser;
use crate::stats::{Distribution, by_server, delivery, print_outcome, print_servers};
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Runs the scenario and prints its summary.
pub async fn run(args: FanoutArgs) -> anyhow::Result<()> {
    let common = &args.common;
    let started = Instant::now();
    let urls = common.watch_targets()?;
    let stop_painting = started + Duration::from_secs(common.max_secs);
    let organiser = Organiser::register(&common.url).await?;
    let event = organiser.create_event("Fan-out load test").await?;
    let guest = organiser.join_guest(&event, "painter").await?;
    // The painter joins first so the watchers' ramp-up is the last presence churn.
    let mut painter = Painter::connect(&common.url, &event, common.codec, &guest.participant_id, &guest.token).await?;

    let sizes = shares(args.watchers, common.processes);
    let plans: Vec<GroupPlan> = sizes
        .iter()
        .zip(first_sockets(&sizes))
        .map(|(n, first)| GroupPlan::watchers(common, &urls, first, vec![event.clone()], *n, args.changes))
        .collect();
    let Launched { mut groups, connected, failed, connect_secs, errors, connected_by_url } =
        launch(plans, common).await?;
    eprintln!("fanout {}: {connected}/{} watchers up in {connect_secs:.1} s", common.codec.name(), args.watchers);
    for error in &errors {
        eprintln!("  connect error: {error}");
    }
    tokio::time::sleep(Duration::from_secs(common.settle_secs)).await;

    let mut sent = HashMap::new();
    let mut acks = Vec::with_capacity(args.changes);
    let mut refused = Vec::new();
    let paint_started = Instant::now();
    for i in 0..args.changes {
        if Instant::now() >= stop_painting {
            refused.push(format!("stopped after {i} changes: --max-secs reached"));
            break;
        }
        // Toggling keeps every change a real change, so each one makes exactly one diff.
        match painter.paint("s1", if i % 2 == 0 { "yes" } else { "no" }).await {
            Ok(stroke) => {
                sent.insert((0u32, stroke.version), stroke.sent_us);
                acks.push(stroke.ack_us);
            }
            Err(e) => refused.push(format!("change {i}: {e:#}")),
        }
        if args.interval_ms > 0 {
            tokio::time::sleep(Duration::from_millis(args.interval_ms)).await;
        }
    }
    let paint_secs = paint_started.elapsed().as_secs_f64();
    // Everyone stays connected until every watcher has every diff, so no departure disturbs
    // the watchers still waiting.
    let all_done = groups.done(Duration::from_secs(15)).await?;
    let reports = groups.finish().await?;
    painter.close().await;

    let mut report = GroupReport::default();
    for part in reports {
        report.absorb(part, 0);
    }
    let delivery = delivery(&report, &sent, connected * sent.len());
    let servers = by_server(&report, &sent, &urls, &connected_by_url);
    let ack = Distribution::of(acks);
    print_outcome(
        &format!("fanout {}: {} changes in {paint_secs:.1} s", common.codec.name(), sent.len()),
        &delivery,
        &ack,
        all_done,
        report.completed,
        &refused,
    );
    print_servers(&servers);
    if !report.closes.is_empty() {
        eprintln!("  sockets that ended early: {:?}", report.closes);
    }
    if common.json {
        let summary = json!({
            "scenario": "fanout", "codec": common.codec.name(), "processes": common.processes,
            "event": event, "painterUrl": common.url, "watchUrls": urls, "servers": servers,
            "watchers": args.watchers, "connected": connected, "connectFailed": failed, "connectSecs": connect_secs,
            "changes": args.changes, "acked": sent.len(), "refused": refused.len(), "paintSecs": paint_secs,
            "delivery": delivery, "ack": ack, "allDone": all_done, "completed": report.completed, "outOfOrder": report.out_of_order, "resyncs": report.resyncs,
            "errors": report.errors, "closes": report.closes, "seconds": started.elapsed().as_secs_f64(),
        });
        println!("{summary}");
    }
    Ok(())
}
