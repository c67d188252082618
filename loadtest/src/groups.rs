//! Runs watcher groups in this process or in child processes of this binary, behind one
//! handle: wait until they are ready, wait until they have their diffs, then stop them and
//! collect their reports.

use crate::plan::{ChildLine, GroupPlan, GroupReport, Ready};
use crate::watch::Progress;
use anyhow::{Context, bail};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// How long a group gets to send its report after being told to stop.
const STOP_GRACE: Duration = Duration::from_secs(30);

enum Member {
    Local {
        ready: Option<oneshot::Receiver<Ready>>,
        done: Option<oneshot::Receiver<()>>,
        stop: watch::Sender<bool>,
        task: JoinHandle<GroupReport>,
    },
    Child(Box<Proc>),
}

/// A watcher child process and its pipes.
struct Proc {
    child: Child,
    /// Taken when the stop line is written.
    stdin: Option<ChildStdin>,
    lines: Lines<BufReader<ChildStdout>>,
}

/// Running watcher groups.
pub struct Groups {
    members: Vec<Member>,
}

async fn next_line(lines: &mut Lines<BufReader<ChildStdout>>) -> anyhow::Result<ChildLine> {
    let line = lines.next_line().await?.context("the watcher process ended without a report")?;
    serde_json::from_str(&line).with_context(|| format!("unreadable line from a watcher process: {line:.200}"))
}

impl Member {
    async fn ready(&mut self) -> anyhow::Result<Ready> {
        match self {
            Member::Local { ready, .. } => Ok(ready.take().context("ready asked twice")?.await?),
            Member::Child(proc) => match next_line(&mut proc.lines).await? {
                ChildLine::Ready(ready) => Ok(ready),
                _ => bail!("a watcher process went on before it was ready"),
            },
        }
    }

    async fn done(&mut self) -> anyhow::Result<()> {
        match self {
            Member::Local { done, .. } => match done.take() {
                Some(done) => Ok(done.await?),
                None => Ok(()),
            },
            Member::Child(proc) => match next_line(&mut proc.lines).await? {
                ChildLine::Done => Ok(()),
                _ => bail!("a watcher process sent something else than done"),
            },
        }
    }

    async fn stop(&mut self) {
        match self {
            Member::Local { stop, .. } => {
                let _ = stop.send(true);
            }
            Member::Child(proc) => {
                if let Some(mut stdin) = proc.stdin.take() {
                    let _ = stdin.write_all(b"stop\n").await;
                }
            }
        }
    }

    async fn report(&mut self) -> anyhow::Result<GroupReport> {
        match self {
            Member::Local { task, .. } => Ok(task.await?),
            Member::Child(proc) => loop {
                // A `done` line not waited for comes first.
                match next_line(&mut proc.lines).await? {
                    ChildLine::Report(report) => {
                        let _ = proc.child.wait().await;
                        return Ok(report);
                    }
                    ChildLine::Done => continue,
                    ChildLine::Ready(_) => bail!("a watcher process said ready twice"),
                }
            },
        }
    }

    /// Stops the group and waits for its report.
    async fn finish(&mut self) -> anyhow::Result<GroupReport> {
        self.stop().await;
        match tokio::time::timeout(STOP_GRACE, self.report()).await {
            Ok(report) => report,
            Err(_) => {
                if let Member::Child(proc) = self {
                    let _ = proc.child.kill().await;
                }
                bail!("a watcher group did not report within {STOP_GRACE:?} of being stopped")
            }
        }
    }
}

impl Groups {
    /// Starts one group per plan: in this process when there is a single plan and
    /// `in_process`, else each in its own child process.
    pub async fn start(plans: Vec<GroupPlan>, in_process: bool) -> anyhow::Result<Groups> {
        let mut members = Vec::with_capacity(plans.len());
        if in_process && plans.len() == 1 {
            let plan = plans.into_iter().next().context("one plan")?;
            let (stop, stop_rx) = watch::channel(false);
            let (ready_tx, ready) = oneshot::channel();
            let (done_tx, done) = oneshot::channel();
            let task = tokio::spawn(crate::watch::run(plan, stop_rx, Progress { ready: ready_tx, done: done_tx }));
            members.push(Member::Local { ready: Some(ready), done: Some(done), stop, task });
            return Ok(Groups { members });
        }
        let exe = std::env::current_exe().context("finding our own binary")?;
        for plan in plans {
            let mut child = tokio::process::Command::new(&exe)
                .arg("watch")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .kill_on_drop(true)
                .spawn()
                .context("starting a watcher process")?;
            let mut stdin = child.stdin.take().context("child stdin")?;
            let stdout = child.stdout.take().context("child stdout")?;
            let mut line = serde_json::to_vec(&plan)?;
            line.push(b'\n');
            stdin.write_all(&line).await?;
            let lines = BufReader::new(stdout).lines();
            members.push(Member::Child(Box::new(Proc { child, stdin: Some(stdin), lines })));
        }
        Ok(Groups { members })
    }

    /// Waits until every group has opened its sockets, up to `limit`.
    pub async fn ready(&mut self, limit: Duration) -> anyhow::Result<Vec<Ready>> {
        let all = futures_util::future::try_join_all(self.members.iter_mut().map(Member::ready));
        tokio::time::timeout(limit, all).await.context("watchers were not ready in time")?
    }

    /// Waits up to `limit` until every group's sockets have their diffs; returns whether they
    /// all did. Sockets stay open either way, until `finish`.
    pub async fn done(&mut self, limit: Duration) -> anyhow::Result<bool> {
        let all = futures_util::future::try_join_all(self.members.iter_mut().map(Member::done));
        match tokio::time::timeout(limit, all).await {
            Ok(result) => result.map(|_| true),
            Err(_) => Ok(false),
        }
    }

    /// Stops every group and collects the reports, in plan order.
    pub async fn finish(mut self) -> anyhow::Result<Vec<GroupReport>> {
        futures_util::future::try_join_all(self.members.iter_mut().map(Member::finish)).await
    }
}

/// The watchers of a scenario, started and connected.
pub struct Launched {
    /// The running groups.
    pub groups: Groups,
    /// Sockets that got their snapshot.
    pub connected: usize,
    /// Sockets that did not.
    pub failed: usize,
    /// Slowest group's connect time.
    pub connect_secs: f64,
    /// The first few connect errors.
    pub errors: Vec<String>,
    /// Sockets that got their snapshot, per index into the plans' `urls`.
    pub connected_by_url: Vec<usize>,
}

/// Starts `plans` (in child processes when there is more than one process) and waits until
/// every socket has its snapshot or gave up.
pub async fn launch(plans: Vec<GroupPlan>, common: &crate::cli::Common) -> anyhow::Result<Launched> {
    let mut groups = Groups::start(plans, common.processes <= 1).await?;
    let ready = groups.ready(Duration::from_secs(common.max_secs)).await?;
    Ok(Launched {
        groups,
        connected: ready.iter().map(|r| r.connected).sum(),
        failed: ready.iter().map(|r| r.failed).sum(),
        connect_secs: ready.iter().map(|r| r.connect_secs).fold(0.0, f64::max),
        errors: ready.iter().flat_map(|r| r.errors.iter().cloned()).take(5).collect(),
        connected_by_url: sum_by_url(&ready),
    })
}

/// Adds up the groups' per-server connected counts (every group has the same server list).
fn sum_by_url(ready: &[Ready]) -> Vec<usize> {
    let mut total = vec![0; ready.iter().map(|r| r.connected_by_url.len()).max().unwrap_or(0)];
    for r in ready {
        for (sum, n) in total.iter_mut().zip(&r.connected_by_url) {
            *sum += n;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_server_counts_add_up_over_groups() {
        let ready = |by: Vec<usize>| Ready { connected: by.iter().sum(), connected_by_url: by, ..Ready::default() };
        assert_eq!(sum_by_url(&[ready(vec![2, 1, 1]), ready(vec![1, 2, 1])]), vec![3, 3, 2]);
        assert_eq!(sum_by_url(&[]), Vec::<usize>::new());
    }
}
