//! The admin poll routes: create, replace, close, and read or export results whatever the poll shows the public.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{
    CodeCounts, FieldError, FieldErrorCode, NewCodes, NewPoll, Poll, PollFeedback, PollResults, PollStatus, Problem,
    ProblemKind, VotingCodes,
    poll::{FEEDBACK_MAX_LEN, VOTING_CODE_GROUPS, VOTING_CODES_MAX},
    rules::check_text,
};
use sha2::{Digest, Sha256};

use super::store;
use crate::{
    AppState,
    accounts::audit::AuditChange,
    clock, csv_export,
    error::{Error, Result},
    problem::{ApiError, ApiResult},
    request::JsonBody,
    write::{Reply, Write},
};

/// All polls, newest first.
#[utoipa::path(get, path = "/v1/admin/polls", tag = "admin", security(("admin_token" = [])),
    responses((status = 200, description = "All polls", body = Vec<Poll>),
              (status = 401, description = "No or wrong admin token", body = Problem, content_type = "application/problem+json")))]
pub async fn list_polls(State(state): State<AppState>) -> ApiResult<Json<Vec<Poll>>> {
    let mut conn = state.db.reader().await?;
    let now = clock::now();
    let mut polls = Vec::new();
    for id in store::poll_ids(&mut conn).await? {
        polls.push(store::get_poll(&mut conn, &id, now).await?);
    }
    Ok(Json(polls))
}

/// One poll.
#[utoipa::path(get, path = "/v1/admin/polls/{id}", operation_id = "admin_get_poll", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    responses((status = 200, description = "The poll", body = Poll,
               headers(("ETag" = String, description = "The poll's version: send it as If-Match with a PUT"))),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json")))]
pub async fn get_poll(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    let poll = store::get_poll(&mut conn, &id, clock::now()).await?;
    with_etag(&poll)
}

/// The version of a poll as it is stored: its definition, not the status the clock gives it. Strong and quoted.
pub fn etag(poll: &Poll) -> ApiResult<String> {
    let mut value = serde_json::to_value(poll)?;
    if let Some(fields) = value.as_object_mut() {
        fields.remove("status");
    }
    let digest = Sha256::digest(serde_json::to_vec(&value)?);
    Ok(format!("\"{}\"", hex::encode(&digest[..12])))
}

fn with_etag(poll: &Poll) -> ApiResult<Response> {
    let tag = etag(poll)?;
    let mut response = Json(poll).into_response();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

fn status_name(status: inspraak_api::PollStatus) -> &'static str {
    match status {
        inspraak_api::PollStatus::Upcoming => "upcoming",
        inspraak_api::PollStatus::Open => "open",
        inspraak_api::PollStatus::Closed => "closed",
    }
}

/// The versions an `If-Match` header lets a change through for: `None` without the header (any version), else
/// `*` or its entity tags (the syntax of RFC 9110, 13.1.1). Unlike the RFC's strong comparison, a weak tag counts as
/// its strong one, on purpose: a proxy that compresses the answer may weaken the ETag the back office then sends
/// back, and the tag names the poll's content either way. A header of another form is refused, naming it, rather
/// than read as a version that never was.
fn if_match(headers: &HeaderMap) -> ApiResult<Option<Vec<String>>> {
    let Some(given) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let tag = |part: &str| {
        let opaque = part.strip_prefix("W/").unwrap_or(part);
        let inner = opaque.strip_prefix('"')?.strip_suffix('"')?;
        inner.bytes().all(|b| b == b'!' || (b'#'..=b'~').contains(&b)).then(|| opaque.to_owned())
    };
    let tags = given.to_str().ok().and_then(|given| match given.trim() {
        "*" => Some(vec!["*".to_owned()]),
        list => list.split(',').map(|part| tag(part.trim())).collect(),
    });
    tags.map(Some).ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "If-Match",
            inspraak_api::FieldErrorCode::Format,
            "If-Match is * or the ETag the poll had when it was read, such as \"0f3a…\"",
        )])
    })
}

/// Refuses a change to a poll that changed since the client read it (412), as `If-Match` says.
fn check_version(wanted: Option<Vec<String>>, current: &Poll) -> ApiResult<()> {
    let current = etag(current)?;
    if wanted.is_some_and(|tags| !tags.iter().any(|tag| tag == "*" || *tag == current)) {
        return Err(ApiError::problem(
            ProblemKind::PreconditionFailed,
            StatusCode::PRECONDITION_FAILED,
            "Poll changed",
            "Someone changed this poll after you read it; read it again before you save.",
        ));
    }
    Ok(())
}

/// Refuses a poll whose option names an image that was never uploaded; marks the images it names (and, for a
/// replacement of poll `before`, those it showed) as in use now.
async fn check_images(tx: &mut crate::db::Conn, new: &NewPoll, before: Option<&str>) -> Result<()> {
    let missing = store::mark_images(tx, new, before).await?;
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(
        missing
            .into_iter()
            .map(|index| {
                FieldError::new(
                    format!("options[{index}].image.url"),
                    FieldErrorCode::Unknown,
                    "no image was uploaded with this url (POST /v1/admin/poll-images)",
                )
            })
            .collect(),
    ))
}

/// Validates and stores a new poll; the caller commits.
pub async fn create(tx: &mut crate::db::Conn, new: &NewPoll) -> Result<Poll> {
    new.validate().map_err(Error::Invalid)?;
    check_images(tx, new, None).await?;
    if !store::insert(tx, new).await? {
        return Err(Error::exists(
            "Poll exists",
            format!("A poll with id '{}' exists already; use PUT to change it.", new.id),
        ));
    }
    store::get_poll(tx, &new.id, clock::now()).await
}

/// Creates a poll.
#[utoipa::path(post, path = "/v1/admin/polls", tag = "admin", security(("admin_token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once")),
    request_body = NewPoll,
    responses((status = 201, description = "The poll as stored", body = Poll),
              (status = 409, description = "A poll with this id exists", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Invalid poll; invalidParams names each field", body = Problem, content_type = "application/problem+json")))]
pub async fn create_poll(State(state): State<AppState>, write: Write, body: JsonBody<NewPoll>) -> ApiResult<Response> {
    write
        .run(&state, &body.raw, async |tx| {
            let poll = create(tx, &body.value).await?;
            Ok(Reply::created(&poll)?.at(format!("/v1/polls/{}", poll.id)))
        })
        .await
}

/// Replaces a poll's texts, options, window and settings. Options that received votes cannot be removed.
#[utoipa::path(put, path = "/v1/admin/polls/{id}", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    request_body = NewPoll,
    params(("If-Match" = Option<String>, Header, description = "The ETag the poll had when it was read: a poll changed since is not overwritten (412)")),
    responses((status = 200, description = "The poll as stored", body = Poll,
               headers(("ETag" = String, description = "The poll's new version"))),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "An option with votes would be removed", body = Problem, content_type = "application/problem+json"),
              (status = 412, description = "The poll changed since it was read (If-Match)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Invalid poll, or an If-Match that is not * or a list of ETags; invalidParams names each field", body = Problem, content_type = "application/problem+json")))]
pub async fn replace_poll(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<NewPoll>,
) -> ApiResult<Response> {
    let new = &body.value;
    if new.id != id {
        return Err(ApiError::invalid(vec![FieldError::new(
            "id",
            FieldErrorCode::OutOfRange,
            "the id in the body must equal the id in the path",
        )]));
    }
    new.validate().map_err(ApiError::invalid)?;
    let wanted = if_match(&headers)?;
    let mut tx = state.db.begin().await?;
    let before = store::get_poll(&mut tx, &id, clock::now()).await?;
    check_version(wanted, &before)?;
    check_images(&mut tx, new, Some(&id)).await?;
    let kept: Vec<&str> = new.options.iter().map(|o| o.id.as_str()).collect();
    let lost: Vec<String> =
        store::voted_option_ids(&mut tx, &id).await?.into_iter().filter(|o| !kept.contains(&o.as_str())).collect();
    if !lost.is_empty() {
        return Err(Error::conflict(
            ProblemKind::PollHasVotes,
            "Options have votes",
            format!("These options received votes and cannot be removed: {}.", lost.join(", ")),
        )
        .into());
    }
    store::update(&mut tx, new).await?;
    let poll = store::get_poll(&mut tx, &id, clock::now()).await?;
    tx.commit().await?;
    let response = with_etag(&poll)?;
    Ok(if before.status == poll.status {
        response
    } else {
        AuditChange::new(status_name(before.status), status_name(poll.status)).on(response)
    })
}

/// Closes a poll now.
#[utoipa::path(post, path = "/v1/admin/polls/{id}/close", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    responses((status = 200, description = "The closed poll", body = Poll),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json")))]
pub async fn close_poll(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let now = clock::now();
    let mut tx = state.db.begin().await?;
    let before = store::get_poll(&mut tx, &id, now).await?;
    store::close(&mut tx, &id, now).await?;
    let poll = store::get_poll(&mut tx, &id, now).await?;
    tx.commit().await?;
    Ok(AuditChange::new(status_name(before.status), status_name(poll.status)).on(with_etag(&poll)?))
}

/// Sets what the municipality did with the result ("Wat hebben we gedaan?"), which the widget shows beside the
/// results; an empty text removes it. Only for a closed poll: before the close there is nothing to report yet.
#[utoipa::path(put, path = "/v1/admin/polls/{id}/feedback", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    request_body = PollFeedback,
    params(("If-Match" = Option<String>, Header, description = "The ETag the poll had when it was read: a poll changed since is not overwritten (412)")),
    responses((status = 200, description = "The poll with its feedback", body = Poll,
               headers(("ETag" = String, description = "The poll's new version"))),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "The poll has not closed yet", body = Problem, content_type = "application/problem+json"),
              (status = 412, description = "The poll changed since it was read (If-Match)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "The text is too long (invalidParams: feedback), or an If-Match that is not * or a list of ETags", body = Problem, content_type = "application/problem+json")))]
pub async fn set_feedback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<PollFeedback>,
) -> ApiResult<Response> {
    let mut errors = Vec::new();
    check_text(&mut errors, "feedback", &body.value.feedback, FEEDBACK_MAX_LEN, false);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let wanted = if_match(&headers)?;
    let now = clock::now();
    let mut tx = state.db.begin().await?;
    let before = store::get_poll(&mut tx, &id, now).await?;
    check_version(wanted, &before)?;
    if before.status != PollStatus::Closed {
        return Err(Error::conflict(
            ProblemKind::InvalidTransition,
            "Poll not closed",
            "Feedback on what was done with the result can be given once the poll has closed.",
        )
        .into());
    }
    let text = body.value.feedback.trim();
    store::set_feedback(&mut tx, &id, (!text.is_empty()).then_some(text)).await?;
    let poll = store::get_poll(&mut tx, &id, now).await?;
    tx.commit().await?;
    with_etag(&poll)
}

/// The results, whatever the poll shows the public.
#[utoipa::path(get, path = "/v1/admin/polls/{id}/results", operation_id = "admin_get_poll_results", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    responses((status = 200, description = "The results", body = PollResults),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json")))]
pub async fn get_results(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<PollResults>> {
    let mut conn = state.db.reader().await?;
    store::get_poll(&mut conn, &id, clock::now()).await?;
    Ok(Json(store::results(&mut conn, &id).await?))
}

/// The results as CSV, one row per option: `option_id,label,votes,percent_of_voters,voters`.
#[utoipa::path(get, path = "/v1/admin/polls/{id}/results.csv", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    responses((status = 200, description = "The results as CSV", body = String, content_type = "text/csv"),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json")))]
pub async fn export_results_csv(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    let poll = store::get_poll(&mut conn, &id, clock::now()).await?;
    let results = store::results(&mut conn, &id).await?;
    let mut rows = vec![vec![
        "option_id".to_owned(),
        "label".to_owned(),
        "votes".to_owned(),
        "percent_of_voters".to_owned(),
        "voters".to_owned(),
    ]];
    for counted in &results.options {
        // Paired by id: the poll and its counts are two reads, and an admin may reorder options in between.
        let label = poll.options.iter().find(|o| o.id == counted.id).map_or("", |o| o.label.as_str());
        rows.push(vec![
            counted.id.clone(),
            label.to_owned(),
            counted.votes.to_string(),
            results.percent(counted).to_string(),
            results.voters.to_string(),
        ]);
    }
    csv_export::attachment(&format!("{id}-results.csv"), &rows)
}

/// Makes `count` new voting codes for a poll and stores their keyed hashes; the codes themselves are returned once.
pub async fn make_codes(
    tx: &mut crate::db::Conn,
    key: &crate::HashKey,
    poll_id: &str,
    count: u32,
) -> Result<Vec<String>> {
    if !(1..=VOTING_CODES_MAX).contains(&count) {
        return Err(Error::Invalid(vec![FieldError::new(
            "count",
            FieldErrorCode::OutOfRange,
            format!("make 1 to {VOTING_CODES_MAX} codes at a time"),
        )]));
    }
    let mut codes = Vec::with_capacity(count as usize);
    while codes.len() < count as usize {
        let fresh: Vec<String> =
            (codes.len()..count as usize).map(|_| crate::codes::new_code(VOTING_CODE_GROUPS)).collect();
        let hashes: Vec<String> = fresh
            .iter()
            .map(|code| super::public::code_hash(key, poll_id, code).expect("a new code is well formed"))
            .collect();
        // 60 random bits per code: a collision is next to impossible, but one would be skipped, not doubled.
        let added = store::add_codes(tx, poll_id, &hashes).await?;
        if added as usize == fresh.len() {
            codes.extend(fresh);
        }
    }
    Ok(codes)
}

/// Makes single-use voting codes for a poll (print them, hand them out). They are shown in this answer only: the
/// server keeps a keyed hash of each, and whether it was used, never which vote it made.
#[utoipa::path(post, path = "/v1/admin/polls/{id}/codes", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id"),
           ("Idempotency-Key" = Option<String>, Header, description = "A retry voids the unused codes of the first answer and returns as many new ones (codes are never stored)")),
    request_body = NewCodes,
    responses((status = 201, description = "The new codes", body = VotingCodes),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "count is not 1 to 10,000", body = Problem, content_type = "application/problem+json")))]
pub async fn create_codes(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<NewCodes>,
) -> ApiResult<Response> {
    // The codes are never kept with the answer, only their keyed hashes: a retry voids the codes of the first answer
    // that were not used and answers with as many new ones.
    let answer = |codes: Vec<String>| {
        let hashes: Vec<String> =
            codes.iter().filter_map(|code| super::public::code_hash(&state.key, &id, code)).collect();
        Ok(Reply::created(&VotingCodes { poll: id.clone(), codes })?.redo(serde_json::json!({ "codes": hashes })))
    };
    write
        .run_or_redo(
            &state,
            &body.raw,
            async |tx| {
                store::get_poll(tx, &id, clock::now()).await?;
                answer(make_codes(tx, &state.key, &id, body.value.count).await?)
            },
            async |tx, note| {
                let hashes: Vec<String> = serde_json::from_value(note["codes"].clone())?;
                let voided = store::void_unused_codes(tx, &id, &hashes).await?;
                let count = u32::try_from(voided).unwrap_or(VOTING_CODES_MAX);
                let codes = if count == 0 { Vec::new() } else { make_codes(tx, &state.key, &id, count).await? };
                answer(codes)
            },
        )
        .await
}

/// How many voting codes a poll has and how many were used.
#[utoipa::path(get, path = "/v1/admin/polls/{id}/codes", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The poll id")),
    responses((status = 200, description = "The counts", body = CodeCounts),
              (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json")))]
pub async fn code_counts(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<CodeCounts>> {
    let mut conn = state.db.reader().await?;
    store::get_poll(&mut conn, &id, clock::now()).await?;
    let (issued, used) = store::code_counts(&mut conn, &id).await?;
    Ok(Json(CodeCounts { poll: id, issued: issued.try_into().unwrap_or(0), used: used.try_into().unwrap_or(0) }))
}
#[allow(dead_code)]
fn _check(state: AppState, write: Write, body: JsonBody<NewPoll>) {
    fn s<T: Send>(_: T) {}
    s(create_poll(State(state), write, body));
}
