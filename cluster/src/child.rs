//! Child processes that cannot outlive the test: killed on drop (also while a panicking test
//! unwinds), and killed by the kernel when the test process itself dies, even by SIGKILL.
//!
//! The second part is `PR_SET_PDEATHSIG`, which fires when the *thread* that forked the child
//! exits, not the process. Test threads come and go, so every child is forked by one spawner
//! thread that lives as long as the process.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

type SpawnJob = (Command, mpsc::Sender<io::Result<Child>>);

fn spawner() -> &'static Mutex<mpsc::Sender<SpawnJob>> {
    static SPAWNER: OnceLock<Mutex<mpsc::Sender<SpawnJob>>> = OnceLock::new();
    SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<SpawnJob>();
        std::thread::Builder::new()
            .name("cluster-spawner".into())
            .spawn(move || {
                for (mut command, reply) in rx {
                    let _ = reply.send(command.spawn());
                }
            })
            .expect("spawner thread starts");
        Mutex::new(tx)
    })
}

/// A running child process whose output goes to a log file.
pub struct ChildProcess {
    /// What it is, for messages (`redis`, `r2`, `haproxy`).
    pub name: String,
    child: Child,
    log: PathBuf,
}

impl ChildProcess {
    /// Starts `command` with stdout and stderr appended to `log` (appended, so a restarted
    /// server's earlier life stays readable).
    pub fn spawn(name: &str, mut command: Command, log: &Path) -> anyhow::Result<ChildProcess> {
        let out = OpenOptions::new().create(true).append(true).open(log)?;
        let err = out.try_clone()?;
        command.stdin(Stdio::null()).stdout(out).stderr(err);
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let (tx, rx) = mpsc::channel();
        spawner().lock().expect("spawner lock").send((command, tx)).expect("spawner thread alive");
        let child = rx.recv().expect("spawner replies").map_err(|e| anyhow::anyhow!("cannot start {name}: {e}"))?;
        Ok(ChildProcess { name: name.to_string(), child, log: log.to_path_buf() })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGKILL, then reap it: no shutdown hooks run, as in a crash or an OOM kill.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The last `lines` lines of its log, for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        log_tail(&self.log, lines)
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// The last `lines` lines of a file.
pub fn log_tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Runs a short helper command (openssl) to completion; its output goes to `log`.
pub fn run(mut command: Command, log: &Path) -> anyhow::Result<()> {
    let out: File = OpenOptions::new().create(true).append(true).open(log)?;
    let status = command.stdin(Stdio::null()).stdout(out.try_clone()?).stderr(out).status()?;
    anyhow::ensure!(status.success(), "{command:?} failed ({status}): {}", log_tail(log, 20));
    Ok(())
}
