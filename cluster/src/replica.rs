//! One `prost serve` process of a cluster: started with the replica environment of
//! docs/replicas.md, killed with SIGKILL, started again on the same port and data dir.

use crate::child::ChildProcess;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A replica's fixed identity and environment; the process comes and goes.
pub struct Replica {
    /// `r1`, `r2`, …: its `PROST_REPLICA_ID`, the first word of the leases it holds, and its
    /// `X-Prost-Replica` header.
    pub id: String,
    /// Its port on 127.0.0.1.
    pub port: u16,
    binary: PathBuf,
    dir: PathBuf,
    env: Vec<(String, String)>,
    child: Option<ChildProcess>,
}

/// Inherited variables that would change what a replica does behind the test's back.
fn is_prost_setting(name: &str) -> bool {
    name.starts_with("PROST_") || name == "REDIS_URL" || name == "MONGODB_URI" || name.starts_with("TELEGRAM_")
}

impl Replica {
    /// Describes replica `id` on `port`, its data dir and log under `dir`; `env` is the whole
    /// configuration (the cluster builds it). Nothing runs until `start`.
    pub fn new(id: &str, port: u16, binary: PathBuf, dir: PathBuf, env: Vec<(String, String)>) -> Replica {
        Replica { id: id.into(), port, binary, dir, env, child: None }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the process (data dir kept across restarts, log appended).
    pub fn start(&mut self) -> anyhow::Result<()> {
        anyhow::ensure!(self.child.is_none(), "{} is already running", self.id);
        std::fs::create_dir_all(self.dir.join("data"))?;
        let mut command = Command::new(&self.binary);
        command.arg("serve");
        for (name, _) in std::env::vars_os() {
            if name.to_str().is_some_and(is_prost_setting) {
                command.env_remove(name);
            }
        }
        command.env("PROST_DATA_DIR", self.dir.join("data")).envs(self.env.iter().map(|(k, v)| (k, v)));
        self.child = Some(ChildProcess::spawn(&self.id, command, &self.dir.join("prost.log"))?);
        Ok(())
    }

    /// Whether the process runs.
    pub fn is_running(&mut self) -> bool {
        self.child.as_mut().is_some_and(ChildProcess::is_running)
    }

    /// SIGKILL: no graceful shutdown, no lease release, sockets dropped by the kernel.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill9();
        }
    }

    /// The end of its log, for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        crate::child::log_tail(&self.dir.join("prost.log"), lines)
    }

    /// Waits until `path` (`/readyz` or `/healthz`) answers 200; fails early if the process exits.
    pub async fn wait_for(&mut self, path: &str, timeout: Duration) -> anyhow::Result<()> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
        let url = format!("{}{path}", self.base());
        let deadline = Instant::now() + timeout;
        loop {
            let last = match http.get(&url).send().await {
                Ok(response) if response.status().is_success() => return Ok(()),
                Ok(response) => format!("{} {}", response.status(), response.text().await.unwrap_or_default()),
                Err(e) => e.to_string(),
            };
            if !self.is_running() {
                anyhow::bail!("{} exited before {path} said 200:\n{}", self.id, self.log_tail(40));
            }
            if Instant::now() > deadline {
                anyhow::bail!("{} {path} not 200 within {timeout:?} (last: {last}):\n{}", self.id, self.log_tail(40));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
