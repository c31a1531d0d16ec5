//! `inspraak-server serve`: the API, the widget bundle and the demo page on one port, with the sample data of
//! `--seed…` created at start and the hourly purge running beside it.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, Outcome};
use crate::{AppState, Config, keys::KeySource, purge, seed::Seeds};

#[derive(Args)]
pub struct Serve {
    #[command(flatten)]
    config: Config,
    /// Poll files (JSON, as for `poll create`) to create at start when their id does not exist yet.
    #[arg(long = "seed")]
    seed: Vec<PathBuf>,
    /// Progress files (JSON, as for `progress record`) to record at start when the municipality is new.
    #[arg(long = "seed-progress")]
    seed_progress: Vec<PathBuf>,
    /// Challenge form files (JSON, as for `challenge form create`) to create at start when their id is new.
    #[arg(long = "seed-challenge")]
    seed_challenge: Vec<PathBuf>,
    /// Quick scan files (JSON, as for `quickscan create`) to create at start when their id does not exist yet.
    #[arg(long = "seed-quickscan")]
    seed_quickscan: Vec<PathBuf>,
}

impl Serve {
    pub async fn run(self, database: PathBuf, key: KeySource) -> Outcome {
        let Serve { mut config, seed, seed_progress, seed_challenge, seed_quickscan } = self;
        config.database = database;
        config.key = key;
        config.finish(std::env::var("INSPRAAK_ADMIN_TOKEN").ok(), std::env::var("INSPRAAK_SMTP_URL").ok())?;
        let db = super::open(&config.database).await?;
        let seeds = Seeds {
            polls: seed,
            progress: seed_progress,
            challenge_forms: seed_challenge,
            quickscans: seed_quickscan,
            dev_webhooks: config.dev_webhooks,
        };
        seeds.plant(&db).await?;
        if config.admin_token.is_none() {
            tracing::info!("admin API off: set INSPRAAK_ADMIN_TOKEN to turn it on");
        }
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| Failure(format!("cannot listen on {}: {e}", config.listen)))?;
        let address = listener.local_addr()?;
        let state = AppState::new(db.clone(), config).await?;
        let sessions = &state.config.backoffice;
        tokio::spawn(crate::accounts::purge_sessions_every_hour(
            db.clone(),
            sessions.session_idle_seconds,
            sessions.session_max_seconds,
        ));
        tokio::spawn(purge::every_hour(db));
        // Tests and scripts read this line to find the port when they asked for port 0.
        println!("listening on http://{address}");
        // The peer address reaches the per-address limit only, which keeps it in memory; nothing stores or logs it.
        let app = crate::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
        Ok(())
    }
}

/// Ctrl-C or SIGTERM (a service manager stopping us): finish the requests under way, then stop.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}
