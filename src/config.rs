//! Configuration from the environment (API.md), mirrored by command-line flags.

use crate::cluster::ReplicaSettings;
use crate::http::connections::ConnectionSettings;
use crate::http::rate_limit::LimitSettings;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// `prost`: the command line.
#[derive(Debug, Parser)]
#[command(name = "prost", version, about = "Prost: when can we all meet, and where?")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Commands,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Run the service (all of it, or the part `PROST_ROLE` names).
    Serve(Settings),
    /// Background work only: with `--once`, run the jobs that are due and exit (a Kubernetes
    /// CronJob or a serverless function); without it, the same as `serve` with `PROST_ROLE=worker`.
    Worker(WorkerArgs),
}

/// `prost worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Drain the due jobs, then exit. Safe to run many at once: jobs are leased.
    #[arg(long)]
    pub once: bool,
    /// The usual settings.
    #[command(flatten)]
    pub settings: Settings,
}

/// Which parts of Prost a process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Role {
    /// The API, the web client and background work.
    #[default]
    All,
    /// The API and the web client; never sends or polls.
    Web,
    /// Background work (reminders, Telegram, mail), with only the health and metrics routes.
    Worker,
}

impl Role {
    /// Whether this process serves the API and the web client.
    pub fn serves_api(self) -> bool {
        self != Role::Worker
    }

    /// Whether this process runs the outbox and the Telegram poller.
    pub fn runs_background(self) -> bool {
        self != Role::Web
    }
}

/// Everything `prost serve` needs. Secrets are redacted from `Debug`.
#[derive(Clone, Args)]
pub struct Settings {
    /// Where to listen.
    #[arg(long, env = "PROST_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The embedded store, and generated secrets when none are given.
    #[arg(long, env = "PROST_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// MongoDB connection string; unset means the embedded store.
    #[arg(long, env = "MONGODB_URI")]
    pub mongodb_uri: Option<String>,
    /// Redis for cross-replica coordination; unset means in-process.
    #[arg(long, env = "REDIS_URL")]
    pub redis_url: Option<String>,
    /// JWT signing key; generated into the data dir when unset.
    #[arg(long, env = "PROST_JWT_SECRET")]
    pub jwt_secret: Option<String>,
    /// Base for links in messages and calendar files; defaults to `http://<addr>`.
    #[arg(long, env = "PROST_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Telegram bot token; unset turns Telegram off.
    #[arg(long, env = "TELEGRAM_BOT_TOKEN")]
    pub telegram_bot_token: Option<String>,
    /// Telegram Bot API base URL.
    #[arg(long, env = "TELEGRAM_API_URL")]
    pub telegram_api_url: Option<String>,
    /// How long before the final time the reminder goes out (`1h`, `90m`, `30s`).
    #[arg(long, env = "PROST_REMINDER_LEAD", default_value = "1h", value_parser = parse_duration)]
    pub reminder_lead: Duration,
    /// Extra origins allowed to open the live WebSocket (comma-separated), besides the public URL.
    #[arg(long, env = "PROST_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// Stop an event's actor after it has been idle this long.
    #[arg(long, env = "PROST_ACTOR_IDLE", default_value = "5m", value_parser = parse_duration)]
    pub actor_idle: Duration,
    /// Sign-ins and registrations allowed per client IP per minute.
    #[arg(long, env = "PROST_AUTH_RATE_PER_MIN", default_value_t = 30)]
    pub auth_rate_per_min: u32,
    /// Which parts run here: `all`, `web` or `worker`.
    #[arg(long, env = "PROST_ROLE", value_enum, default_value = "all")]
    pub role: Role,
    /// How long a worker's claim holds an outbox job before another worker may take it.
    #[arg(long, env = "PROST_OUTBOX_LEASE", default_value = "60s", value_parser = parse_duration)]
    pub outbox_lease: Duration,
    /// Where account mail goes (`smtp://host:25`, `smtps://user:pass@host`, `smtp://host?tls=required`);
    /// unset means mail is written to the log instead.
    #[arg(long, env = "PROST_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of account mail.
    #[arg(long, env = "PROST_MAIL_FROM", default_value = "Prost <prost@localhost>")]
    pub mail_from: String,
    /// Social-login providers (comma-separated ids); each reads `PROST_OIDC_<ID>_{ISSUER,
    /// CLIENT_ID,CLIENT_SECRET,NAME,SCOPES}`. `google` and `telegram` know their issuer.
    #[arg(long, env = "PROST_OIDC_PROVIDERS", value_delimiter = ',')]
    pub oidc_providers: Vec<String>,
    /// Providers given directly (tests); when set, `oidc_providers` is not read.
    #[arg(skip)]
    pub oidc: Vec<crate::auth::oidc::ProviderSettings>,
    /// A shorter life for mailed tokens than their 24 h and 1 h (tests of expiry only).
    #[arg(skip)]
    pub mail_token_ttl: Option<Duration>,
    /// The other rate limits.
    #[command(flatten)]
    pub limits: LimitSettings,
    /// Connection caps and timeouts.
    #[command(flatten)]
    pub connections: ConnectionSettings,
    /// How this replica meets the others (used with `REDIS_URL`).
    #[command(flatten)]
    pub replica: ReplicaSettings,
    /// The built web client (`npm run build` output) to serve; relative paths are resolved
    /// against the working directory, so `make run` from the repository root needs no setting.
    /// Without an `index.html` there, a placeholder page is served instead.
    #[arg(long, env = "PROST_WEB_DIR", default_value = DEFAULT_WEB_DIR)]
    pub web_dir: PathBuf,
}

/// Where `npm run build` puts the client, relative to the repository root.
pub const DEFAULT_WEB_DIR: &str = "client/dist";

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |s: &Option<String>| s.as_ref().map(|_| "<redacted>");
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("mongodb_uri", &redacted(&self.mongodb_uri))
            .field("redis_url", &redacted(&self.redis_url))
            .field("jwt_secret", &redacted(&self.jwt_secret))
            .field("public_url", &self.public_url)
            .field("telegram_bot_token", &redacted(&self.telegram_bot_token))
            .field("telegram_api_url", &self.telegram_api_url)
            .field("reminder_lead", &self.reminder_lead)
            .field("role", &self.role)
            .field("outbox_lease", &self.outbox_lease)
            .field("allowed_origins", &self.allowed_origins)
            .field("actor_idle", &self.actor_idle)
            .field("auth_rate_per_min", &self.auth_rate_per_min)
            .field("smtp_url", &redacted(&self.smtp_url))
            .field("mail_from", &self.mail_from)
            .field("oidc_providers", &self.oidc_providers)
            .field("oidc", &self.oidc)
            .field("limits", &self.limits)
            .field("connections", &self.connections)
            .field("replica", &self.replica)
            .field("web_dir", &self.web_dir)
            .finish()
    }
}

impl Settings {
    /// Defaults for everything, as `prost serve` with no environment would use (tests start
    /// from this and override what they need).
    pub fn defaults() -> Settings {
        Settings::from_args(&[])
    }

    /// Parses flags the way `prost serve` does, ignoring the environment's defaults only where
    /// flags are given.
    pub fn from_args(args: &[&str]) -> Settings {
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            settings: Settings,
        }
        let argv = std::iter::once("prost").chain(args.iter().copied());
        Wrapper::try_parse_from(argv).map(|w| w.settings).unwrap_or_else(|e| e.exit())
    }

    /// The social-login providers: those given directly, else those `PROST_OIDC_PROVIDERS` names.
    pub fn oidc_providers(&self) -> anyhow::Result<Vec<crate::auth::oidc::ProviderSettings>> {
        if !self.oidc.is_empty() {
            return Ok(self.oidc.clone());
        }
        crate::auth::oidc::ProviderSettings::from_vars(&self.oidc_providers, |key| std::env::var(key).ok())
    }

    /// The base URL for links, without a trailing slash.
    pub fn public_url(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{bound}"),
        }
    }
}

/// Parses `1h`, `90m`, `30s`, `250ms`, compounds like `1h30m`, or plain seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let bad = || format!("`{text}` is not a duration like 1h, 90m, 1h30m or 30s");
    if text.is_empty() {
        return Err(bad());
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = rest[digits..].trim_start();
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = rest[..unit_len].trim();
        rest = &rest[unit_len..];
        let part = match unit {
            "" | "s" => Duration::from_secs(n),
            "ms" => Duration::from_millis(n),
            "m" | "min" => Duration::from_secs(n.saturating_mul(60)),
            "h" => Duration::from_secs(n.saturating_mul(3600)),
            "d" => Duration::from_secs(n.saturating_mul(86400)),
            other => return Err(format!("unknown duration unit `{other}`; use ms, s, m, h or d")),
        };
        total = total.saturating_add(part);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("15"), Ok(Duration::from_secs(15)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("5 parsecs").is_err());
    }

    #[test]
    fn debug_hides_secrets() {
        let mut settings = Settings::from_args(&["--jwt-secret", "hunter2"]);
        settings.mongodb_uri = Some("mongodb://user:pass@host/db".into());
        let shown = format!("{settings:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("pass@"));
    }
}
