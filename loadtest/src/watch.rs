//! A group of read-only watcher sockets: open them all, say when they are up, then timestamp
//! every diff until each socket has what it expects, the group is told to stop, or the
//! deadline passes.

use crate::plan::{ChildLine, GroupPlan, GroupReport, Ready};
use crate::proto::{Codec, now_us};
use crate::socket::{self, Live};
use futures_util::StreamExt;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::AsyncBufReadExt;
use tokio::sync::{Semaphore, mpsc, oneshot, watch};
use tokio::time::Instant as Deadline;
use tokio_tungstenite::tungstenite::Message;

/// What one socket saw after its snapshot.
#[derive(Default)]
struct Seen {
    /// (version, receive time µs) per diff.
    diffs: Vec<(u64, u64)>,
    out_of_order: u64,
    resyncs: u64,
    presence: u64,
    errors: u64,
    /// Set when the socket ended on its own (closed by the server, or an error).
    ended: Option<String>,
}

/// Reads frames until `expect` diffs arrived (0: never), `stop` fires, or `deadline` passes.
async fn follow(
    mut ws: Live,
    codec: Codec,
    expect: usize,
    mut stop: watch::Receiver<bool>,
    deadline: Deadline,
) -> Seen {
    let mut seen = Seen::default();
    let mut last = 0u64;
    while expect == 0 || seen.diffs.len() < expect {
        let frame = tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            _ = tokio::time::sleep_until(deadline) => break,
            frame = ws.next() => frame,
        };
        let received = now_us();
        let frame = match frame {
            Some(Ok(Message::Close(close))) => {
                seen.ended = Some(close.map_or_else(|| "close without code".into(), |c| format!("close {}", c.code)));
                break;
            }
            Some(Ok(frame)) => frame,
            Some(Err(e)) => {
                seen.ended = Some(format!("error: {e}"));
                break;
            }
            None => {
                seen.ended = Some("eof".into());
                break;
            }
        };
        let Some(Ok(head)) = codec.decode(&frame) else { continue };
        match (head.kind.as_str(), head.version) {
            ("diff", Some(version)) => {
                if version <= last {
                    seen.out_of_order += 1;
                }
                last = last.max(version);
                seen.diffs.push((version, received));
            }
            ("snapshot", version) => {
                seen.resyncs += 1;
                last = last.max(version.unwrap_or(0));
            }
            ("presence", _) => seen.presence += 1,
            ("error", _) => seen.errors += 1,
            _ => {}
        }
    }
    seen
}

/// Runs a group: sends `Ready` on `ready` once all sockets are up (or failed), and returns the
/// report when every socket has finished.
pub async fn run(plan: GroupPlan, stop: watch::Receiver<bool>, ready: oneshot::Sender<Ready>) -> GroupReport {
    let deadline = Deadline::now() + std::time::Duration::from_secs(plan.deadline_secs);
    let gate = Arc::new(Semaphore::new(plan.connect_concurrency.max(1)));
    let (up_tx, mut up_rx) = mpsc::unbounded_channel::<Result<(), String>>();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(plan.sockets());
    for (index, event) in plan.events.iter().enumerate() {
        for _ in 0..plan.per_event {
            let (gate, up_tx, stop) = (gate.clone(), up_tx.clone(), stop.clone());
            let (url, event, codec, expect) = (plan.url.clone(), event.clone(), plan.codec, plan.expect);
            tasks.push(tokio::spawn(async move {
                let opened = {
                    let _permit = gate.acquire().await;
                    socket::open(&url, &event, codec, None).await
                };
                match opened {
                    Ok((ws, _)) => {
                        let _ = up_tx.send(Ok(()));
                        Some((index as u32, follow(ws, codec, expect, stop, deadline).await))
                    }
                    Err(e) => {
                        let _ = up_tx.send(Err(format!("{e:#}")));
                        None
                    }
                }
            }));
        }
    }
    drop(up_tx);
    let mut summary = Ready::default();
    while let Some(up) = up_rx.recv().await {
        match up {
            Ok(()) => summary.connected += 1,
            Err(e) => {
                summary.failed += 1;
                if summary.errors.len() < 5 {
                    summary.errors.push(e);
                }
            }
        }
    }
    summary.connect_secs = started.elapsed().as_secs_f64();
    let _ = ready.send(summary);
    let mut report = GroupReport::default();
    for task in tasks {
        let Ok(Some((index, seen))) = task.await else { continue };
        if plan.expect > 0 && seen.diffs.len() >= plan.expect {
            report.completed += 1;
        }
        report.samples.extend(seen.diffs.into_iter().map(|(v, t)| (index, v, t)));
        report.out_of_order += seen.out_of_order;
        report.resyncs += seen.resyncs;
        report.presence += seen.presence;
        report.errors += seen.errors;
        if let Some(why) = seen.ended {
            *report.closes.entry(why).or_default() += 1;
        }
    }
    report
}

fn emit(line: &ChildLine) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, line)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// The hidden `watch` subcommand: reads a `GroupPlan` line from stdin, runs the group, and
/// writes `ready` and `report` lines to stdout. A `stop` line, or stdin closing, stops it.
pub async fn child_main() -> anyhow::Result<()> {
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let first = stdin.next_line().await?.ok_or_else(|| anyhow::anyhow!("no plan on stdin"))?;
    let plan: GroupPlan = serde_json::from_str(&first)?;
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        // Any line, EOF or a read error means stop: the parent is done or gone.
        let _ = stdin.next_line().await;
        let _ = stop_tx.send(true);
    });
    let (ready_tx, ready_rx) = oneshot::channel();
    let group = tokio::spawn(run(plan, stop_rx, ready_tx));
    if let Ok(ready) = ready_rx.await {
        emit(&ChildLine::Ready(ready))?;
    }
    let report = group.await?;
    emit(&ChildLine::Report(report))
}
