//! A group of read-only watcher sockets: open them all, say when they are up, timestamp every
//! diff, say when each socket has what it expects, and hold the sockets until the group is
//! told to stop or its deadline passes.

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

/// What socket tasks tell their group.
enum Note {
    /// The socket has its snapshot (connected to the plan's `urls[i]`), or failed to get one.
    Up(Result<usize, String>),
    /// The socket has every diff it expects, or has ended; sent once per connected socket.
    Done,
}

/// Reads frames until `stop` fires or `deadline` passes, noting `Done` once `expect` diffs
/// arrived (or the socket ended first). The socket stays open after it is done, so that
/// watchers leaving do not disturb the ones still waiting.
async fn follow(
    mut ws: Live,
    codec: Codec,
    expect: usize,
    mut stop: watch::Receiver<bool>,
    deadline: Deadline,
    notes: mpsc::UnboundedSender<Note>,
) -> Seen {
    let mut seen = Seen::default();
    let mut last = 0u64;
    let mut pending_done = Some(notes);
    loop {
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
                if expect > 0
                    && seen.diffs.len() >= expect
                    && let Some(notes) = pending_done.take()
                {
                    let _ = notes.send(Note::Done);
                }
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
    if let Some(notes) = pending_done {
        let _ = notes.send(Note::Done);
    }
    seen
}

/// Where a group tells its owner how far it got.
pub struct Progress {
    /// Fired once every socket has its snapshot or has failed.
    pub ready: oneshot::Sender<Ready>,
    /// Fired once every connected socket has all its diffs or has ended.
    pub done: oneshot::Sender<()>,
}

/// Runs a group until `stop` fires (or its deadline passes) and returns its report.
pub async fn run(plan: GroupPlan, stop: watch::Receiver<bool>, progress: Progress) -> GroupReport {
    let deadline = Deadline::now() + std::time::Duration::from_secs(plan.deadline_secs);
    let gate = Arc::new(Semaphore::new(plan.connect_concurrency.max(1)));
    let (notes, mut inbox) = mpsc::unbounded_channel::<Note>();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(plan.sockets());
    for (index, event) in plan.events.iter().enumerate() {
        for k in 0..plan.per_event {
            let (gate, notes, stop) = (gate.clone(), notes.clone(), stop.clone());
            let url_index = plan.url_index(index * plan.per_event + k);
            let url = plan.urls[url_index].clone();
            let (event, codec, expect) = (event.clone(), plan.codec, plan.expect);
            tasks.push(tokio::spawn(async move {
                let opened = {
                    let _permit = gate.acquire().await;
                    socket::open(&url, &event, codec, None).await
                };
                match opened {
                    Ok((ws, _)) => {
                        let _ = notes.send(Note::Up(Ok(url_index)));
                        Some((index as u32, url_index as u16, follow(ws, codec, expect, stop, deadline, notes).await))
                    }
                    Err(e) => {
                        let _ = notes.send(Note::Up(Err(format!("{e:#}"))));
                        None
                    }
                }
            }));
        }
    }
    drop(notes);
    let mut summary = Ready { connected_by_url: vec![0; plan.urls.len()], ..Ready::default() };
    let mut done = 0;
    // Counted rather than waiting for the channel to close: open sockets keep their senders.
    while summary.connected + summary.failed < plan.sockets() {
        match inbox.recv().await {
            Some(Note::Up(Ok(url_index))) => {
                summary.connected += 1;
                summary.connected_by_url[url_index] += 1;
            }
            Some(Note::Up(Err(e))) => {
                summary.failed += 1;
                if summary.errors.len() < 5 {
                    summary.errors.push(e);
                }
            }
            Some(Note::Done) => done += 1,
            None => break,
        }
    }
    summary.connect_secs = started.elapsed().as_secs_f64();
    let connected = summary.connected;
    let _ = progress.ready.send(summary);
    while done < connected && inbox.recv().await.is_some() {
        done += 1;
    }
    let _ = progress.done.send(());
    let mut report = GroupReport::default();
    for task in tasks {
        let Ok(Some((index, url_index, seen))) = task.await else { continue };
        if plan.expect > 0 && seen.diffs.len() >= plan.expect {
            report.completed += 1;
        }
        report.samples.extend(seen.diffs.into_iter().map(|(v, t)| (index, v, t, url_index)));
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
/// writes `ready`, `done` and `report` lines to stdout. A `stop` line, or stdin closing, stops it.
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
    let (ready, ready_rx) = oneshot::channel();
    let (done, done_rx) = oneshot::channel();
    let group = tokio::spawn(run(plan, stop_rx, Progress { ready, done }));
    if let Ok(ready) = ready_rx.await {
        emit(&ChildLine::Ready(ready))?;
    }
    if done_rx.await.is_ok() {
        emit(&ChildLine::Done)?;
    }
    let report = group.await?;
    emit(&ChildLine::Report(report))
}
