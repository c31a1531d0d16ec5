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

use crate::{Db, keys::KeySource};

#[derive(Parser)]
#[command(name = "inspraak-server", version, about = "The Inspraak reference backend")]
pub struct Cli {
    /// The SQLite database file, or a PostgreSQL database as postgres://user@host/name (its password from
    /// PGPASSWORD or ~/.pgpass, never on the command line); created (SQLite) and migrated when it is opened.
    #[arg(long, global = true, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
    database: PathBuf,
    /// The key of the stored hashes (made at the first start, 0600; default: beside the database, `.key` for
    /// `.sqlite`). INSPRAAK_HASH_KEY, when set, holds the file's text instead. Keep it apart from the backups.
    #[arg(long, global = true, env = "INSPRAAK_KEY_FILE")]
    key_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, the widget bundle and the demo page.
    Serve(Box<serve::Serve>),
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
    let key = KeySource::new(&database, cli.key_file, std::env::var("INSPRAAK_HASH_KEY").ok());
    match cli.command {
        Command::Serve(serve) => (*serve).run(database, key).await,
        Command::Backup { file } => backup(&database, &file).await,
        Command::Quickscan(command) => quickscans::run(command, &open(&database).await?, &key).await,
        Command::Challenge(command) => challenges::run(command, &open(&database).await?).await,
        Command::Poll(command) => polls::run(command, &open(&database).await?, &key).await,
        Command::Progress(command) => progress::run(command, &open(&database).await?).await,
        Command::Account(command) => accounts::run(command, &open(&database).await?, &key).await,
    }
}

async fn open(database: &Path) -> Result<Db, Failure> {
    Db::open(database)
        .await
        .map_err(|e| Failure(format!("cannot open database {}: {e}", crate::db::display_database(database))))
}

async fn backup(database: &Path, file: &Path) -> Outcome {
    if crate::db::is_postgres_url(database) {
        return Err(Failure(
            "on PostgreSQL, back up with pg_dump --format=custom and restore with pg_restore (docs/deploy.md)".into(),
        ));
    }
    let files_file = crate::db::files_path(file);
    for target in [file, files_file.as_path()] {
        if target.exists() {
            return Err(Failure(format!("{} exists already; choose a new file for the backup", target.display())));
        }
    }
    let db = open(database).await?;
    // VACUUM INTO reads one snapshot of a database: a consistent copy, however busy the server is. The attachments'
    // bytes are in a file of their own, copied second (an upload described in between has no bytes in the copy).
    for (pool, target) in [(&db.read, file), (&db.files_read, files_file.as_path())] {
        let name = target.to_str().ok_or("the backup path must be valid UTF-8")?;
        // Made empty and readable by its owner only first: VACUUM INTO fills an empty file and keeps its mode.
        crate::db::owner_only(target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
        sqlx::query("VACUUM INTO ?").bind(name).execute(pool).await.map_err(|e| format!("backup failed: {e}"))?;
    }
    println!(
        "backed up {} to {} (the attachments to {}; the key file is not in a backup: keep it apart)",
        database.display(),
        file.display(),
        files_file.display()
    );
    Ok(())
}
