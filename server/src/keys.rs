//! The secret that keys every stored hash (voter ids, voting codes, resume codes, request fingerprints): HMAC-SHA256
//! with a key kept apart from the database, in a key file only its owner can read (0600) or in the environment, so
//! a stolen database or backup does not let anyone test guesses of a code.
//!
//! Databases from before this key kept a secret of their own in the `settings` table and hashed with a keyed
//! SHA-256. At the first start with a key file that secret moves into the key file, every stored hash `h` becomes
//! `HMAC(key, h)`, and from then on a hash is `HMAC(key, old-style hash)`: votes, codes and drafts stored before
//! still match, and the database alone holds no key.

use std::{
    io::Write as _,
    os::unix::fs::{OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::on;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::Db;

/// Where the key comes from: `INSPRAAK_HASH_KEY` when set, else the key file.
#[derive(Clone, Default)]
pub struct KeySource {
    pub file: PathBuf,
    /// The key file's text, from the environment.
    pub text: Option<String>,
}

impl KeySource {
    /// The key file beside the database (`inspraak.sqlite` → `inspraak.key`), unless `file` names another.
    /// For a PostgreSQL URL there is no file to put it beside: `inspraak.key` in the working folder, unless given.
    pub fn new(database: &Path, file: Option<PathBuf>, text: Option<String>) -> KeySource {
        let beside = || match crate::db::is_postgres_url(database) {
            true => PathBuf::from("inspraak.key"),
            false => database.with_extension("key"),
        };
        KeySource { file: file.unwrap_or_else(beside), text: text.filter(|t| !t.is_empty()) }
    }
}

/// The keys: the HMAC key, and for a database from before it, its old secret.
#[derive(Clone)]
pub struct HashKey(Arc<Keys>);

struct Keys {
    hmac: [u8; 32],
    legacy: Option<String>,
}

/// The settings rows: the old secret (gone once moved), and a check that the key belongs to this database.
const LEGACY_SETTING: &str = "voter_hash_key";
const CHECK_SETTING: &str = "hash_key_check";

/// Every stored keyed hash: (table, its other key columns, the hash column).
const HASH_COLUMNS: [(&str, &[&str], &str); 5] = [
    ("votes", &["poll_id"], "voter_hash"),
    ("poll_codes", &["poll_id"], "code_hash"),
    ("quickscan_invitations", &["scan_id"], "code_hash"),
    ("quickscan_drafts", &[], "code_hash"),
    ("idempotency_keys", &["scope", "key"], "request_hash"),
];

impl HashKey {
    /// The key for `db`: read from `source`, or made the first time (and then written to the key file, 0600). A
    /// database whose hashes were made with another key, or whose key is missing, is refused with what to do.
    pub async fn load(db: &Db, source: &KeySource) -> Result<HashKey, String> {
        let mut conn = db.writer().await.map_err(|e| format!("database: {e}"))?;
        let setting = async |conn: &mut crate::db::Conn, name: &str| -> Result<Option<String>, String> {
            let value = on!(conn, |c| sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(name)
                .fetch_optional(c)
                .await);
            value.map_err(|e| format!("database: {e}"))
        };
        if db.is_postgres() {
            let check = setting(&mut conn, CHECK_SETTING).await?;
            return Self::load_shared(&mut conn, source, check).await;
        }
        let legacy = setting(&mut conn, LEGACY_SETTING).await?;
        let check = setting(&mut conn, CHECK_SETTING).await?;
        let given = match &source.text {
            Some(text) => Some(Keys::parse(text).map_err(|e| format!("INSPRAAK_HASH_KEY: {e}"))?),
            None => read_key_file(&source.file)?,
        };
        let keys = match (given, check) {
            (Some(keys), Some(check)) => {
                if keys.check() != check {
                    return Err(format!(
                        "the hash key ({}) does not belong to this database: its codes, votes and drafts were hashed \
                         with another key. Use the key file made with this database",
                        source.describe()
                    ));
                }
                keys
            }
            (None, Some(_)) => {
                return Err(format!(
                    "the hash key of this database is missing: restore its key file at {} (or set INSPRAAK_HASH_KEY); \
                     without it no vote, voting code or resume code can be checked",
                    source.file.display()
                ));
            }
            (given, None) => {
                // A new database, or one from before the key file: make the key (keeping the old secret) and store it
                // where it belongs before any hash changes.
                let keys = match given {
                    Some(keys) if keys.legacy == legacy => keys,
                    Some(_) if legacy.is_some() => {
                        return Err(format!(
                            "{} holds no legacy-sha256 line for this database's old secret; move that file away so a \
                             new one is made",
                            source.describe()
                        ));
                    }
                    Some(keys) => keys,
                    None => {
                        let keys = Keys { hmac: rand::random(), legacy: legacy.clone() };
                        write_key_file(&source.file, &keys)?;
                        keys
                    }
                };
                let crate::db::Raw::Lite(conn) = crate::db::Executes::raw(&mut conn) else {
                    return Err("the hash key: SQLite's key migration on PostgreSQL".into());
                };
                migrate(conn, &keys, legacy.is_some()).await.map_err(|e| format!("moving the hash key: {e}"))?;
                keys
            }
        };
        Ok(HashKey(Arc::new(keys)))
    }

    /// On PostgreSQL, which several servers share: the key must be given (`--key-file` or `INSPRAAK_HASH_KEY`,
    /// the same for every server); it is never made here, where two servers starting at once would each make
    /// another. The first server stores the key's check; every later one, and one started at the same moment, is
    /// refused when its key has another check.
    async fn load_shared(
        conn: &mut crate::db::Conn,
        source: &KeySource,
        check: Option<String>,
    ) -> Result<HashKey, String> {
        let keys = match &source.text {
            Some(text) => Keys::parse(text).map_err(|e| format!("INSPRAAK_HASH_KEY: {e}"))?,
            None => read_key_file(&source.file)?.ok_or_else(|| {
                format!(
                    "on PostgreSQL the hash key must be given, the same for every server on this database: \
                     --key-file (now {}, which does not exist) or INSPRAAK_HASH_KEY. Make one with: \
                     printf 'hmac-sha256 %s\\n' \"$(openssl rand -hex 32)\" > inspraak.key && chmod 600 inspraak.key",
                    source.file.display()
                )
            })?,
        };
        let stored = match check {
            Some(check) => check,
            None => {
                let db_error = |e: sqlx::Error| format!("database: {e}");
                on!(conn, |c| sqlx::query(
                    "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"
                )
                .bind(CHECK_SETTING)
                .bind(keys.check())
                .execute(&mut *c)
                .await
                .map_err(db_error)
                .map(|_| ()))?;
                on!(conn, |c| sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                    .bind(CHECK_SETTING)
                    .fetch_one(c)
                    .await
                    .map_err(db_error))?
            }
        };
        if stored != keys.check() {
            return Err(format!(
                "the hash key ({}) does not belong to this database: another server on it uses another key, or its \
                 codes, votes and drafts were hashed with another key. Give every server the same key",
                source.describe()
            ));
        }
        Ok(HashKey(Arc::new(keys)))
    }

    /// HMAC-SHA256 over `parts`, each length-prefixed so no two lists hash alike (for a database from before the
    /// key file: over the old keyed SHA-256 of the parts).
    pub fn hash(&self, parts: &[&[u8]]) -> String {
        let mut mac = self.0.mac();
        match &self.0.legacy {
            Some(legacy) => mac.update(legacy_hash(legacy, parts).as_bytes()),
            None => {
                for part in parts {
                    mac.update(&(part.len() as u64).to_be_bytes());
                    mac.update(part);
                }
            }
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl KeySource {
    fn describe(&self) -> String {
        if self.text.is_some() { "INSPRAAK_HASH_KEY".to_owned() } else { self.file.display().to_string() }
    }
}

impl Keys {
    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.hmac).expect("HMAC takes a key of any length")
    }

    /// What the settings keep to recognise the key: an HMAC of a fixed text, which says nothing about the key.
    fn check(&self) -> String {
        let mut mac = self.mac();
        mac.update(b"inspraak hash key check");
        hex::encode(mac.finalize().into_bytes())
    }

    /// `hmac-sha256 <64 hex digits>` and, for an older database, `legacy-sha256 <its old secret>`, on lines or on one.
    fn parse(text: &str) -> Result<Keys, String> {
        let words: Vec<&str> =
            text.lines().filter(|l| !l.trim_start().starts_with('#')).flat_map(str::split_whitespace).collect();
        let (mut hmac, mut legacy) = (None, None);
        for pair in words.chunks(2) {
            match pair {
                ["hmac-sha256", value] => {
                    let bytes = hex::decode(value).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
                    hmac = Some(bytes.ok_or("hmac-sha256 must be 64 hexadecimal digits")?);
                }
                ["legacy-sha256", value] => legacy = Some((*value).to_owned()),
                _ => return Err(format!("expected 'hmac-sha256 <64 hex digits>', found '{}'", pair.join(" "))),
            }
        }
        Ok(Keys { hmac: hmac.ok_or("no 'hmac-sha256 <64 hex digits>' line")?, legacy })
    }

    fn text(&self) -> String {
        let mut text = format!(
            "# The key of Inspraak's stored hashes. Keep it apart from the database and its backups, readable by the\n\
             # server only (0600); without it no vote, voting code or resume code in the database can be checked.\n\
             hmac-sha256 {}\n",
            hex::encode(self.hmac)
        );
        if let Some(legacy) = &self.legacy {
            text.push_str(&format!("legacy-sha256 {legacy}\n"));
        }
        text
    }
}

/// The old construction: SHA-256 over the secret and the parts, each length-prefixed.
fn legacy_hash(secret: &str, parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in std::iter::once(secret.as_bytes()).chain(parts.iter().copied()) {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

fn read_key_file(file: &Path) -> Result<Option<Keys>, String> {
    let metadata = match std::fs::metadata(file) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read the key file {}: {error}", file.display())),
    };
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "the key file {} can be read by others (mode {mode:o}): run chmod 600 {}",
            file.display(),
            file.display()
        ));
    }
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("cannot read the key file {}: {e}", file.display()))?;
    Keys::parse(&text).map(Some).map_err(|e| format!("the key file {}: {e}", file.display()))
}

fn write_key_file(file: &Path, keys: &Keys) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot write the key file {}: {e}", file.display());
    let mut out = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(file).map_err(cannot)?;
    out.write_all(keys.text().as_bytes()).and_then(|()| out.sync_all()).map_err(cannot)?;
    tracing::info!(file = %file.display(), "made the key of the stored hashes; keep it apart from the database backups");
    Ok(())
}

/// Rewraps every stored hash `h` as `HMAC(key, h)` (only when there was an old secret), removes the old secret and
/// stores the check, in one transaction; then empties the WAL, so the old secret is in no file any more.
async fn migrate(conn: &mut sqlx::SqliteConnection, keys: &Keys, rewrap: bool) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut tx = conn.begin().await?;
    if rewrap {
        for (table, others, column) in HASH_COLUMNS {
            let select =
                format!("SELECT {column} {} FROM {table}", others.iter().map(|o| format!(", {o}")).collect::<String>());
            let rows: Vec<sqlx::sqlite::SqliteRow> = sqlx::query(&select).fetch_all(&mut *tx).await?;
            let filter: String = others.iter().enumerate().map(|(i, o)| format!(" AND {o} = ?{}", i + 3)).collect();
            let update = format!("UPDATE {table} SET {column} = ?1 WHERE {column} = ?2{filter}");
            for row in rows {
                use sqlx::Row;
                let old: String = row.try_get(0)?;
                let mut mac = keys.mac();
                mac.update(old.as_bytes());
                let mut query = sqlx::query(&update).bind(hex::encode(mac.finalize().into_bytes())).bind(old);
                for index in 0..others.len() {
                    query = query.bind(row.try_get::<String, _>(index + 1)?);
                }
                query.execute(&mut *tx).await?;
            }
        }
    }
    sqlx::query("DELETE FROM settings WHERE name = ?").bind(LEGACY_SETTING).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO settings (name, value) VALUES (?, ?)")
        .bind(CHECK_SETTING)
        .bind(keys.check())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_text_reads_back_on_lines_or_on_one() {
        let keys = Keys { hmac: [7; 32], legacy: Some("ab".repeat(32)) };
        let again = Keys::parse(&keys.text()).unwrap();
        assert_eq!((again.hmac, again.legacy.clone()), (keys.hmac, keys.legacy.clone()));
        let one_line = format!("hmac-sha256 {} legacy-sha256 {}", hex::encode([7; 32]), "ab".repeat(32));
        assert_eq!(Keys::parse(&one_line).unwrap().check(), keys.check());
        assert!(Keys::parse("hmac-sha256 abc").is_err());
        assert!(Keys::parse("secret").is_err());
    }
}
