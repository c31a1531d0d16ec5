//! Where measurements are kept: every SQL statement about progress is in this file.

use crate::{db::Conn, dialect, on};
use inspraak_api::{
    MunicipalityProgress, NewMeasurement, PreviousMeasurement, SubgoalProgress, SubgoalStatus, progress::SUBGOALS,
};
use serde::Serialize;

use crate::error::{Error, Result};

#[derive(sqlx::FromRow)]
struct LatestRow {
    subgoal: i64,
    status: String,
    note: Option<String>,
    evidence_url: Option<String>,
    measured_on: String,
    rank: i64,
}

/// One recorded measurement, as the history export shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct HistoryRow {
    pub subgoal: i64,
    pub status: String,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    pub measured_on: String,
    /// When it was recorded, RFC 3339.
    pub recorded_at: String,
}

fn status(name: &str) -> Result<SubgoalStatus> {
    SubgoalStatus::from_name(name).ok_or_else(|| Error::Internal(format!("stored status {name} is unknown")))
}

/// A municipality the back office knows: its id and name.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Municipality {
    pub id: String,
    pub name: String,
}

/// Every municipality with progress, by name.
pub async fn municipalities(conn: &mut Conn) -> Result<Vec<Municipality>> {
    Ok(on!(conn, |c| sqlx::query_as("SELECT id, name FROM municipalities ORDER BY name, id").fetch_all(c).await?))
}

/// The municipality's name, if it is known.
pub async fn find_name(conn: &mut Conn, municipality: &str) -> Result<Option<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT name FROM municipalities WHERE id = $1")
        .bind(municipality)
        .fetch_optional(c)
        .await?))
}

/// The latest and the previous measurement of each subgoal; a subgoal never measured is "not started".
pub async fn find_progress(conn: &mut Conn, municipality: &str) -> Result<Option<MunicipalityProgress>> {
    let Some(name) = find_name(conn, municipality).await? else { return Ok(None) };
    let rows: Vec<LatestRow> = on!(conn, |c| sqlx::query_as(
        "SELECT subgoal, status, note, evidence_url, measured_on, rank FROM (
             SELECT subgoal, status, note, evidence_url, measured_on,
                    ROW_NUMBER() OVER (PARTITION BY subgoal ORDER BY measured_on DESC, id DESC) AS rank
             FROM progress_measurements WHERE municipality_id = $1) AS latest
         WHERE rank <= 2 ORDER BY subgoal, rank",
    )
    .bind(municipality)
    .fetch_all(c)
    .await?);
    let mut subgoals = Vec::with_capacity(SUBGOALS.into());
    for number in 1..=SUBGOALS {
        let mut measured = rows.iter().filter(|row| row.subgoal == i64::from(number));
        let progress = match measured.next() {
            None => SubgoalProgress {
                subgoal: number,
                status: SubgoalStatus::NotStarted,
                note: None,
                evidence_url: None,
                measured_on: None,
                previous: None,
            },
            Some(latest) => SubgoalProgress {
                subgoal: number,
                status: status(&latest.status)?,
                note: latest.note.clone(),
                // Only a web link is shown, whatever an older version or a hand-edited database stored.
                evidence_url: latest.evidence_url.clone().filter(|url| inspraak_api::rules::is_web_url(url)),
                measured_on: Some(latest.measured_on.clone()),
                previous: match measured.next() {
                    Some(previous) if previous.rank == 2 => Some(PreviousMeasurement {
                        status: status(&previous.status)?,
                        measured_on: previous.measured_on.clone(),
                    }),
                    _ => None,
                },
            },
        };
        subgoals.push(progress);
    }
    Ok(Some(MunicipalityProgress { municipality: municipality.to_owned(), name, subgoals }))
}

/// Where a municipality stands, or not found.
pub async fn get_progress(conn: &mut Conn, municipality: &str) -> Result<MunicipalityProgress> {
    find_progress(conn, municipality).await?.ok_or_else(|| Error::not_found("municipality"))
}

/// Creates the municipality or renames it.
pub async fn upsert_municipality(conn: &mut Conn, municipality: &str, name: &str) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "INSERT INTO municipalities (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        )
        .bind(municipality)
        .bind(name)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Adds measurements; earlier ones stay as history.
pub async fn record(conn: &mut Conn, municipality: &str, measurements: &[NewMeasurement]) -> Result<()> {
    for measurement in measurements {
        on!(conn, |c| {
            sqlx::query(
            "INSERT INTO progress_measurements (municipality_id, subgoal, status, note, evidence_url, measured_on, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, unixepoch())",
        )
        .bind(municipality)
        .bind(i64::from(measurement.subgoal))
        .bind(measurement.status.as_str())
        .bind(&measurement.note)
        .bind(&measurement.evidence_url)
        .bind(&measurement.measured_on)
        .execute(c).await?;
        });
    }
    Ok(())
}

/// Every measurement of a municipality, oldest first.
pub async fn history(conn: &mut Conn, municipality: &str) -> Result<Vec<HistoryRow>> {
    let sql = dialect!(conn,
        sqlite: "SELECT subgoal, status, note, evidence_url, measured_on,
                strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, 'unixepoch') AS recorded_at
         FROM progress_measurements WHERE municipality_id = $1 ORDER BY measured_on, id",
        postgres: "SELECT subgoal, status, note, evidence_url, measured_on,
                to_char(to_timestamp(recorded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS recorded_at
         FROM progress_measurements WHERE municipality_id = $1 ORDER BY measured_on, id",
    );
    Ok(on!(conn, |c| sqlx::query_as(sql).bind(municipality).fetch_all(c).await?))
}
