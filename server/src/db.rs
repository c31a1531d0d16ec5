//! The SQLite database: opened durable (WAL, synchronous=FULL), migrated at start, readable by its owner only
//! (0600, and so are its `-wal` and `-shm` files, which SQLite makes with the database's mode), with deleted content
//! overwritten (`secure_delete`). Writes go through a pool of one connection, so SQLite never has to refuse a writer.
//!
//! Or PostgreSQL, when `--database` is a `postgres://` URL: one pool for every statement, migrated from
//! `migrations-postgres/` (the same numbered history as `migrations/`), shared by as many server processes as run.
//! Stores reach either through [`Conn`]; each statement is written once with `$1` placeholders where the SQL is the
//! same for both (sqlx-sqlite reads `$N` as the Nth parameter) and twice only where the dialects differ.

use std::{os::unix::fs::PermissionsExt, path::Path, str::FromStr, time::Duration};

use sqlx::{
    PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction,
    pool::PoolConnection,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// Readers and the one writer of the same database file.
#[derive(Clone)]
pub struct Db {
    /// On PostgreSQL these four SQLite pools are never connected (they point at no file); everything goes to `pg`.
    pub read: SqlitePool,
    pub write: SqlitePool,
    /// The attachments' bytes, in a database file of their own beside this one (`inspraak.files.sqlite` for
    /// `inspraak.sqlite`), with a writer of its own: a 5 MiB file is written and synced there, never on the one
    /// write connection that votes wait for.
    pub files: SqlitePool,
    pub files_read: SqlitePool,
    /// The PostgreSQL database, when `--database` is a `postgres://` URL.
    pub pg: Option<PgPool>,
}

/// Resources whose statements run on SQLite only so far. While any is listed, the server refuses to start on
/// PostgreSQL (with their names) rather than fail at run time when one is used.
pub const SQLITE_ONLY: &[&str] = &[];

/// Whether `database` (the `--database` value) names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(database: &Path) -> bool {
    database.to_str().is_some_and(|d| d.starts_with("postgres://") || d.starts_with("postgresql://"))
}

/// `postgres://user:secret@host/db` without its password, for messages and logs.
pub fn display_database(database: &Path) -> String {
    let text = database.display().to_string();
    match url::Url::parse(&text) {
        Ok(mut url) if is_postgres_url(database) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        _ => text,
    }
}

impl Db {
    /// Opens (creating if needed) the database at `path` and its attachments' file, and brings their schema up to
    /// date (moving attachment bytes that an older version kept in the database itself to the attachments' file).
    /// A `postgres://` URL opens that PostgreSQL database instead ([`Db::open_postgres`]).
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
        if is_postgres_url(path) {
            return Db::open_postgres(path.to_str().unwrap_or_default()).await;
        }
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
        let db = Db { read, write, files, files_read, pg: None };
        crate::challenges::store::move_files_out(&db).await.map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        Ok(db)
    }

    /// Opens the PostgreSQL database at `url` and brings its schema up to date (`migrations-postgres/`; sqlx takes
    /// an advisory lock for it, so instances starting together migrate once). Every write commits with the server's
    /// `synchronous_commit` (on by default): acknowledged only once it is durable.
    pub async fn open_postgres(url: &str) -> Result<Db, sqlx::Error> {
        if !SQLITE_ONLY.is_empty() {
            return Err(sqlx::Error::Configuration(
                format!(
                    "PostgreSQL is not supported yet for {}: run this version on SQLite (a file for --database)",
                    SQLITE_ONLY.join(", ")
                )
                .into(),
            ));
        }
        let options: PgConnectOptions = url.parse()?;
        let options = options.application_name("inspraak-server");
        let pg = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            // Every session reads and writes in UTC and never waits forever for a lock.
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("SET lock_timeout = '10s'").execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations-postgres").run(&pg).await?;
        // The SQLite pools are never used on PostgreSQL; they point at no file and are never connected.
        let nowhere =
            SqliteConnectOptions::new().filename("/nonexistent/inspraak-uses-postgresql").create_if_missing(false);
        let unused = SqlitePoolOptions::new().max_connections(1).connect_lazy_with(nowhere);
        Ok(Db { read: unused.clone(), write: unused.clone(), files: unused.clone(), files_read: unused, pg: Some(pg) })
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// A transaction for a write: on the one write connection (SQLite), or on any connection (PostgreSQL).
    pub async fn begin(&self) -> Result<Held, sqlx::Error> {
        Ok(match &self.pg {
            Some(pg) => Held::PgTx(pg.begin().await?),
            None => Held::LiteTx(self.write.begin().await?),
        })
    }

    /// A connection for reading (SQLite: one of the read-only ones).
    pub async fn reader(&self) -> Result<Held, sqlx::Error> {
        Ok(match &self.pg {
            Some(pg) => Held::Pg(pg.acquire().await?),
            None => Held::Lite(self.read.acquire().await?),
        })
    }

    /// A turn at a job only one server may run at a time (`name`): on PostgreSQL a session-level advisory lock
    /// (`pg_try_advisory_lock`) held until the returned [`Turn`] is dropped, or None when another server holds it
    /// now (then it is skipped, never waited for). On SQLite there is one server, so the turn is always there.
    pub async fn exclusive(&self, name: &str) -> Result<Option<Turn>, sqlx::Error> {
        let Some(pg) = &self.pg else { return Ok(Some(Turn(None))) };
        let mut conn = pg.acquire().await?;
        let key: i64 = sqlx::query_scalar("SELECT hashtextextended($1, 1817)").bind(name).fetch_one(&mut *conn).await?;
        let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(key).fetch_one(&mut *conn).await?;
        Ok(taken.then_some(Turn(Some((conn, key)))))
    }

    /// The attachments' writer (SQLite: their own file's one connection; PostgreSQL: the one database).
    pub async fn files_writer(&self) -> Result<Held, sqlx::Error> {
        Ok(match &self.pg {
            Some(pg) => Held::Pg(pg.acquire().await?),
            None => Held::Lite(self.files.acquire().await?),
        })
    }

    /// A connection to read attachments' bytes.
    pub async fn files_reader(&self) -> Result<Held, sqlx::Error> {
        Ok(match &self.pg {
            Some(pg) => Held::Pg(pg.acquire().await?),
            None => Held::Lite(self.files_read.acquire().await?),
        })
    }

    /// The write connection itself, outside a transaction (SQLite: the one writer).
    pub async fn writer(&self) -> Result<Held, sqlx::Error> {
        Ok(match &self.pg {
            Some(pg) => Held::Pg(pg.acquire().await?),
            None => Held::Lite(self.write.acquire().await?),
        })
    }

    /// Empties the WAL into the database file, so what was just deleted is in no older page of it (after an
    /// erasure: `secure_delete` has overwritten the pages in the database itself). Readers still on an older
    /// snapshot are waited for up to the busy timeout; a WAL that could not be emptied is only logged.
    pub async fn forget_old_pages(&self) {
        if self.is_postgres() {
            // PostgreSQL reclaims deleted rows with (auto)vacuum; there is no WAL file of ours to empty.
            return;
        }
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
        let mut conn = self.writer().await?;
        crate::on!(conn, |c| {
            sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .bind(name)
                .bind(&candidate)
                .execute(&mut *c)
                .await?;
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1").bind(name).fetch_one(c).await
        })
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

/// A turn from [`Db::exclusive`]; dropping it lets another server take the next one.
pub struct Turn(Option<(PoolConnection<Postgres>, i64)>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some((mut conn, key)) = self.0.take() {
            // Unlocked on the connection that holds the lock; should that fail, the connection is closed instead,
            // which ends its session and every lock with it.
            tokio::spawn(async move {
                let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)").bind(key).execute(&mut *conn).await;
                if unlocked.is_err() {
                    let _ = sqlx::Connection::close(conn.detach()).await;
                }
            });
        }
    }
}

/// Runs `body` with `c` bound to the connection under `conn` (`&mut SqliteConnection` or `&mut PgConnection`):
/// the statement is written once and compiled for both databases.
#[macro_export]
macro_rules! on {
    ($conn:expr, |$c:ident| $body:expr) => {{
        #[allow(unused_imports)]
        use $crate::db::Executes as _;
        match $conn.raw() {
            $crate::db::Raw::Lite($c) => $body,
            $crate::db::Raw::Pg($c) => $body,
        }
    }};
}

/// The statement for the database `conn` is on, where the two dialects differ.
#[macro_export]
macro_rules! dialect {
    ($conn:expr, sqlite: $lite:expr, postgres: $pg:expr $(,)?) => {
        if $crate::db::Executes::is_postgres(&*$conn) { $pg } else { $lite }
    };
}

/// A connection or a transaction on either database, as the stores take it: `on!` runs a statement on it. Anything
/// that holds a connection is one ([`Held`], a pool's connection, a transaction).
pub type Conn = dyn Executes + 'static;

/// What the stores need of a connection: the connection under it, by database.
pub trait Executes: Send {
    fn raw(&mut self) -> Raw<'_>;
    fn is_postgres(&self) -> bool;
}

/// A connection or a transaction from [`Db`], on either database.
pub enum Held {
    Lite(PoolConnection<Sqlite>),
    LiteTx(Transaction<'static, Sqlite>),
    Pg(PoolConnection<Postgres>),
    PgTx(Transaction<'static, Postgres>),
}

/// The connection under a [`Conn`], by database.
pub enum Raw<'a> {
    Lite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

impl Executes for Held {
    fn raw(&mut self) -> Raw<'_> {
        match self {
            Held::Lite(c) => Raw::Lite(c),
            Held::LiteTx(c) => Raw::Lite(c),
            Held::Pg(c) => Raw::Pg(c),
            Held::PgTx(c) => Raw::Pg(c),
        }
    }

    fn is_postgres(&self) -> bool {
        matches!(self, Held::Pg(_) | Held::PgTx(_))
    }
}

macro_rules! executes {
    ($variant:ident, $postgres:literal, $($ty:ty),*) => {$(
        impl Executes for $ty {
            fn raw(&mut self) -> Raw<'_> {
                Raw::$variant(self)
            }
            fn is_postgres(&self) -> bool {
                $postgres
            }
        }
    )*};
}

executes!(Lite, false, SqliteConnection, PoolConnection<Sqlite>, Transaction<'_, Sqlite>);
executes!(Pg, true, PgConnection, PoolConnection<Postgres>, Transaction<'_, Postgres>);

impl Held {
    /// The connection to run a statement on.
    /// Commits a transaction (a plain connection has nothing to commit).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Held::LiteTx(tx) => tx.commit().await,
            Held::PgTx(tx) => tx.commit().await,
            Held::Lite(_) | Held::Pg(_) => Ok(()),
        }
    }

    /// Rolls a transaction back.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Held::LiteTx(tx) => tx.rollback().await,
            Held::PgTx(tx) => tx.rollback().await,
            Held::Lite(_) | Held::Pg(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Both databases have one numbered history: the same files, by number and name, in both folders.
    #[test]
    fn the_postgres_migrations_have_the_same_numbers_and_names_as_the_sqlite_ones() {
        let names = |folder: &str| -> Vec<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".sql"))
                .collect();
            names.sort();
            names
        };
        let sqlite = names("migrations");
        assert!(sqlite.len() >= 10, "{sqlite:?}");
        assert_eq!(names("migrations-postgres"), sqlite, "every migration needs its PostgreSQL version");
    }
}
