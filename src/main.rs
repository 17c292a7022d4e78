//! The `linalg-server` binary: parse the configuration, start logging, serve until a signal.

use clap::Parser;
use linalg_server::config::Config;
use linalg_server::startup::{Application, shutdown_signal};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let config = Config::parse();
    linalg_server::telemetry::init_tracing(config.log_format);
    let app = Application::build(&config).await?;
    let addr = app.local_addr();
    tracing::info!(
        %addr,
        threads = app.state().pool.threads(),
        max_queue = app.state().pool.max_queue(),
        "linalg-server listening on http://{addr} (interactive docs at http://{addr}/docs)"
    );
    app.run_until_stopped(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}
