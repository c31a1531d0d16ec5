//! The `inspraak-server` command line: `serve`, and running polls, quick scans, challenge forms and progress from
//! the shell. Every command takes the one `--database` (`INSPRAAK_DATABASE`), before or after its name.

mod accounts;
mod challenges;
mod polls;
mod progress;
mod quickscans;
mod serve;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::Db;

#[derive(Parser)]
#[command(name = "inspraak-server", version, about = "The Inspraak reference backend")]
pub struct Cli {
    /// The SQLite database file; created and migrated when it is opened.
    #[arg(long, global = true, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
    database: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, the widget bundle and the demo page.
    Serve(serve::Serve),
    /// Run quick scans: create them, open and close rounds, report and export.
    #[command(subcommand)]
    Quickscan(quickscans::Command),
    /// Right to Challenge: forms and the applications received.
    #[command(subcommand)]
    Challenge(challenges::Command),
    /// Manage polls directly in the database file.
    #[command(subcommand)]
    Poll(polls::Command),
    /// The back office's accounts: make the first one (a beheerder), set passwords and tokens.
    #[command(subcommand)]
    Account(accounts::Command),
    /// Record and export progress on the seven subgoals.
    #[command(subcommand)]
    Progress(progress::Command),
    /// Write a consistent copy of the database to FILE while the server keeps running (restore: stop the
    /// server, put the copy in place of the database file, start it again).
    Backup { file: PathBuf },
}

/// Why a command failed, as the one line the shell shows.
pub struct Failure(pub String);

/// Every error the commands meet says what went wrong in its `Display`; the domain's own errors (`error::Error`)
/// say it without HTTP.
impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(error.to_string())
    }
}

pub type Outcome = Result<(), Failure>;

pub async fn run(cli: Cli) -> Outcome {
    let database = cli.database;
    match cli.command {
        Command::Serve(serve) => serve.run(database).await,
        Command::Backup { file } => backup(&database, &file).await,
        Command::Quickscan(command) => quickscans::run(command, &open(&database).await?).await,
        Command::Challenge(command) => challenges::run(command, &open(&database).await?).await,
        Command::Poll(command) => polls::run(command, &open(&database).await?).await,
        Command::Progress(command) => progress::run(command, &open(&database).await?).await,
        Command::Account(command) => accounts::run(command, &open(&database).await?).await,
    }
}

async fn open(database: &Path) -> Result<Db, Failure> {
    Db::open(database).await.map_err(|e| Failure(format!("cannot open database {}: {e}", database.display())))
}

async fn backup(database: &Path, file: &Path) -> Outcome {
    if file.exists() {
        return Err(Failure(format!("{} exists already; choose a new file for the backup", file.display())));
    }
    let db = open(database).await?;
    let target = file.to_str().ok_or("the backup path must be valid UTF-8")?;
    // VACUUM INTO reads one snapshot of the database: a consistent copy, however busy the server is.
    sqlx::query("VACUUM INTO ?").bind(target).execute(&db.read).await.map_err(|e| format!("backup failed: {e}"))?;
    println!("backed up {} to {}", database.display(), file.display());
    Ok(())
}
