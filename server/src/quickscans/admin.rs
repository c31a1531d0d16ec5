//! The admin quick scan routes: create scans, run them in rounds, read the report, export and delete responses.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use inspraak_api::{
    Agreement, CustomAnswer, FieldError, FieldErrorCode, MunicipalityProgress, NewMeasurement, NewQuickscan, NewRound,
    Problem, ProblemKind, Quickscan, QuickscanAnswers, QuickscanReport, RecordProgress, Role, Round,
    quickscan::{
        INVITATION_CODE_GROUPS, INVITATIONS_MAX, Invitations, NewInvitations, RoleTurnout, RoundAsProgress, Turnout,
    },
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
    let mut conn = state.db.reader().await?;
    let mut scans = Vec::new();
    for id in store::scan_ids(&mut conn).await? {
        scans.push(store::get_scan(&mut conn, &id).await?);
    }
    Ok(Json(scans))
}

/// Creates a scan with its first round open. Without `themes` it gets the questionnaire shipped with the server.
pub async fn create(tx: &mut crate::db::Conn, new: &NewQuickscan) -> Result<Quickscan> {
    let themes = new.given_themes().cloned().unwrap_or_else(store::default_themes);
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
    let mut conn = state.db.reader().await?;
    store::get_scan(&mut conn, &id).await?;
    Ok(Json(store::rounds(&mut conn, &id).await?))
}

/// Opens a new round (a progress measurement, say); the open round, if any, is closed. With `themes` the round asks a
/// new version of the questionnaire (a changed statement with a new id); without, what the round before asked.
#[utoipa::path(post, path = "/v1/admin/quickscans/{id}/rounds", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once")),
    request_body = NewRound,
    responses((status = 201, description = "The new round", body = Round),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "The scan has a round with this id", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Invalid round, or a changed statement under an id an earlier round asked", body = Problem, content_type = "application/problem+json")))]
pub async fn open_round(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<NewRound>,
) -> ApiResult<Response> {
    write.run(&state, &body.raw, async |tx| Reply::created(&open_new_round(tx, &id, &body.value).await?)).await
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
    let mut tx = state.db.begin().await?;
    store::get_scan(&mut tx, &id).await?;
    let round = store::close_round(&mut tx, &id, &round).await?.ok_or_else(|| Error::not_found("round"))?;
    tx.commit().await?;
    Ok(Json(round))
}

/// The report of a scan: every round's figures, themes, open answers and priorities, and round against round.
pub async fn build_report(conn: &mut crate::db::Conn, id: &str) -> Result<QuickscanReport> {
    super::report::build(conn, id).await
}

/// The report of a scan, to act on: per round and theme the score of each role side by side (the public figures,
/// so small groups stay hidden), the largest differences between roles marked, the open answers (with a role only
/// when its group is shown) and the improvement priorities, and each round against the one before on the
/// statements both asked. Not representative: `notice` says so.
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/report", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "The report", body = QuickscanReport),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn report(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<QuickscanReport>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(build_report(&mut conn, &id).await?))
}

/// The report as a page to read and print (the browser's print makes a PDF): rendered by the server, no script, a
/// Content-Security-Policy that allows its own stylesheet only.
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/report.html", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "The report as HTML", content_type = "text/html", body = String),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn report_html(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    use axum::{http::header, response::IntoResponse};
    let mut conn = state.db.reader().await?;
    let report = build_report(&mut conn, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CONTENT_SECURITY_POLICY, super::report::policy()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        super::report::html(&report),
    )
        .into_response())
}

/// The report's figures as CSV: a row per round, theme and group shown.
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/report.csv", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "The figures", content_type = "text/csv", body = String),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn report_csv(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    let report = build_report(&mut conn, &id).await?;
    csv_export::attachment(&format!("quickscan-{id}-rapport.csv"), &super::report::csv_rows(&report))
}

/// Opens a new round of scan `id` after checking it: a new version of the questionnaire may not give an id an earlier
/// round asked to a statement worded differently, nor take the id of one of the scan's own questions.
pub async fn open_new_round(tx: &mut crate::db::Conn, id: &str, new: &NewRound) -> Result<Round> {
    let current = store::get_scan(tx, id).await?;
    let mut earlier = Vec::new();
    for scan in store::scan_per_round(tx, id).await? {
        earlier.extend(scan.themes.into_iter().flat_map(|t| t.statements));
    }
    let taken: Vec<&str> = current.custom_questions.iter().map(|q| q.id.as_str()).collect();
    let errors = new.validate("", &earlier, &taken);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    store::open_round(tx, id, new).await
}

/// The rows of the CSV export: one per response, with no identifying data (number, round, role, date, answers). The
/// statements of every version of the questionnaire, in the order they first appear; a theme's score as the
/// response's own round asked it.
pub async fn responses_rows(conn: &mut crate::db::Conn, id: &str) -> Result<Vec<Vec<String>>> {
    let scan = store::get_scan(conn, id).await?;
    let versions = store::scan_per_round(conn, id).await?;
    let mut statements: Vec<String> = Vec::new();
    let mut themes: Vec<String> = Vec::new();
    for version in &versions {
        for theme in &version.themes {
            if !themes.contains(&theme.id) {
                themes.push(theme.id.clone());
            }
            for statement in &theme.statements {
                if !statements.contains(&statement.id) {
                    statements.push(statement.id.clone());
                }
            }
        }
    }
    let asks_open = versions.iter().flat_map(|v| &v.themes).any(|t| t.open_question.is_some());
    let mut header: Vec<String> =
        ["response", "round", "role", "submitted_on"].into_iter().map(str::to_owned).collect();
    header.extend(statements.iter().cloned());
    header.extend(themes.iter().map(|t| format!("score:{t}")));
    if scan.grades {
        header.extend(themes.iter().map(|t| format!("grade:{t}")));
    }
    header.extend(scan.custom_questions.iter().map(|q| format!("custom:{}", q.id)));
    if asks_open {
        header.extend(themes.iter().map(|t| format!("open:{t}")));
    }
    if scan.priorities {
        header.push("priorities".to_owned());
    }
    let mut rows = vec![header];
    let agreement = |answer: Option<&Agreement>| match answer {
        None => String::new(),
        Some(Agreement::DontKnow) => "weet_niet".to_owned(),
        Some(answer) => answer.score().map(|s| s.to_string()).unwrap_or_default(),
    };
    for response in store::responses(conn, id).await? {
        let answers: QuickscanAnswers = serde_json::from_str(&response.answers)?;
        let version = versions.iter().find(|v| v.round.id == response.round_id).unwrap_or(&scan);
        let scores = answers.scores(version);
        let mut row = vec![response.id.to_string(), response.round_id, response.role, response.submitted_on];
        row.extend(statements.iter().map(|s| agreement(answers.statements.get(s))));
        row.extend(themes.iter().map(|t| {
            scores.iter().find(|s| &s.theme == t).and_then(|s| s.score).map(|v| v.to_string()).unwrap_or_default()
        }));
        if scan.grades {
            row.extend(themes.iter().map(|t| answers.grades.get(t).map(u8::to_string).unwrap_or_default()));
        }
        row.extend(scan.custom_questions.iter().map(|q| match answers.custom.get(&q.id) {
            None => String::new(),
            Some(CustomAnswer::Scale(answer)) => agreement(Some(answer)),
            Some(CustomAnswer::Text(text)) => text.clone(),
        }));
        if asks_open {
            row.extend(themes.iter().map(|t| answers.open_answers.get(t).cloned().unwrap_or_default()));
        }
        if scan.priorities {
            row.push(answers.priorities.join(" "));
        }
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
    let mut conn = state.db.reader().await?;
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
    let mut tx = state.db.begin().await?;
    if !store::delete_response(&mut tx, &id, response).await? {
        return Err(Error::not_found("response").into());
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes `count` invitation codes of `role` for the open round of `scan` and stores their keyed hashes; the codes
/// themselves are returned once. Refused for a role that is not invitation-only, and when no round is open.
pub async fn make_invitations(
    tx: &mut crate::db::Conn,
    key: &crate::HashKey,
    scan: &Quickscan,
    role: Role,
    count: u32,
) -> Result<Vec<String>> {
    let mut errors = Vec::new();
    if !scan.invitation_only(role) {
        errors.push(FieldError::new(
            "role",
            FieldErrorCode::Unknown,
            "this role answers without a code in this scan (see its invitation_roles)",
        ));
    }
    if !(1..=INVITATIONS_MAX).contains(&count) {
        errors.push(FieldError::new(
            "count",
            FieldErrorCode::OutOfRange,
            format!("make 1 to {INVITATIONS_MAX} codes at a time"),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if !scan.is_open() {
        return Err(Error::conflict(
            ProblemKind::ScanClosed,
            "Scan closed",
            "No round of this scan is open: open one before making its invitation codes.",
        ));
    }
    let mut codes = Vec::with_capacity(count as usize);
    while codes.len() < count as usize {
        let fresh: Vec<String> =
            (codes.len()..count as usize).map(|_| crate::codes::new_code(INVITATION_CODE_GROUPS)).collect();
        let hashes: Vec<String> =
            fresh.iter().map(|code| super::public::invitation_hash(key, &scan.id, code)).collect();
        // 59 random bits per code: a collision is next to impossible, but the code that collided would be left out
        // (and another made), never handed out twice.
        let added: std::collections::HashSet<String> =
            store::add_invitations(tx, &scan.id, &scan.round.id, role, &hashes).await?.into_iter().collect();
        codes.extend(fresh.into_iter().zip(hashes).filter(|(_, hash)| added.contains(hash)).map(|(code, _)| code));
    }
    Ok(codes)
}

/// Makes single-use invitation codes for one role and the open round (print them, send them): a response in an
/// invitation-only role counts only with an unused code of that role. The codes are shown in this answer only: the
/// server keeps a keyed hash of each, and whether it was used, never which response it made.
#[utoipa::path(post, path = "/v1/admin/quickscans/{id}/invitations", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id"),
           ("Idempotency-Key" = Option<String>, Header, description = "A retry voids the unused codes of the first answer and returns as many new ones (codes are never stored)")),
    request_body = NewInvitations,
    responses((status = 201, description = "The new codes", body = Invitations),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "No round is open", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "The role is not invitation-only in this scan, or count is not 1 to 5,000", body = Problem, content_type = "application/problem+json")))]
pub async fn create_invitations(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<NewInvitations>,
) -> ApiResult<Response> {
    let role = body.value.role;
    // The codes are never kept with the answer, only their keyed hashes: a retry voids the codes of the first answer
    // that were not used and answers with as many new ones.
    let answer = |scan: &Quickscan, codes: Vec<String>| {
        let hashes: Vec<String> =
            codes.iter().map(|code| super::public::invitation_hash(&state.key, &id, code)).collect();
        let made = Invitations { scan: scan.id.clone(), round: scan.round.id.clone(), role, codes };
        Ok(Reply::created(&made)?.redo(serde_json::json!({ "codes": hashes })))
    };
    write
        .run_or_redo(
            &state,
            &body.raw,
            async |tx| {
                let scan = store::get_scan(tx, &id).await?;
                let codes = make_invitations(tx, &state.key, &scan, role, body.value.count).await?;
                answer(&scan, codes)
            },
            async |tx, note| {
                let scan = store::get_scan(tx, &id).await?;
                let hashes: Vec<String> = serde_json::from_value(note["codes"].clone())?;
                let voided = store::void_unused_invitations(tx, &id, &hashes).await?;
                let count = u32::try_from(voided).unwrap_or(INVITATIONS_MAX);
                let codes =
                    if count == 0 { Vec::new() } else { make_invitations(tx, &state.key, &scan, role, count).await? };
                answer(&scan, codes)
            },
        )
        .await
}

/// Per role of the current round: responses so far, and invitation codes made and used.
pub async fn turnout(conn: &mut crate::db::Conn, id: &str) -> Result<Turnout> {
    let scan = store::get_scan(conn, id).await?;
    let responses = store::role_counts(conn, id, &scan.round.id).await?;
    let invitations = store::invitation_counts(conn, id, &scan.round.id).await?;
    let roles = Role::ALL
        .into_iter()
        .map(|role| {
            let (issued, used) = invitations.get(&role).copied().unwrap_or((0, 0));
            RoleTurnout {
                role,
                invitation_only: scan.invitation_only(role),
                min_group: scan.min_group_of(role),
                responses: responses.get(&role).copied().unwrap_or(0),
                issued,
                used,
            }
        })
        .collect();
    Ok(Turnout { scan: scan.id, round: scan.round.id, roles })
}

/// How many responses each role has given in the current round, and how many invitation codes were made and used:
/// for the owner, while the round runs (the public results hide small and invitation-only groups until it closes).
#[utoipa::path(get, path = "/v1/admin/quickscans/{id}/invitations", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id")),
    responses((status = 200, description = "Per role: responses, codes made and codes used", body = Turnout),
              (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json")))]
pub async fn get_turnout(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Turnout>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(turnout(&mut conn, &id).await?))
}

/// Records a closed round as a progress measurement of `body.municipality`: the owner's status per ambitie the scan
/// measured, measured on the day the round closed, with the round's public results (at `origin`) as the evidence.
pub async fn record_as_progress(
    tx: &mut crate::db::Conn,
    origin: &str,
    id: &str,
    round_id: &str,
    body: &RoundAsProgress,
) -> Result<MunicipalityProgress> {
    let scan = store::get_scan(tx, id).await?;
    let round = store::rounds(tx, id).await?.into_iter().find(|r| r.id == round_id);
    let round = round.ok_or_else(|| Error::not_found("round"))?;
    let Some(closed_at) = round.closed_at.clone() else {
        return Err(Error::conflict(
            ProblemKind::InvalidTransition,
            "Round still open",
            "Close the round before recording it as a progress measurement: its results are not final yet.",
        ));
    };
    let measured: Vec<u8> = scan.themes.iter().filter_map(|theme| theme.subgoal).collect();
    if measured.is_empty() {
        return Err(Error::conflict(
            ProblemKind::InvalidTransition,
            "No ambities measured",
            "No theme of this scan measures an ambitie of Democratie in Actie, so it gives no progress measurement.",
        ));
    }
    let mut errors = Vec::new();
    if body.statuses.is_empty() {
        errors.push(FieldError::new("statuses", FieldErrorCode::TooFew, "give the status of at least one ambitie"));
    }
    for (i, given) in body.statuses.iter().enumerate() {
        let name = format!("statuses[{i}].subgoal");
        if !measured.contains(&given.subgoal) {
            errors.push(FieldError::new(name, FieldErrorCode::Unknown, "no theme of this scan measures this ambitie"));
        } else if body.statuses[..i].iter().any(|other| other.subgoal == given.subgoal) {
            errors.push(FieldError::new(name, FieldErrorCode::Duplicate, "this ambitie is given twice"));
        }
        if given.note.as_ref().is_some_and(|note| note.chars().count() > inspraak_api::progress::NOTE_MAX_LEN) {
            errors.push(FieldError::new(
                format!("statuses[{i}].note"),
                FieldErrorCode::TooLong,
                format!("a note has at most {} characters", inspraak_api::progress::NOTE_MAX_LEN),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let respondents = store::results(tx, &scan, &round).await?.respondents;
    let evidence = format!("{origin}/v1/quickscans/{id}/results?round={round_id}");
    let note = format!("Quick scan lokale democratie, {}: {respondents} deelnemers.", round.name);
    let measurements = body
        .statuses
        .iter()
        .map(|given| NewMeasurement {
            subgoal: given.subgoal,
            status: given.status,
            note: Some(given.note.clone().unwrap_or_else(|| note.clone())),
            evidence_url: Some(evidence.clone()),
            measured_on: closed_at.chars().take(10).collect(),
        })
        .collect();
    let record = RecordProgress { name: body.name.clone(), measurements };
    crate::progress::admin::record_round(tx, &body.municipality, &record).await
}

/// Records a closed round as a progress measurement (the owner's choice): per ambitie the scan measured, the status
/// the owner judges it at, measured on the day the round closed, with the round's results as the evidence the
/// progress badge links to. Earlier measurements stay as history.
#[utoipa::path(post, path = "/v1/admin/quickscans/{id}/rounds/{round}/progress", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The scan id"), ("round" = String, Path, description = "The round id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once")),
    request_body = RoundAsProgress,
    responses((status = 201, description = "Recorded; the municipality's progress as it now stands", body = MunicipalityProgress),
              (status = 404, description = "No such scan or round", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "The round is still open, or no theme of the scan measures an ambitie", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "An ambitie the scan does not measure, given twice, or a new municipality without a name", body = Problem, content_type = "application/problem+json")))]
pub async fn round_as_progress(
    State(state): State<AppState>,
    Path((id, round)): Path<(String, String)>,
    write: Write,
    body: JsonBody<RoundAsProgress>,
) -> ApiResult<Response> {
    let origin = state.config.own_origin();
    write
        .run(&state, &body.raw, async |tx| {
            Reply::created(&record_as_progress(tx, &origin, &id, &round, &body.value).await?)
        })
        .await
}
