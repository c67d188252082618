//! Where the outside programs are, and whether a test may run at all.

use std::path::PathBuf;

/// The Debian programs the replica tests start (scripts/ensure-apt.sh redis-server haproxy).
const SYSTEM_TOOLS: [&str; 3] = ["redis-server", "haproxy", "openssl"];

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The path of a system program, or an error naming the package to install.
pub fn system(program: &str) -> anyhow::Result<PathBuf> {
    on_path(program)
        .ok_or_else(|| anyhow::anyhow!("{program} is not installed (scripts/ensure-apt.sh redis-server haproxy)"))
}

/// The first of the system tools that is missing.
pub fn missing() -> Option<&'static str> {
    SYSTEM_TOOLS.into_iter().find(|tool| on_path(tool).is_none())
}

/// Whether a replica test must be skipped: true (with a message) when Redis or HAProxy is not
/// installed on a developer's machine. Under CI (`CI` set) a missing tool fails the test
/// instead, because a silently skipped replica test would hide exactly what it is there to prove.
pub fn skip(test: &str) -> bool {
    let Some(tool) = missing() else { return false };
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {tool} is missing, and CI must not skip the replica tests (scripts/ensure-apt.sh redis-server haproxy)"
    );
    eprintln!("SKIPPED {test}: {tool} is not installed (scripts/ensure-apt.sh redis-server haproxy)");
    true
}

/// The `prost` binary: `$PROST_BIN`, else `prost` next to this executable or one level up
/// (`target/debug/prost` for `target/debug/deps/<test>` and `target/debug/prost-cluster`).
/// `cargo test -p prost-cluster` does not build it: run `cargo build --bin prost` first
/// (`make test-cluster` does).
pub fn prost_bin() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("PROST_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()?;
    exe.ancestors().skip(1).take(2).map(|dir| dir.join("prost")).find(|candidate| candidate.is_file()).ok_or_else(
        || anyhow::anyhow!("no prost binary near {}; run `cargo build --bin prost` or set PROST_BIN", exe.display()),
    )
}

/// FerretDB: `$PROST_TEST_FERRETDB` (set by `make test`), else scripts/ensure-ferretdb.sh's
/// cache, else `ferretdb` on `PATH`.
pub fn ferretdb_bin() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("PROST_TEST_FERRETDB") {
        return Ok(PathBuf::from(path));
    }
    let tools = std::env::var_os("PROST_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/prost-tools"));
    let cached = tools.join("bin/ferretdb");
    if cached.is_file() {
        return Ok(cached);
    }
    on_path("ferretdb").ok_or_else(|| anyhow::anyhow!("no ferretdb binary; run scripts/ensure-ferretdb.sh"))
}

/// The repository root (for deploy/haproxy/haproxy.cfg), from this crate's manifest dir.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("cluster/ sits in the repository").to_path_buf()
}
