//! Tests on PostgreSQL: `INSPRAAK_TEST_POSTGRES` is the URL of a cluster (scripts/postgres.sh starts a throwaway
//! one); every test gets a database of its own in it, so tests run in parallel as they do on SQLite files.

use std::path::{Path, PathBuf};

/// The cluster's URL, when the tests run on PostgreSQL.
pub fn cluster() -> Option<String> {
    std::env::var("INSPRAAK_TEST_POSTGRES").ok().filter(|url| !url.is_empty())
}

/// A new, empty database in the cluster, and its URL; None on SQLite.
pub async fn fresh_database() -> Option<String> {
    let cluster = cluster()?;
    let name = format!("t_{}", hex::encode(rand::random::<[u8; 16]>()));
    let mut admin =
        <sqlx::PgConnection as sqlx::Connection>::connect(&cluster).await.expect("connect to the test cluster");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    let _ = sqlx::Connection::close(admin).await;
    let (base, _) = cluster.rsplit_once('/').expect("a URL with a database");
    Some(format!("{base}/{name}"))
}

/// Writes a hash key file in `dir` (0600) and returns its path: on PostgreSQL the key is always given.
pub fn key_file(dir: &Path) -> PathBuf {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let path = dir.join("inspraak.key");
    if !path.exists() {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).unwrap();
        writeln!(file, "hmac-sha256 {}", hex::encode(rand::random::<[u8; 32]>())).unwrap();
    }
    path
}
