//! Command-line interface.

use crate::proto::Codec;
use clap::{Args, Parser, Subcommand};

/// Fan-out load generator for Prost's live voting board. Every loop is bounded in count and
/// time; all traffic goes to the `--url` server and the `--watch-url` ones (meant to be
/// 127.0.0.1).
#[derive(Debug, Parser)]
#[command(name = "prost-loadtest", version, about)]
pub struct Cli {
    /// What to measure.
    #[command(subcommand)]
    pub command: Command,
}

/// The scenarios.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One event, W read-only watchers, a painter sending C changes one at a time: send →
    /// receipt latency at every watcher, and lost diffs.
    Fanout(FanoutArgs),
    /// N idle watcher sockets held open: the server's resident memory per connection.
    Idle(IdleArgs),
    /// E events with W watchers each, one change per event at once: the same latency.
    Events(EventsArgs),
    /// Sequential `GET /events/{id}` against each `--read-url`: hot reads, and the first read
    /// after each change, split by whether the Redis view cache answered.
    Reads(ReadsArgs),
    /// Reminder lag through the outbox and the fake Bot API: N reminders due at one instant.
    Reminders(crate::reminders::RemindersArgs),
    /// Internal: a child process holding a share of the watcher sockets.
    #[command(hide = true)]
    Watch,
}

/// Options every scenario shares.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Server base URL: the setup calls and the painters go here.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Servers the watcher sockets connect to, assigned round-robin over all watchers
    /// (repeat the flag or separate with commas; at most 16). With replicas this puts most
    /// watchers on another replica than the painter's. Default: `--url`.
    #[arg(long = "watch-url", value_delimiter = ',')]
    pub watch_urls: Vec<String>,
    /// Generator processes holding the watcher sockets (each process may hold at most
    /// 20,000 open files). With 1 the sockets live in this process.
    #[arg(long, default_value_t = 1)]
    pub processes: usize,
    /// Subprotocol of every socket.
    #[arg(long, value_enum, default_value_t = Codec::Json)]
    pub codec: Codec,
    /// Most WebSocket handshakes in flight per process.
    #[arg(long, default_value_t = 64)]
    pub connect_concurrency: usize,
    /// Seconds to wait after all sockets are up, so presence updates from the ramp-up drain
    /// before measuring.
    #[arg(long, default_value_t = 2)]
    pub settle_secs: u64,
    /// Hard cap on the whole run, seconds.
    #[arg(long, default_value_t = 300)]
    pub max_secs: u64,
    /// Also print the result as one JSON line on stdout (the human summary goes to stderr).
    #[arg(long)]
    pub json: bool,
}

/// Most `--watch-url` servers: a replica set on one machine, not a crawl.
pub const MAX_WATCH_URLS: usize = 16;

impl Common {
    /// Where the watcher sockets go, in round-robin order: the `--watch-url` list (blank
    /// entries dropped, trailing slashes trimmed), or `--url` alone when it is empty.
    pub fn watch_targets(&self) -> anyhow::Result<Vec<String>> {
        let urls: Vec<String> = self
            .watch_urls
            .iter()
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty())
            .collect();
        anyhow::ensure!(
            urls.len() <= MAX_WATCH_URLS,
            "at most {MAX_WATCH_URLS} --watch-url servers, got {}",
            urls.len()
        );
        for url in &urls {
            anyhow::ensure!(url.starts_with("http://"), "--watch-url {url:?}: expected http://host:port");
        }
        Ok(if urls.is_empty() { vec![self.url.trim_end_matches('/').to_string()] } else { urls })
    }
}

/// `fanout` options.
#[derive(Debug, Clone, Args)]
pub struct FanoutArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// Read-only watcher sockets.
    #[arg(long, default_value_t = 1000)]
    pub watchers: usize,
    /// Changes the painter makes, one at a time.
    #[arg(long, default_value_t = 200)]
    pub changes: usize,
    /// Pause between an ack and the next change, milliseconds.
    #[arg(long, default_value_t = 0)]
    pub interval_ms: u64,
}

/// `idle` options.
#[derive(Debug, Clone, Args)]
pub struct IdleArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// Idle watcher sockets to open.
    #[arg(long, default_value_t = 10_000)]
    pub connections: usize,
    /// Spread the sockets over this many events (1: all watch one event).
    #[arg(long, default_value_t = 1)]
    pub events: usize,
    /// Seconds to hold the sockets once all are open.
    #[arg(long, default_value_t = 20)]
    pub hold_secs: u64,
    /// The server's process id, to read its resident memory from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

/// `events` options.
#[derive(Debug, Clone, Args)]
pub struct EventsArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
    /// Events to create, each with its own painter.
    #[arg(long, default_value_t = 1000)]
    pub events: usize,
    /// Read-only watchers per event.
    #[arg(long, default_value_t = 10)]
    pub watchers_per_event: usize,
}

/// `reads` options.
#[derive(Debug, Clone, Args)]
pub struct ReadsArgs {
    /// Server for the setup calls and the changes (`PUT …/answers`).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Servers to time reads against, each on its own keep-alive connection (repeat the flag or
    /// separate with commas; `https://` needs `--ca`). Default: `--url`.
    #[arg(long = "read-url", value_delimiter = ',')]
    pub read_urls: Vec<String>,
    /// PEM certificate to trust for `https://` read URLs (the cluster's HAProxy CA).
    #[arg(long)]
    pub ca: Option<std::path::PathBuf>,
    /// GETs of the unchanged event per server (at most 20,000).
    #[arg(long, default_value_t = 300)]
    pub requests: usize,
    /// Changes per server, each followed by two GETs on that server (at most 2,000).
    #[arg(long, default_value_t = 100)]
    pub changes: usize,
    /// Hard cap on the whole run, seconds.
    #[arg(long, default_value_t = 120)]
    pub max_secs: u64,
    /// Also print the result as one JSON line on stdout (the human summary goes to stderr).
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(args: &[&str]) -> Common {
        let cli = Cli::try_parse_from([&["prost-loadtest", "fanout"], args].concat()).unwrap();
        match cli.command {
            Command::Fanout(f) => f.common,
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn watchers_default_to_the_painters_server() {
        assert_eq!(common(&["--url", "http://127.0.0.1:1/"]).watch_targets().unwrap(), vec!["http://127.0.0.1:1"]);
    }

    #[test]
    fn watch_urls_repeat_or_split_on_commas() {
        let c = common(&["--url", "http://a:1", "--watch-url", "http://b:2/,http://c:3", "--watch-url", "http://d:4"]);
        assert_eq!(c.url, "http://a:1");
        assert_eq!(c.watch_targets().unwrap(), vec!["http://b:2", "http://c:3", "http://d:4"]);
    }

    #[test]
    fn watch_urls_are_bounded_and_plain_http() {
        let many: Vec<String> = (0..=MAX_WATCH_URLS).map(|i| format!("http://127.0.0.1:{}", 9000 + i)).collect();
        assert!(common(&["--watch-url", &many.join(",")]).watch_targets().is_err());
        assert!(common(&["--watch-url", "ws://127.0.0.1:9"]).watch_targets().is_err());
    }
}
