//! Per-client rate limits with governor, keyed by client IP. Sign-in and registration are the
//! guessable endpoints, so they get a tight limit; everything else a generous one that only
//! stops floods.

use super::error::ApiError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// The limiters.
pub struct RateLimits {
    auth: DefaultKeyedRateLimiter<IpAddr>,
    writes: DefaultKeyedRateLimiter<IpAddr>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimits {
    /// `auth_per_min` sign-ins/registrations per IP per minute; mutations get 60× that per
    /// minute, enough for 200 friends voting from one NAT.
    pub fn new(auth_per_min: u32) -> Self {
        RateLimits {
            auth: governor::RateLimiter::keyed(per_minute(auth_per_min)),
            writes: governor::RateLimiter::keyed(per_minute(auth_per_min.saturating_mul(200))),
        }
    }

    fn check(limiter: &DefaultKeyedRateLimiter<IpAddr>, ip: IpAddr) -> Result<(), ApiError> {
        limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::rate_limited(wait.as_secs() + 1)
        })
    }

    /// Checks the sign-in / registration budget.
    pub fn auth(&self, ip: IpAddr) -> Result<(), ApiError> {
        Self::check(&self.auth, ip)
    }

    /// Checks the general write budget.
    pub fn write(&self, ip: IpAddr) -> Result<(), ApiError> {
        Self::check(&self.writes, ip)
    }

    /// Drops idle keys so the maps do not grow without bound.
    pub fn forget_idle(&self) {
        self.auth.retain_recent();
        self.writes.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_budget_runs_out_with_retry_after() {
        let limits = RateLimits::new(2);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limits.auth(ip).is_ok());
        assert!(limits.auth(ip).is_ok());
        let err = limits.auth(ip).unwrap_err();
        assert_eq!(err.code, "rate_limited");
        assert!(err.retry_after.unwrap() >= 1);
        assert!(limits.auth("10.0.0.2".parse().unwrap()).is_ok(), "other clients are unaffected");
    }
}
