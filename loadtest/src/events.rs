//! `events`: many events with a few watchers each, and one change per event, all at once:
//! the latency when the load is spread over many event actors instead of one.

use crate::cli::EventsArgs;
use crate::groups::{Launched, launch};
use crate::painter::Painter;
use crate::plan::{GroupPlan, GroupReport, split};
use crate::setup::{Guest, Organiser};
use crate::stats::{Distribution, by_server, delivery, print_outcome, print_servers};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// REST calls in flight while setting up.
const SETUP_CONCURRENCY: usize = 16;

/// Runs the scenario and prints its summary.
pub async fn run(args: EventsArgs) -> anyhow::Result<()> {
    let common = &args.common;
    let started = Instant::now();
    let urls = common.watch_targets()?;
    let organiser = Organiser::register(&common.url).await?;
    let organiser = &organiser;
    let setup: Vec<(String, Guest)> = stream::iter(0..args.events)
        .map(|i| async move {
            let event = organiser.create_event(&format!("Many events load test {i}")).await?;
            let guest = organiser.join_guest(&event, "painter").await?;
            anyhow::Ok((event, guest))
        })
        .buffered(SETUP_CONCURRENCY)
        .try_collect()
        .await?;
    let painters: Vec<Painter> = stream::iter(&setup)
        .map(|(event, guest)| Painter::connect(&common.url, event, common.codec, &guest.participant_id, &guest.token))
        .buffered(common.connect_concurrency.max(1))
        .try_collect()
        .await?;
    let events: Vec<String> = setup.into_iter().map(|(event, _)| event).collect();
    eprintln!(
        "events: {} events with a painter each, set up in {:.1} s",
        events.len(),
        started.elapsed().as_secs_f64()
    );

    let chunks = split(&events, common.processes.max(1));
    let offsets: Vec<u32> =
        chunks.iter().scan(0u32, |at, c| Some(std::mem::replace(at, *at + c.len() as u32))).collect();
    let plans = chunks
        .into_iter()
        .zip(&offsets)
        .map(|(events, offset)| {
            let first = *offset as usize * args.watchers_per_event;
            GroupPlan::watchers(common, &urls, first, events, args.watchers_per_event, 1)
        })
        .collect();
    let Launched { mut groups, connected, failed, connected_by_url, .. } = launch(plans, common).await?;
    eprintln!("events: {connected} watchers up ({failed} failed)");
    tokio::time::sleep(Duration::from_secs(common.settle_secs)).await;

    // Every painter toggles one cell at the same moment.
    let strokes = futures_util::future::join_all(painters.into_iter().enumerate().map(|(i, mut painter)| async move {
        let stroke = painter.paint("s1", "yes").await;
        painter.close().await;
        (i as u32, stroke)
    }))
    .await;
    let mut sent = HashMap::new();
    let mut acks = Vec::new();
    let mut refused = Vec::new();
    for (event, stroke) in strokes {
        match stroke {
            Ok(stroke) => {
                sent.insert((event, stroke.version), stroke.sent_us);
                acks.push(stroke.ack_us);
            }
            Err(e) => refused.push(format!("{e:#}")),
        }
    }
    let all_done = groups.done(Duration::from_secs(15)).await?;
    let reports = groups.finish().await?;
    let mut report = GroupReport::default();
    for (part, offset) in reports.into_iter().zip(offsets) {
        report.absorb(part, offset);
    }
    let expected = (sent.len() * args.watchers_per_event).saturating_sub(failed);
    let delivery = delivery(&report, &sent, expected);
    let servers = by_server(&report, &sent, &urls, &connected_by_url);
    let ack = Distribution::of(acks);
    print_outcome(
        &format!("events {}: {} changes", common.codec.name(), sent.len()),
        &delivery,
        &ack,
        all_done,
        report.completed,
        &refused,
    );
    print_servers(&servers);
    if common.json {
        let summary = json!({
            "scenario": "events", "codec": common.codec.name(), "processes": common.processes,
            "painterUrl": common.url, "watchUrls": urls, "servers": servers,
            "events": args.events, "watchersPerEvent": args.watchers_per_event, "connected": connected,
            "connectFailed": failed, "acked": sent.len(), "refused": refused.len(), "delivery": delivery, "ack": ack,
            "allDone": all_done, "completed": report.completed, "outOfOrder": report.out_of_order, "closes": report.closes, "seconds": started.elapsed().as_secs_f64(),
        });
        println!("{summary}");
    }
    Ok(())
}
