//! The `inspraak-server` binary: logs to stderr and runs the command line of `cli`, exiting with 1 and the reason
//! when a command fails.

use clap::Parser;
use inspraak_server::cli::{self, Cli};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_writer(std::io::stderr)
        .init();
    match cli::run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(cli::Failure(message)) => {
            eprintln!("[inspraak] {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
