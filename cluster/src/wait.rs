//! Polling for a condition with a generous deadline, instead of sleeping for a guessed time.

use std::future::Future;
use std::time::{Duration, Instant};

/// Calls `check` every 100 ms until it returns `Some`, and returns that. Panics with `what` and
/// the last observation after `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        match check().await {
            Ok(value) => return value,
            Err(last) if Instant::now() >= deadline => panic!("{what}: not within {timeout:?}; last: {last}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
