//! The SQLite database: opened durable (WAL, synchronous=FULL), migrated at start.
//! Writes go through a pool of one connection, so SQLite never has to refuse a writer.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// Readers and the one writer of the same database file.
#[derive(Clone)]
pub struct Db {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A write is acknowledged only once it is on disk.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let write = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        sqlx::migrate!("./migrations").run(&write).await?;
        let read = SqlitePoolOptions::new().max_connections(8).connect_with(options.read_only(true)).await?;
        Ok(Db { read, write })
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
