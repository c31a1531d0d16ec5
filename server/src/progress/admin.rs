//! The admin progress routes: record a measurement round, export the history as JSON or CSV.

use axum::{
    Json,
    extract::{Path, State},
    response::Response,
};
use inspraak_api::{FieldError, FieldErrorCode, MunicipalityProgress, Problem, RecordProgress, rules::is_valid_id};

use super::store::{self, HistoryRow, Municipality};
use crate::{
    AppState, clock, csv_export,
    error::{Error, Result},
    problem::ApiResult,
    request::JsonBody,
    write::{Reply, Write},
};

/// Validates and stores a round, creating or renaming the municipality; the caller commits.
pub async fn record_round(
    conn: &mut crate::db::Conn,
    municipality: &str,
    round: &RecordProgress,
) -> Result<MunicipalityProgress> {
    let mut errors = Vec::new();
    if !is_valid_id(municipality, inspraak_api::rules::ID_MAX_LEN) {
        errors.push(FieldError::new("municipality", FieldErrorCode::Format, "the id must be a-z, 0-9 and '-'"));
    }
    if let Err(mut more) = round.validate(&clock::utc_today()) {
        errors.append(&mut more);
    }
    let exists = store::find_name(conn, municipality).await?.is_some();
    if !exists && round.name.is_none() {
        errors.push(FieldError::new("name", FieldErrorCode::Required, "name is required for a new municipality"));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if let Some(name) = &round.name {
        store::upsert_municipality(conn, municipality, name.trim()).await?;
    }
    store::record(conn, municipality, &round.measurements).await?;
    store::find_progress(conn, municipality).await?.ok_or_else(|| Error::Internal("recorded progress vanished".into()))
}

/// Records a measurement round for one or more subgoals; earlier measurements stay as history.
#[utoipa::path(post, path = "/v1/admin/progress/{municipality}/measurements", tag = "admin", security(("admin_token" = [])),
    params(
        ("municipality" = String, Path, description = "The municipality id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once"),
    ),
    request_body = RecordProgress,
    responses(
        (status = 201, description = "Recorded; the progress as it now stands", body = MunicipalityProgress),
        (status = 422, description = "Invalid round; invalidParams names each field", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record(
    State(state): State<AppState>,
    Path(municipality): Path<String>,
    write: Write,
    body: JsonBody<RecordProgress>,
) -> ApiResult<Response> {
    write.run(&state, &body.raw, async |tx| Reply::created(&record_round(tx, &municipality, &body.value).await?)).await
}

/// Every municipality with recorded progress, by name.
#[utoipa::path(get, path = "/v1/admin/progress", tag = "admin", security(("admin_token" = []), ("session" = [])),
    responses((status = 200, description = "The municipalities", body = Vec<Municipality>)))]
pub async fn list_municipalities(State(state): State<AppState>) -> ApiResult<Json<Vec<Municipality>>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::municipalities(&mut conn).await?))
}

async fn load_history(state: &AppState, municipality: &str) -> Result<Vec<HistoryRow>> {
    let mut conn = state.db.reader().await?;
    if store::find_name(&mut conn, municipality).await?.is_none() {
        return Err(Error::not_found("municipality"));
    }
    store::history(&mut conn, municipality).await
}

/// Every measurement ever recorded for a municipality, oldest first.
#[utoipa::path(get, path = "/v1/admin/progress/{municipality}/history", tag = "admin", security(("admin_token" = [])),
    params(("municipality" = String, Path, description = "The municipality id")),
    responses(
        (status = 200, description = "The history", body = Vec<HistoryRow>),
        (status = 404, description = "No such municipality", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn history(
    State(state): State<AppState>,
    Path(municipality): Path<String>,
) -> ApiResult<Json<Vec<HistoryRow>>> {
    Ok(Json(load_history(&state, &municipality).await?))
}

/// The history as CSV: `subgoal,status,measured_on,note,evidence_url,recorded_at`.
#[utoipa::path(get, path = "/v1/admin/progress/{municipality}/history.csv", tag = "admin", security(("admin_token" = [])),
    params(("municipality" = String, Path, description = "The municipality id")),
    responses(
        (status = 200, description = "The history as CSV", body = String, content_type = "text/csv"),
        (status = 404, description = "No such municipality", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn history_csv(State(state): State<AppState>, Path(municipality): Path<String>) -> ApiResult<Response> {
    let rows = load_history(&state, &municipality).await?;
    let mut table =
        vec![["subgoal", "status", "measured_on", "note", "evidence_url", "recorded_at"].map(str::to_owned).to_vec()];
    for row in rows {
        table.push(vec![
            row.subgoal.to_string(),
            row.status,
            row.measured_on,
            row.note.unwrap_or_default(),
            row.evidence_url.unwrap_or_default(),
            row.recorded_at,
        ]);
    }
    csv_export::attachment(&format!("{municipality}-progress.csv"), &table)
}
