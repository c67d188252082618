//! Password hashing off the async runtime, at most one argon2 per CPU at once. Each hash holds
//! about 19 MiB, so an unbounded burst of sign-ins would be unbounded memory: past the CPUs a
//! bounded queue waits, and past the queue the caller hears 503 with `Retry-After`.
//!
//! The hashes run on their own few threads, not tokio's blocking pool: the allocator keeps freed
//! 19 MiB blocks per thread, so hashing on whichever of dozens of pool threads is free spread
//! them over many arenas (a burst of 50 sign-ins peaked at 1 GiB that way).

use super::password;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Requests that may wait for a hashing slot, per CPU.
const QUEUE_PER_CPU: usize = 64;
/// How long one may wait for a slot.
const WAIT: Duration = Duration::from_secs(10);
/// What `Retry-After` says when hashing is saturated.
pub const RETRY_AFTER_SECS: u64 = 2;

/// A unit of work for the hashing threads.
type Work = Box<dyn FnOnce() + Send>;

/// Why no hash was made.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// Too many hashes asked for at once: try again shortly.
    #[error("too many sign-ins at once")]
    Busy,
    /// The hashing task failed.
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// The hashing budget and its threads (they stop when the last clone is dropped).
#[derive(Clone)]
pub struct Hashing {
    running: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
    threads: mpsc::Sender<Work>,
}

impl Default for Hashing {
    fn default() -> Self {
        Self::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    }
}

impl Hashing {
    /// At most `at_once` hashes at a time.
    pub fn new(at_once: usize) -> Hashing {
        let at_once = at_once.max(1);
        let (threads, work) = mpsc::channel::<Work>();
        let work = Arc::new(Mutex::new(work));
        for n in 0..at_once {
            let work = work.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                loop {
                    // The lock is held only while taking the next job, not while running it.
                    let next = work.lock().map_err(|_| ()).and_then(|w| w.recv().map_err(|_| ()));
                    match next {
                        // A panicking job must not take its thread (and so a hashing slot) with it.
                        Ok(job) => drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))),
                        Err(()) => return,
                    }
                }
            });
            if let Err(error) = spawned {
                tracing::error!(%error, "could not start a password hashing thread");
            }
        }
        Hashing {
            running: Arc::new(Semaphore::new(at_once)),
            waiting: Arc::new(Semaphore::new(at_once * (QUEUE_PER_CPU + 1))),
            threads,
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashingError> {
        let _queued = self.waiting.clone().try_acquire_owned().map_err(|_| HashingError::Busy)?;
        let _slot = tokio::time::timeout(WAIT, self.running.clone().acquire_owned())
            .await
            .map_err(|_| HashingError::Busy)?
            .map_err(|_| HashingError::Busy)?;
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Work = Box::new(move || {
            let _ = done.send(work());
        });
        self.threads.send(job).map_err(|_| HashingError::Failed("the hashing threads are gone".into()))?;
        result.await.map_err(|_| HashingError::Failed("a hashing thread failed".into()))
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> Result<String, HashingError> {
        self.run(move || password::hash(&password)).await?.map_err(|e| HashingError::Failed(e.to_string()))
    }

    /// Checks a password against a PHC string (the decoy when there is no account, so the
    /// answer takes as long either way).
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, HashingError> {
        self.run(move || {
            let phc = phc.unwrap_or_else(|| password::decoy_hash().to_string());
            password::verify(&password, &phc)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_past_the_queue_is_refused_not_queued_forever() {
        let hashing = Hashing::new(1);
        let mut tasks = Vec::new();
        for _ in 0..(QUEUE_PER_CPU + 1 + 8) {
            let h = hashing.clone();
            tasks.push(tokio::spawn(async move { h.verify("x".repeat(10), None).await }));
        }
        let mut busy = 0;
        for task in tasks {
            if matches!(task.await.unwrap(), Err(HashingError::Busy)) {
                busy += 1;
            }
        }
        assert!(busy >= 1, "past running + queue, callers hear Busy");
        assert!(hashing.verify("x".into(), None).await.is_ok(), "and the budget comes back");
    }
}
