//! `prost serve`: the whole service in one process (or the part `PROST_ROLE` names), and
//! `prost worker [--once]`: background work only.

use clap::Parser;
use prost::config::{Cli, Commands, Role, WorkerArgs};
use prost::startup::{Application, shutdown_signal};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    prost::telemetry::init_tracing();
    let _ = prost::telemetry::metrics();
    let cli = Cli::parse();
    match cli.command {
        Commands::Serve(settings) => {
            tracing::info!(?settings, "starting");
            let app = Application::build(settings).await?;
            app.run_until_stopped(shutdown_signal()).await
        }
        Commands::Worker(WorkerArgs { once, mut settings }) => {
            settings.role = Role::Worker;
            if once {
                // A one-shot run serves nothing; a free port keeps it clear of a running server.
                settings.addr = "127.0.0.1:0".parse()?;
                let app = Application::build(settings).await?;
                let ran = app.drain_outbox().await;
                tracing::info!(ran, "outbox drained");
                return Ok(());
            }
            tracing::info!(?settings, "starting the worker");
            let app = Application::build(settings).await?;
            app.run_until_stopped(shutdown_signal()).await
        }
    }
}
