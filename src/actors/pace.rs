//! How fast one event takes comments and joins, whoever sends them.
//!
//! Per-address budgets stop one client; these stop many clients (or one behind many addresses)
//! from flooding one event's board and every socket watching it. They live in the event's
//! actor because every write to an event goes through its one owner, so the count is exact
//! even across replicas.

use crate::domain::command::Command;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

/// Comments one event takes per minute (a lively chat stays well below).
pub const COMMENTS_PER_MINUTE: u32 = 60;
/// Joins one event takes per minute: a whole party arriving at once fits.
pub const JOINS_PER_MINUTE: u32 = 600;

/// One event's pace limits.
pub struct EventPace {
    comments: DefaultDirectRateLimiter,
    joins: DefaultDirectRateLimiter,
}

fn per_minute(n: u32) -> DefaultDirectRateLimiter {
    RateLimiter::direct(Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)))
}

impl Default for EventPace {
    fn default() -> Self {
        EventPace { comments: per_minute(COMMENTS_PER_MINUTE), joins: per_minute(JOINS_PER_MINUTE) }
    }
}

impl EventPace {
    /// Spends `command`'s share, or says how many seconds to wait.
    pub fn check(&self, command: &Command) -> Result<(), u64> {
        let limiter = match command {
            Command::Comment { .. } => &self.comments,
            Command::Join { .. } => &self.joins,
            _ => return Ok(()),
        };
        limiter.check().map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()).as_secs() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_run_out_and_other_commands_do_not() {
        let pace = EventPace::default();
        let comment = || Command::Comment { comment_id: "c".into(), text: "Prost!".into() };
        for _ in 0..COMMENTS_PER_MINUTE {
            assert!(pace.check(&comment()).is_ok());
        }
        let wait = pace.check(&comment()).unwrap_err();
        assert!((1..=2).contains(&wait), "{wait}");
        assert!(pace.check(&Command::Reopen).is_ok(), "only comments and joins are paced");
        let join = Command::Join { name: "A".into(), participant_id: "p".into(), token_hash: None };
        assert!(pace.check(&join).is_ok(), "joins have their own budget");
    }
}
