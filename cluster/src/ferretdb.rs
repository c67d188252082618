//! FerretDB, the MongoDB wire-protocol server the replicas share (shared/DESIGN.md, "MongoDB in
//! tests"), started the way `src/persistence/ferretdb.rs` starts it for the single-node tests.
//! One per cluster rather than one per process, so that dropping the cluster leaves nothing
//! behind, not even its SQLite files.

use crate::child::ChildProcess;
use crate::ports::free_port;
use crate::tools;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A running FerretDB with the SQLite backend.
pub struct FerretDb {
    /// `mongodb://127.0.0.1:<port>`, without a database name.
    pub base_uri: String,
    _child: ChildProcess,
}

impl FerretDb {
    /// Starts it with its files in `dir` and waits until it accepts connections.
    pub fn start(dir: &Path) -> anyhow::Result<FerretDb> {
        std::fs::create_dir_all(dir)?;
        let port = free_port();
        let mut command = Command::new(tools::ferretdb_bin()?);
        command
            .arg("--handler=sqlite")
            .arg(format!("--sqlite-url=file:{}/", dir.display()))
            .arg(format!("--listen-addr=127.0.0.1:{port}"))
            .arg("--telemetry=disable")
            // Without these, parallel instances fight for :8088 and write ./state.json.
            .arg("--debug-addr=-")
            .arg(format!("--state-dir={}", dir.display()))
            .arg("--log-level=error");
        let mut child = ChildProcess::spawn("ferretdb", command, &dir.join("ferretdb.log"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            anyhow::ensure!(
                Instant::now() < deadline && child.is_running(),
                "FerretDB did not start listening on {port}:\n{}",
                child.log_tail(20)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(FerretDb { base_uri: format!("mongodb://127.0.0.1:{port}"), _child: child })
    }

    /// A URI for a database of its own.
    pub fn uri_for(&self, database: &str) -> String {
        format!("{}/{database}", self.base_uri)
    }
}
