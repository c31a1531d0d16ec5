//! The admin quick scan routes: create scans, run them in rounds, read the report, export and delete responses.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use inspraak_api::{
    Agreement, CustomAnswer, NewQuickscan, NewRound, Problem, Quickscan, QuickscanAnswers, QuickscanReport, Round,
};

use super::store;
use crate::{
    AppState, csv_export,
    error::{Error, Result},
    problem::ApiResult,
    request::JsonBody,
    write::{Reply, Write},
};

/// All scans, newest first.
#[utoipa::path(get, path = "/v1/admin/quickscans", tag = "admin", security(("admin_token" = [])),
    responses((status = 200, description = "All scans", body = Vec<Quickscan>),
              (status = 401, description = "No or wrong admin token", body = Problem, content_type = "application/problem+json")))]
pub async fn list_scans(State(state): State<AppState>) -> ApiResult<Json<Vec<Quickscan>>> {
    let mut conn = state.db.read.acquire().await?;
    let mut scans = Vec::new();
    for id in store::scan_ids(&mut conn).await? {
        scans.push(store::get_scan(&mut conn, &id).await?);
    }
    Ok(Json(scans))
}

/// Creates a scan with its first round open. Without `themes` it gets the questionnaire shipped with the server.
pub async fn create(tx: &mut sqlx::SqliteConnection, new: &NewQuickscan) -> Result<Quickscan> {
    let themes = new.themes.clone().unwrap_or_else(store::default_themes);
    new.validate(&themes).map_err(Error::Invalid)?;
    if !store::insert(tx, new, themes).await? {
        return Err(Error::exists("Scan exists", format!("A quick scan with id '{}' exists already.", new.id)));
    }
    store::get_scan(tx, &new.id).await
}

/// Creates a scan.
#[utoipa::path(post, path = "/v1/admin/quickscans", tag = "admin", security(("admin_token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once")),
    request_body = NewQuickscan,
    responses((status = 201, description = "The scan as stored", body = Quickscan),
              (status = 409, description = "A scan with this id exists", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Invalid scan; invalidParams names each field", body = Problem, content_type = "application/problem+json")))]
pub async fn create_scan(
    State(state): State<AppState>,
    write: Write,
    body: JsonBody<NewQuickscan>,
) -> ApiResult<Response> {
    write
        .run(&state, &body.raw, async |tx| {
            let scan = create(tx, &body.value).await?;
            Ok(Reply::created(&scan)?.at(format!("/v1/quickscans/{}", scan.id)))
        })
        .await
}

/// Every round of a scan, oldest first.
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/rounds", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "The rounds", body = Vec<Round>),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn list_rounds(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Vec<Round>>> {
    let mut conn = state.db.read.acquire().await?;
    store::get_scan(&mut conn, &id).await?;
    Ok(Json(store::rounds(&mut conn, &id).await?))
}

/// Opens a new round (a progress measurement, say); the open round, if any, is closed.
#[utoipa::path(post, path = "/v1/admin/quickscans/{id}/rounds", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once")),
    request_body = NewRound,
    responses((status = 201, description = "The new round", body = Round),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "The scan has a round with this id", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Invalid round", body = Problem, content_type = "application/problem+json")))]
pub async fn open_round(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<NewRound>,
) -> ApiResult<Response> {
    write
        .run(&state, &body.raw, async |tx| {
            store::get_scan(tx, &id).await?;
            let errors = body.value.validate("");
            if !errors.is_empty() {
                return Err(Error::Invalid(errors).into());
            }
            Reply::created(&store::open_round(tx, &id, &body.value).await?)
        })
        .await
}

/// Closes a round: it takes no more responses; its results stay.
#[utoipa::path(post, path = "/v1/admin/quickscans/{id}/rounds/{round}/close", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id"), ("round" = String, Path, description = "The round id")),
    responses((status = 200, description = "The round, closed", body = Round),
              (status = 404, description = "No such scan or round", body = Problem, content_type = "application/problem+json")))]
pub async fn close_round(
    State(state): State<AppState>,
    Path((id, round)): Path<(String, String)>,
) -> ApiResult<Json<Round>> {
    let mut tx = state.db.write.begin().await?;
    store::get_scan(&mut tx, &id).await?;
    let round = store::close_round(&mut tx, &id, &round).await?.ok_or_else(|| Error::not_found("round"))?;
    tx.commit().await?;
    Ok(Json(round))
}

/// The aggregate of every round, to compare rounds per theme and role.
pub async fn build_report(conn: &mut sqlx::SqliteConnection, id: &str) -> Result<QuickscanReport> {
    let scan = store::get_scan(conn, id).await?;
    let rounds = store::rounds(conn, id).await?;
    let mut results = Vec::with_capacity(rounds.len());
    for round in &rounds {
        results.push(store::results(conn, &scan, round).await?);
    }
    Ok(QuickscanReport { scan: scan.id, rounds, results })
}

/// The report of a scan: per round, per theme, for everyone and per role (groups of at least `min_group`).
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/report", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "The report", body = QuickscanReport),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn report(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<QuickscanReport>> {
    let mut conn = state.db.read.acquire().await?;
    Ok(Json(build_report(&mut conn, &id).await?))
}

/// The rows of the CSV export: one per response, with no identifying data (number, round, role, date, answers).
pub async fn responses_rows(conn: &mut sqlx::SqliteConnection, id: &str) -> Result<Vec<Vec<String>>> {
    let scan = store::get_scan(conn, id).await?;
    let statements: Vec<&str> = scan.themes.iter().flat_map(|t| t.statements.iter().map(|s| s.id.as_str())).collect();
    let mut header: Vec<String> =
        ["response", "round", "role", "submitted_on"].into_iter().map(str::to_owned).collect();
    header.extend(statements.iter().map(|s| (*s).to_owned()));
    header.extend(scan.themes.iter().map(|t| format!("score:{}", t.id)));
    if scan.grades {
        header.extend(scan.themes.iter().map(|t| format!("grade:{}", t.id)));
    }
    header.extend(scan.custom_questions.iter().map(|q| format!("custom:{}", q.id)));
    let mut rows = vec![header];
    let agreement = |answer: Option<&Agreement>| match answer {
        None => String::new(),
        Some(Agreement::DontKnow) => "weet_niet".to_owned(),
        Some(answer) => answer.score().map(|s| s.to_string()).unwrap_or_default(),
    };
    for response in store::responses(conn, id).await? {
        let answers: QuickscanAnswers = serde_json::from_str(&response.answers)?;
        let mut row = vec![response.id.to_string(), response.round_id, response.role, response.submitted_on];
        row.extend(statements.iter().map(|s| agreement(answers.statements.get(*s))));
        row.extend(answers.scores(&scan).iter().map(|s| s.score.map(|v| v.to_string()).unwrap_or_default()));
        if scan.grades {
            row.extend(scan.themes.iter().map(|t| answers.grades.get(&t.id).map(u8::to_string).unwrap_or_default()));
        }
        row.extend(scan.custom_questions.iter().map(|q| match answers.custom.get(&q.id) {
            None => String::new(),
            Some(CustomAnswer::Scale(answer)) => agreement(Some(answer)),
            Some(CustomAnswer::Text(text)) => text.clone(),
        }));
        rows.push(row);
    }
    Ok(rows)
}

/// Every response as CSV, one row each: answers on the 1–5 scale (`weet_niet` for don't know), scores per theme.
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/responses.csv", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "The responses", content_type = "text/csv", body = String),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn responses_csv(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let rows = responses_rows(&mut conn, &id).await?;
    csv_export::attachment(&format!("quickscan-{id}.csv"), &rows)
}

/// Deletes one response (the number in the CSV), for a respondent who asks, or a test response.
#[utoipa::path(delete, path = "/v1/admin/quickscans/{id}/responses/{response}", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id"), ("response" = i64, Path, description = "The response number")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "No such response", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_response(
    State(state): State<AppState>,
    Path((id, response)): Path<(String, i64)>,
) -> ApiResult<StatusCode> {
    let mut tx = state.db.write.begin().await?;
    if !store::delete_response(&mut tx, &id, response).await? {
        return Err(Error::not_found("response").into());
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
