//! `prost-loadtest`: a WebSocket fan-out load generator for Prost's live voting board.
//!
//! `fanout` measures send → receipt latency of diffs at many watchers of one event, `idle`
//! the server's memory per idle connection, `events` the latency over many small events,
//! `reads` single GETs (through a proxy or not, cached or not). With replicas the watchers
//! can be spread over several servers (`--watch-url`) while the painter stays on `--url`.
//! Watcher sockets can be spread over child processes of this binary (`--processes`), since
//! one process may hold at most 20,000 open files; children report their samples as JSON
//! lines on stdout, timestamped with the machine's wall clock.

mod cli;
mod events;
mod fanout;
mod groups;
mod idle;
mod painter;
mod plan;
mod proto;
mod reads;
mod reminders;
mod setup;
mod socket;
mod stats;
mod watch;

use clap::Parser;
use cli::{Cli, Command};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Two workers: the machines this runs on have two cores shared with the server.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Fanout(args) => fanout::run(args).await,
            Command::Idle(args) => idle::run(args).await,
            Command::Events(args) => events::run(args).await,
            Command::Reads(args) => reads::run(args).await,
            Command::Reminders(args) => reminders::run(args).await,
            Command::Watch => watch::child_main().await,
        }
    });
    // A child's stdin reader may still sit in a blocking read; do not wait for it.
    runtime.shutdown_background();
    result
}
