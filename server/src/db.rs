//! The SQLite database: opened durable (WAL, synchronous=FULL), migrated at start, readable by its owner only
//! (0600, and so are its `-wal` and `-shm` files, which SQLite makes with the database's mode), with deleted content
//! overwritten (`secure_delete`). Writes go through a pool of one connection, so SQLite never has to refuse a writer.

use std::{os::unix::fs::PermissionsExt, path::Path, str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// Readers and the one writer of the same database file.
#[derive(Clone)]
pub struct Db {
    pub read: SqlitePool,
    pub write: SqlitePool,
    /// The attachments' bytes, in a database file of their own beside this one (`inspraak.files.sqlite` for
    /// `inspraak.sqlite`), with a writer of its own: a 5 MiB file is written and synced there, never on the one
    /// write connection that votes wait for.
    pub files: SqlitePool,
    pub files_read: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the database at `path` and its attachments' file, and brings their schema up to
    /// date (moving attachment bytes that an older version kept in the database itself to the attachments' file).
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
        owner_only(path)?;
        let options = options(path)?;
        let write = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        let applied = async || -> i64 {
            let count = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(&write).await;
            count.unwrap_or(0)
        };
        let before = applied().await;
        sqlx::migrate!("./migrations").run(&write).await?;
        if applied().await != before {
            // A migration may have deleted what must not stay (answers with codes in them): out of the WAL too.
            // Only then: emptying the WAL under a running server would make its writer fail.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&write).await?;
        }
        let read = SqlitePoolOptions::new().max_connections(8).connect_with(options.read_only(true)).await?;
        let files_path = files_path(path);
        owner_only(&files_path)?;
        let files_options = self::options(&files_path)?;
        let files = SqlitePoolOptions::new().max_connections(1).connect_with(files_options.clone()).await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS attachment_files (
                 id TEXT PRIMARY KEY, content BLOB NOT NULL, created_at INTEGER NOT NULL)",
        )
        .execute(&files)
        .await?;
        let files_read =
            SqlitePoolOptions::new().max_connections(4).connect_with(files_options.read_only(true)).await?;
        let db = Db { read, write, files, files_read };
        crate::challenges::store::move_files_out(&db).await.map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        Ok(db)
    }

    /// Empties the WAL into the database file, so what was just deleted is in no older page of it (after an
    /// erasure: `secure_delete` has overwritten the pages in the database itself). Readers still on an older
    /// snapshot are waited for up to the busy timeout; a WAL that could not be emptied is only logged.
    pub async fn forget_old_pages(&self) {
        let result: Result<(i64, i64, i64), sqlx::Error> =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.write).await;
        let files: Result<(i64, i64, i64), sqlx::Error> =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.files).await;
        match result.and_then(|main| files.map(|files| (main.0 + files.0, main.1, main.2))) {
            Ok((0, _, _)) => {}
            Ok(_) => {
                tracing::warn!("the WAL could not be emptied after an erasure (a reader was busy); the next one will")
            }
            Err(error) => tracing::warn!(%error, "the WAL could not be emptied after an erasure"),
        }
    }

    /// A setting, created with `make` the first time it is asked for.
    pub async fn setting_or_create(&self, name: &str, make: impl FnOnce() -> String) -> Result<String, sqlx::Error> {
        let candidate = make();
        sqlx::query("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(&candidate)
            .execute(&self.write)
            .await?;
        sqlx::query_scalar("SELECT value FROM settings WHERE name = ?").bind(name).fetch_one(&self.write).await
    }
}

/// Where the attachments' bytes are kept for the database at `path`: `inspraak.files.sqlite` beside it.
pub fn files_path(path: &Path) -> std::path::PathBuf {
    path.with_extension("files.sqlite")
}

fn options(path: &Path) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A write is acknowledged only once it is on disk.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Erased applications and expired codes leave no readable bytes in the file's free pages.
        .pragma("secure_delete", "on")
        .busy_timeout(Duration::from_secs(5)))
}

/// Creates the database file readable by its owner only, or takes away what others may do with an existing one
/// (and its `-wal` and `-shm` files).
pub fn owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => return Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(error) => return Err(error),
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        let Ok(metadata) = std::fs::metadata(&file) else { continue };
        let mode = metadata.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode & 0o700))?;
            tracing::warn!(file = %file.display(), "others could read the database; now only its owner can (0600)");
        }
    }
    Ok(())
}
