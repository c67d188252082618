//! Command-line interface.

use crate::proto::Codec;
use clap::{Args, Parser, Subcommand};

/// Fan-out load generator for Prost's live voting board. Every loop is bounded in count and
/// time; all traffic goes to the `--url` server (meant to be 127.0.0.1).
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
    /// Internal: a child process holding a share of the watcher sockets.
    #[command(hide = true)]
    Watch,
}

/// Options every scenario shares.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Server base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
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
