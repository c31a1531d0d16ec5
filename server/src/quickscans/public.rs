//! The public quick scan routes: the questionnaire, drafts behind a resume code, responses and the aggregate.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{
    DraftCode, FieldError, FieldErrorCode, Problem, ProblemKind, Quickscan, QuickscanAnswers, QuickscanResults,
    ResponseReceipt, SaveDraft, SavedDraft,
    quickscan::{QuickscanSubmission, RESUME_CODE_GROUPS, normalise_invitation, normalise_resume_code},
};

use serde_json::json;

use super::store::{self, Claim};
use crate::{
    AppState,
    clock::{now, rfc3339},
    error::Error,
    problem::{ApiError, ApiResult, problem_response},
    rate_limit,
    request::JsonBody,
    write::{Reply, Write},
};

/// How long a draft behind a resume code is kept.
pub const DRAFT_DAYS: i64 = 30;

/// A quick scan: its questionnaire and its current round.
#[utoipa::path(get, path = "/v1/quickscans/{id}", tag = "quickscans",
    params(("id" = String, Path, description = "The scan id")),
    responses(
        (status = 200, description = "The scan", body = Quickscan),
        (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_scan(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Quickscan>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::get_scan(&mut conn, &id).await?))
}

/// Submits a response to the open round. Returns the respondent's scores and the aggregate including them.
/// A retry with the same `Idempotency-Key` and body returns the first answer and stores nothing new.
#[utoipa::path(post, path = "/v1/quickscans/{id}/responses", tag = "quickscans",
    params(
        ("id" = String, Path, description = "The scan id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried submission count once"),
        ("Inspraak-Invitation" = Option<String>, Header, description = "The invitation code, e.g. ABCD-EFGH-JKMN: needed for a role the scan's invitation_roles lists, which counts only with an unused code of that role of the open round. Kept out of the body, so nothing stored with the answers can lead back to it"),
    ),
    request_body = QuickscanSubmission,
    responses(
        (status = 201, description = "Stored; the respondent's scores and the aggregate", body = ResponseReceipt),
        (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No round is open", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers, or an invitation code missing, unknown, used or of another role; invalidParams names each field (the code as Inspraak-Invitation)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn submit_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    write: Write,
    body: JsonBody<QuickscanAnswers>,
) -> ApiResult<Response> {
    // Read before the write: a retry with the same Idempotency-Key and body gets the first answer, whatever code
    // it carries, but a header that cannot be a code is refused every time.
    let code = match headers.get(INVITATION_HEADER).map(|value| value.to_str().unwrap_or("?").trim()) {
        None | Some("") => None,
        Some(typed) => Some(normalise_invitation(typed).ok_or_else(|| {
            Error::Invalid(vec![FieldError::new(
                "Inspraak-Invitation",
                FieldErrorCode::Format,
                "an invitation code is 12 letters and digits, such as ABCD-EFGH-JKMN",
            )])
        })?),
    };
    write
        .run(&state, &body.raw, async |tx| {
            let scan = store::get_scan(tx, &id).await?;
            if !scan.is_open() {
                return Err(Error::conflict(
                    ProblemKind::ScanClosed,
                    "Scan closed",
                    format!("Round '{}' of this scan is closed; no round takes responses now.", scan.round.name),
                )
                .into());
            }
            body.value.validate(&scan).map_err(Error::Invalid)?;
            let role = body.value.role.ok_or_else(|| Error::Internal("unvalidated response without role".into()))?;
            check_invitation(&state, tx, &scan, role, code.as_deref()).await?;
            let number = store::insert_response(tx, &scan, &body.value).await?;
            let results = store::results(tx, &scan, &scan.round).await?;
            let scores = body.value.scores(&scan);
            let about = crate::idempotency::resource("response", &format!("{id}/{number}"));
            Ok(Reply::created(&ResponseReceipt { scan: scan.id, round: scan.round.id, scores, results })?.about(about))
        })
        .await
}

/// The header a response carries its invitation code in ([`inspraak_api::quickscan::INVITATION_HEADER`]).
pub const INVITATION_HEADER: &str = "inspraak-invitation";

/// The keyed hash an invitation code is stored under.
pub fn invitation_hash(state_key: &crate::HashKey, scan: &str, code: &str) -> String {
    state_key.hash(&[b"quickscan-invitation", scan.as_bytes(), code.as_bytes()])
}

/// A response of `role` needs an unused invitation code of that role and the open round when the scan makes the role
/// invitation-only; a code sent with a response of an open role must be one of that role too. The code is marked
/// used in the transaction that stores the response, and nothing ties the two together.
async fn check_invitation(
    state: &AppState,
    tx: &mut crate::db::Conn,
    scan: &Quickscan,
    role: inspraak_api::Role,
    code: Option<&str>,
) -> Result<(), Error> {
    let field = |code, reason: &str| Error::Invalid(vec![FieldError::new("Inspraak-Invitation", code, reason)]);
    let Some(code) = code else {
        return match scan.invitation_only(role) {
            true => Err(field(FieldErrorCode::Required, "this role answers with an invitation code")),
            false => Ok(()),
        };
    };
    let hash = invitation_hash(&state.key, &scan.id, code);
    match store::claim_invitation(tx, &scan.id, &scan.round.id, role, &hash).await? {
        Claim::Claimed => Ok(()),
        Claim::Unknown => Err(field(FieldErrorCode::Unknown, "this scan has no such invitation code")),
        Claim::OtherRound => Err(field(FieldErrorCode::Unknown, "this invitation code is of an earlier round")),
        Claim::OtherRole(of) => Err(field(
            FieldErrorCode::Mismatch,
            &format!("this invitation code is for the role {}, not {}", of.as_str(), role.as_str()),
        )),
        Claim::Used => Err(field(FieldErrorCode::Used, "this invitation code has been used already")),
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct ResultsQuery {
    /// A round id; default the open round, else the latest.
    round: Option<String>,
}

/// The aggregate of a round: per theme for everyone and per role, only for groups of at least `min_group`.
#[utoipa::path(get, path = "/v1/quickscans/{id}/results", operation_id = "get_quickscan_results", tag = "quickscans",
    params(("id" = String, Path, description = "The scan id"), ResultsQuery),
    responses(
        (status = 200, description = "The aggregate", body = QuickscanResults),
        (status = 404, description = "No such scan or round", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_results(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ResultsQuery>,
) -> ApiResult<Json<QuickscanResults>> {
    let mut conn = state.db.reader().await?;
    // Each round with the questionnaire it asked.
    let scan = match query.round {
        None => store::get_scan(&mut conn, &id).await?,
        Some(round) => store::scan_in_round(&mut conn, &id, &round).await?,
    };
    Ok(Json(store::results(&mut conn, &scan, &scan.round).await?))
}

fn code_hash(state: &AppState, scan: &str, code: &str) -> String {
    state.keyed_hash(&[b"quickscan-draft", scan.as_bytes(), code.as_bytes()])
}

/// Keeps a draft for [`DRAFT_DAYS`] days and returns the code to continue it elsewhere (12 characters). The draft
/// holds answers only; the server keeps a keyed hash of the code, not the code. Answers are `no-store`.
#[utoipa::path(post, path = "/v1/quickscans/{id}/drafts", tag = "quickscans",
    params(
        ("id" = String, Path, description = "The scan id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried save keeps one draft and returns a fresh code for it; the first code stops working"),
    ),
    request_body = SaveDraft,
    responses(
        (status = 201, description = "The resume code", body = DraftCode),
        (status = 404, description = "No such scan", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid draft; invalidParams names each field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<SaveDraft>,
) -> ApiResult<Response> {
    // The code is never kept with the answer: a retry gets a fresh code for the same draft, and the first code no
    // longer opens it (one draft, one working code).
    let answer = |code: String, hash: String, expires_at: i64| {
        Ok(Reply::created(&DraftCode { code, expires_at: rfc3339(expires_at)? })?.redo(json!({ "draft": hash })))
    };
    write
        .run_or_redo(
            &state,
            &body.raw,
            async |tx| {
                let scan = store::get_scan(tx, &id).await?;
                body.value.answers.validate_draft(&scan).map_err(|errors| {
                    Error::Invalid(
                        errors.into_iter().map(|e| FieldError { name: format!("answers.{}", e.name), ..e }).collect(),
                    )
                })?;
                let code = crate::codes::new_code(RESUME_CODE_GROUPS);
                let hash = code_hash(&state, &id, &code);
                let expires_at = now() + DRAFT_DAYS * 24 * 60 * 60;
                let draft = serde_json::to_string(&body.value)?;
                store::save_draft(tx, &hash, &id, &draft, expires_at).await?;
                answer(code, hash, expires_at)
            },
            async |tx, note| {
                let old = note["draft"].as_str().unwrap_or_default();
                let code = crate::codes::new_code(RESUME_CODE_GROUPS);
                let hash = code_hash(&state, &id, &code);
                let expires_at = store::recode_draft(tx, old, &hash, &id).await?.ok_or_else(|| {
                    Error::NotFound("The draft saved with this Idempotency-Key has expired; save it again.".into())
                })?;
                answer(code, hash, expires_at)
            },
        )
        .await
        .map(no_store)
}

/// The header a resume code travels in: never in the URL, which logs and browser histories keep.
pub const RESUME_CODE_HEADER: &str = "inspraak-resume-code";

/// Wrong resume codes one scan takes per minute from all clients together, before look-ups of it wait.
pub const FAILED_LOOKUPS_PER_MINUTE: u32 = 30;

/// The draft behind a resume code, sent in the `Inspraak-Resume-Code` header (typed in any case, with or without
/// dashes; codes of 8 characters, as made before, still open their drafts). Wrong codes per scan are limited, for
/// all clients together, besides the limit per address.
#[utoipa::path(get, path = "/v1/quickscans/{id}/draft", tag = "quickscans",
    params(
        ("id" = String, Path, description = "The scan id"),
        ("Inspraak-Resume-Code" = String, Header, description = "The resume code, e.g. ABCD-EFGH-JKMN"),
    ),
    responses(
        (status = 200, description = "The draft", body = SavedDraft),
        (status = 404, description = "No draft with this code, or it expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No header, or this cannot be a resume code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address, or too many wrong codes for this scan", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let typed = headers.get(RESUME_CODE_HEADER).and_then(|value| value.to_str().ok()).unwrap_or("");
    let code = normalise_resume_code(typed).ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "Inspraak-Resume-Code",
            FieldErrorCode::Format,
            "send the resume code in the Inspraak-Resume-Code header: 12 letters and digits, such as ABCD-EFGH-JKMN",
        )])
    })?;
    if let Some(wait) = state.draft_lookups.waiting(&id) {
        let mut problem = Problem::new(ProblemKind::TooManyRequests, 429, "Too many wrong codes")
            .with_detail(format!("Too many wrong resume codes for this scan; try again in {wait} s."));
        problem.retry_after = Some(wait);
        return Ok(rate_limit::with_retry_after(problem_response(&problem), wait));
    }
    let mut conn = state.db.reader().await?;
    let Some((body, expires_at)) = store::find_draft(&mut conn, &code_hash(&state, &id, &code), &id).await? else {
        state.draft_lookups.failed(id);
        return Err(Error::NotFound("No draft with this code, or it has expired.".into()).into());
    };
    let draft: SaveDraft = serde_json::from_str(&body)?;
    let saved = SavedDraft { answers: draft.answers, step: draft.step, expires_at: rfc3339(expires_at)? };
    Ok(no_store(Json(saved).into_response()))
}

/// A draft and its code are for one person: no browser or proxy keeps a copy.
fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
