//! Per-client rate limits, by kind of request. Governor answers first, in process, so floods
//! never reach Redis; with replicas, a shared counter in Redis (`Cluster::take_budget`) makes
//! the same budget hold across all of them. If Redis is away, the local limit still applies.

use super::error::ApiError;
use axum::http::Method;
use clap::Args;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Budgets beyond sign-in (whose budget is `PROST_AUTH_RATE_PER_MIN`), per client IP per minute.
#[derive(Debug, Clone, Args)]
pub struct LimitSettings {
    /// Events created per client IP per minute.
    #[arg(long, env = "PROST_CREATE_RATE_PER_MIN", default_value_t = 20)]
    pub create_rate_per_min: u32,
    /// Joins per client IP per minute (a party behind one NAT joins at once).
    #[arg(long, env = "PROST_JOIN_RATE_PER_MIN", default_value_t = 300)]
    pub join_rate_per_min: u32,
    /// Answer updates (REST, and strokes on the live board) per client IP per minute.
    #[arg(long, env = "PROST_ANSWER_RATE_PER_MIN", default_value_t = 3000)]
    pub answer_rate_per_min: u32,
    /// Comments per client IP per minute.
    #[arg(long, env = "PROST_COMMENT_RATE_PER_MIN", default_value_t = 30)]
    pub comment_rate_per_min: u32,
    /// Reads (GET) per client IP per minute: generous, so a scraper cannot take the machine.
    #[arg(long, env = "PROST_READ_RATE_PER_MIN", default_value_t = 6000)]
    pub read_rate_per_min: u32,
}

impl LimitSettings {
    /// Budgets so large that only the test of limits themselves meets them.
    pub fn unlimited() -> Self {
        LimitSettings {
            create_rate_per_min: 1_000_000,
            join_rate_per_min: 1_000_000,
            answer_rate_per_min: 1_000_000,
            comment_rate_per_min: 1_000_000,
            read_rate_per_min: 1_000_000,
        }
    }
}

/// What a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Sign-in and registration: guessable, so tight.
    Auth,
    /// Creating an event.
    Create,
    /// Joining an event.
    Join,
    /// Replacing one's answers.
    Answer,
    /// Posting a comment.
    Comment,
    /// Any other change: only floods are stopped.
    Write,
    /// Reading the API: generous.
    Read,
}

const KINDS: [Kind; 7] = [Kind::Auth, Kind::Create, Kind::Join, Kind::Answer, Kind::Comment, Kind::Write, Kind::Read];

impl Kind {
    /// The name in Redis keys and metrics.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Auth => "auth",
            Kind::Create => "create",
            Kind::Join => "join",
            Kind::Answer => "answer",
            Kind::Comment => "comment",
            Kind::Write => "write",
            Kind::Read => "read",
        }
    }

    /// Which budget an API request spends, if any: the web client's files, probes and the
    /// live socket's upgrade (whose messages spend their own) are free.
    pub fn of(method: &Method, path: &str) -> Option<Kind> {
        let rest = path.strip_prefix("/api/v1")?;
        let segments: Vec<&str> = rest.trim_matches('/').split('/').collect();
        // Reads that cost a provider round trip, or walk every event of an account.
        if let (&Method::GET, ["auth", "oidc", _, "start" | "callback"] | ["me", "export"]) =
            (method, segments.as_slice())
        {
            return Some(Kind::Auth);
        }
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return (!rest.ends_with("/live")).then_some(Kind::Read);
        }
        Some(match (method, segments.as_slice()) {
            // Sign-ins, and minting Telegram link codes, spend the small budget.
            (&Method::POST, ["auth", "login" | "register"] | ["auth", "telegram", "webapp"]) => Kind::Auth,
            (&Method::POST, ["me", "telegram", "link"] | ["events", _, "participants", _, "telegram", "link"]) => {
                Kind::Auth
            }
            // Everything that hashes a password, mails a link or spends a mailed token.
            (&Method::POST, ["auth", "verify-email" | "password", ..]) => Kind::Auth,
            (&Method::PATCH | &Method::DELETE, ["me"]) => Kind::Auth,
            (&Method::DELETE, ["me", "identities", _]) => Kind::Auth,
            (&Method::POST, ["events"]) => Kind::Create,
            (&Method::POST, ["events", _, "participants"]) => Kind::Join,
            (&Method::PUT, ["events", _, "participants", _, "answers"]) => Kind::Answer,
            (&Method::POST, ["events", _, "comments"]) => Kind::Comment,
            _ => Kind::Write,
        })
    }
}

/// The limiters, one per kind.
pub struct RateLimits {
    per_minute: [u32; KINDS.len()],
    local: [DefaultKeyedRateLimiter<IpAddr>; KINDS.len()],
}

fn quota(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimits {
    /// `auth_per_min` sign-ins/registrations; other writes get 200× that, enough for a crowd
    /// voting from one NAT; the rest from `settings`.
    pub fn new(auth_per_min: u32, settings: &LimitSettings) -> Self {
        let per_minute = KINDS.map(|kind| match kind {
            Kind::Auth => auth_per_min,
            Kind::Create => settings.create_rate_per_min,
            Kind::Join => settings.join_rate_per_min,
            Kind::Answer => settings.answer_rate_per_min,
            Kind::Comment => settings.comment_rate_per_min,
            Kind::Write => auth_per_min.saturating_mul(200),
            Kind::Read => settings.read_rate_per_min,
        });
        RateLimits { per_minute, local: per_minute.map(|n| governor::RateLimiter::keyed(quota(n))) }
    }

    fn index(kind: Kind) -> usize {
        KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len() - 1)
    }

    /// The budget of `kind` per minute.
    pub fn per_minute(&self, kind: Kind) -> u32 {
        self.per_minute[Self::index(kind)]
    }

    /// Spends one request of `kind` from `client`'s budget in this process.
    pub fn check(&self, kind: Kind, client: IpAddr) -> Result<(), ApiError> {
        self.local[Self::index(kind)].check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::rate_limited(wait.as_secs() + 1)
        })
    }

    /// Drops idle keys so the maps do not grow without bound.
    pub fn forget_idle(&self) {
        for limiter in &self.local {
            limiter.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_budget_runs_out_with_retry_after() {
        let limits = RateLimits::new(2, &LimitSettings::unlimited());
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limits.check(Kind::Auth, ip).is_ok());
        assert!(limits.check(Kind::Auth, ip).is_ok());
        let err = limits.check(Kind::Auth, ip).unwrap_err();
        assert_eq!(err.code, "rate_limited");
        assert!(err.retry_after.unwrap() >= 1);
        assert!(limits.check(Kind::Auth, "10.0.0.2".parse().unwrap()).is_ok(), "other clients are unaffected");
        assert!(limits.check(Kind::Join, ip).is_ok(), "other kinds have their own budget");
    }

    #[test]
    fn requests_spend_the_right_budget() {
        let kind = |m: Method, p: &str| Kind::of(&m, p);
        assert_eq!(kind(Method::POST, "/api/v1/auth/login"), Some(Kind::Auth));
        assert_eq!(kind(Method::POST, "/api/v1/auth/register"), Some(Kind::Auth));
        assert_eq!(kind(Method::POST, "/api/v1/auth/refresh"), Some(Kind::Write));
        assert_eq!(kind(Method::POST, "/api/v1/events"), Some(Kind::Create));
        assert_eq!(kind(Method::POST, "/api/v1/events/abc/participants"), Some(Kind::Join));
        assert_eq!(kind(Method::PUT, "/api/v1/events/abc/participants/p1/answers"), Some(Kind::Answer));
        assert_eq!(kind(Method::PATCH, "/api/v1/events/abc"), Some(Kind::Write));
        assert_eq!(kind(Method::POST, "/api/v1/events/abc/comments"), Some(Kind::Comment));
        assert_eq!(kind(Method::GET, "/api/v1/events/abc"), Some(Kind::Read));
        assert_eq!(kind(Method::GET, "/api/v1/events/abc/live"), None, "socket messages spend their own");
        assert_eq!(kind(Method::GET, "/assets/app.js"), None, "the web client's files are free");
        assert_eq!(kind(Method::POST, "/healthz"), None, "only the API spends budget");
        for (method, path) in [
            (Method::POST, "/api/v1/auth/verify-email"),
            (Method::POST, "/api/v1/auth/verify-email/resend"),
            (Method::POST, "/api/v1/auth/password/forgot"),
            (Method::POST, "/api/v1/auth/password/reset"),
            (Method::POST, "/api/v1/auth/password/change"),
            (Method::GET, "/api/v1/auth/oidc/google/start"),
            (Method::GET, "/api/v1/auth/oidc/google/callback"),
            (Method::GET, "/api/v1/me/export"),
            (Method::PATCH, "/api/v1/me"),
            (Method::DELETE, "/api/v1/me"),
            (Method::DELETE, "/api/v1/me/identities/google"),
        ] {
            assert_eq!(kind(method.clone(), path), Some(Kind::Auth), "{method} {path}");
        }
        assert_eq!(kind(Method::GET, "/api/v1/me"), Some(Kind::Read), "plain reads spend the generous read budget");
    }
}
