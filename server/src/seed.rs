//! Polls, quick scans, challenge forms and progress from JSON files: what the CLI's create commands store, and what
//! `serve --seed…` creates at start when it is not there yet.

use std::path::{Path, PathBuf};

use crate::db::Conn;
use inspraak_api::{NewChallengeForm, NewPoll, NewQuickscan, RecordProgress};
use serde::de::DeserializeOwned;

use crate::{Db, challenges, error::Error, polls, progress, quickscans};

/// The files `serve` seeds from.
#[derive(Debug, Default)]
pub struct Seeds {
    pub polls: Vec<PathBuf>,
    pub progress: Vec<PathBuf>,
    pub challenge_forms: Vec<PathBuf>,
    pub quickscans: Vec<PathBuf>,
    /// Webhooks over http and to loopback allowed (`--dev-webhooks`).
    pub dev_webhooks: bool,
}

impl Seeds {
    /// Creates what the files hold and the database lacks; what exists is left as it is.
    pub async fn plant(&self, db: &Db) -> Result<(), String> {
        for file in &self.polls {
            if let Some(id) = poll(db, file).await? {
                tracing::info!(poll = %id, "created sample poll");
            }
        }
        for file in &self.progress {
            if let Some(id) = progress(db, file, true).await? {
                tracing::info!(municipality = %id, "recorded sample progress");
            }
        }
        for file in &self.challenge_forms {
            if let (id, true) = challenge_form(db, file, true, self.dev_webhooks).await? {
                tracing::info!(form = %id, "created sample challenge form");
            }
        }
        for file in &self.quickscans {
            if let Some(id) = quickscan(db, file).await? {
                tracing::info!(quickscan = %id, "created sample quick scan");
            }
        }
        Ok(())
    }
}

/// Creates the poll in `file`; None when its id exists already.
pub async fn poll(db: &Db, file: &Path) -> Result<Option<String>, String> {
    Ok(create_new(db, file, "poll", polls::admin::create).await?.map(|new: NewPoll| new.id))
}

/// Creates the quick scan in `file`; None when its id exists already.
pub async fn quickscan(db: &Db, file: &Path) -> Result<Option<String>, String> {
    Ok(create_new(db, file, "quick scan", quickscans::admin::create).await?.map(|new: NewQuickscan| new.id))
}

/// Stores the `what` in `file` with `create`; None when one with its id exists already.
async fn create_new<T: DeserializeOwned, R>(
    db: &Db,
    file: &Path,
    what: &str,
    create: impl AsyncFnOnce(&mut Conn, &T) -> crate::error::Result<R>,
) -> Result<Option<T>, String> {
    let new: T = read(file, &format!("a {what}"))?;
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    match create(&mut tx as &mut Conn, &new).await {
        Err(error) if error.is_exists() => return Ok(None),
        Err(error) => return Err(refusal(file, &format!("is not a valid {what}"), error)),
        Ok(_) => {}
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Some(new))
}

/// Creates or replaces the form in `file` (with `only_new`, leaves an existing one alone); its id and whether it
/// was created.
pub async fn challenge_form(
    db: &Db,
    file: &Path,
    only_new: bool,
    dev_webhooks: bool,
) -> Result<(String, bool), String> {
    let new: NewChallengeForm = read(file, "a challenge form")?;
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    if only_new && challenges::store::find_form(&mut tx, &new.id).await.map_err(|e| e.to_string())?.is_some() {
        return Ok((new.id, false));
    }
    let created = challenges::admin::save_form(&mut tx, &new, dev_webhooks)
        .await
        .map_err(|error| refusal(file, "is not a valid challenge form", error))?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok((new.id, created))
}

/// A file of measurement rounds for one municipality, oldest round first.
#[derive(serde::Deserialize)]
struct ProgressFile {
    municipality: String,
    name: String,
    rounds: Vec<RecordProgress>,
}

/// Records the rounds in `file`; with `only_new`, nothing when the municipality exists already.
pub async fn progress(db: &Db, file: &Path, only_new: bool) -> Result<Option<String>, String> {
    let progress: ProgressFile = read(file, "a progress file")?;
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    if only_new
        && progress::store::find_name(&mut tx, &progress.municipality).await.map_err(|e| e.to_string())?.is_some()
    {
        return Ok(None);
    }
    for mut round in progress.rounds {
        round.name = Some(progress.name.clone());
        progress::admin::record_round(&mut tx, &progress.municipality, &round)
            .await
            .map_err(|error| refusal(file, "is not valid", error))?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Some(progress.municipality))
}

fn read<T: DeserializeOwned>(file: &Path, what: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not {what}: {e}", file.display()))
}

/// Why a file was refused: the invalid fields with the file they are in, or what else went wrong.
fn refusal(file: &Path, invalid: &str, error: Error) -> String {
    match error {
        Error::Invalid(_) => format!("{} {invalid}: {error}", file.display()),
        other => other.to_string(),
    }
}
