//! `prost serve`: the whole service in one process.

use clap::Parser;
use prost::config::{Cli, Commands};
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
    }
}
