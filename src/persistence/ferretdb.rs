//! A FerretDB child process for tests and benchmarks: a real MongoDB wire-protocol server on a
//! free loopback port, so the `mongo` store is exercised over the wire, never mocked.
//!
//! The binary comes from `PROST_TEST_FERRETDB` (set by `make test` from
//! `scripts/ensure-ferretdb.sh`), else `ferretdb` on `PATH`, else the script's cache.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running FerretDB; killed when the test process exits (see `shared`).
pub struct FerretDb {
    /// `mongodb://127.0.0.1:<port>`, without a database name.
    pub base_uri: String,
    _dir: tempfile::TempDir,
}

fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("PROST_TEST_FERRETDB") {
        return PathBuf::from(path);
    }
    let cached = std::env::var("PROST_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/prost-tools"))
        .join("bin/ferretdb");
    if cached.exists() { cached } else { PathBuf::from("ferretdb") }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

impl FerretDb {
    /// Starts FerretDB with the SQLite backend in a temporary directory and waits until it
    /// accepts connections. Panics with a clear message when the binary is missing, because a
    /// skipped MongoDB test would hide a gap.
    pub fn start() -> FerretDb {
        let dir = tempfile::tempdir().expect("temp dir for FerretDB");
        let port = free_port();
        let path = binary();
        let child = Command::new(&path)
            .arg("--handler=sqlite")
            .arg(format!("--sqlite-url=file:{}/", dir.path().display()))
            .arg(format!("--listen-addr=127.0.0.1:{port}"))
            .arg("--telemetry=disable")
            // Without these every instance fights for :8088 and writes ./state.json.
            .arg("--debug-addr=-")
            .arg(format!("--state-dir={}", dir.path().display()))
            .arg("--log-level=error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start FerretDB at {} ({e}); run scripts/ensure-ferretdb.sh or `make test`",
                    path.display()
                )
            });
        reap_at_exit(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "FerretDB did not start listening on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        FerretDb { base_uri: format!("mongodb://127.0.0.1:{port}"), _dir: dir }
    }

    /// One FerretDB per process, shared by every test in it; each test uses its own database.
    pub fn shared() -> &'static FerretDb {
        static SHARED: OnceLock<FerretDb> = OnceLock::new();
        SHARED.get_or_init(FerretDb::start)
    }

    /// A URI for a database of its own.
    pub fn uri_for(&self, database: &str) -> String {
        format!("{}/{database}", self.base_uri)
    }
}

/// Kills FerretDB children when the test process exits, so no server outlives `cargo test`.
fn reap_at_exit(child: Child) {
    static CHILDREN: OnceLock<std::sync::Mutex<Vec<Child>>> = OnceLock::new();
    extern "C" fn kill_children() {
        if let Some(children) = CHILDREN.get()
            && let Ok(mut children) = children.lock()
        {
            for child in children.iter_mut() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
    let children = CHILDREN.get_or_init(|| {
        // SAFETY: registering a plain extern "C" function with the C runtime's exit hooks.
        unsafe { atexit(kill_children) };
        std::sync::Mutex::new(Vec::new())
    });
    if let Ok(mut children) = children.lock() {
        children.push(child);
    }
}

unsafe extern "C" {
    fn atexit(callback: extern "C" fn()) -> i32;
}
