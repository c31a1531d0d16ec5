//! The public poll routes: what a widget needs to show a poll, take a vote and show the results.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use inspraak_api::{FieldError, Poll, PollResults, Problem, ProblemKind, VoteReceipt, VoteRequest};

use super::{
    store,
    writer::{CodeVote, VoteJob},
};
use crate::{
    AppState, clock,
    problem::{ApiError, ApiResult},
    request::JsonBody,
    write::Write,
};

/// The header in which a widget sends its voter id when it asks for results (never in the URL).
pub const VOTER_HEADER: &str = "inspraak-voter";

/// A poll: its question, options, window and results setting.
#[utoipa::path(get, path = "/v1/polls/{id}", tag = "polls",
    params(("id" = String, Path, description = "The poll id")),
    responses(
        (status = 200, description = "The poll", body = Poll),
        (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_poll(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Poll>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::get_poll(&mut conn, &id, clock::now()).await?))
}

/// Casts a vote. A retry with the same `Idempotency-Key` and body returns the first answer and stores nothing new.
#[utoipa::path(post, path = "/v1/polls/{id}/votes", tag = "polls",
    params(
        ("id" = String, Path, description = "The poll id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried vote count once"),
    ),
    request_body = VoteRequest,
    responses(
        (status = 201, description = "The vote is stored; results included when the poll shows them to voters", body = VoteReceipt),
        (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already voted, or the poll is not open", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid vote; invalidParams names each field", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cast_vote(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<VoteRequest>,
) -> ApiResult<Response> {
    let attempt = write.attempt(&state, &body.raw);
    let voter_hash = state.voter_hash(&id, &body.value.voter);
    let code = body
        .value
        .code
        .as_deref()
        .and_then(|code| code_hash(&state.key, &id, code))
        .map(|code_hash| CodeVote { code_hash, ballot_hash: hex::encode(rand::random::<[u8; 32]>()) });
    state.votes.cast(VoteJob { poll_id: id, vote: body.value, voter_hash, code, attempt }).await
}

/// The header in which a widget sends the voting code it voted with when it asks for results.
pub const CODE_HEADER: &str = "inspraak-code";

/// The keyed hash a voting code is stored under, if `typed` can be a code at all.
pub fn code_hash(key: &crate::HashKey, poll_id: &str, typed: &str) -> Option<String> {
    let code = inspraak_api::codes::normalise(typed, inspraak_api::poll::VOTING_CODE_GROUPS)?;
    Some(key.hash(&[b"voting-code", poll_id.as_bytes(), code.as_bytes()]))
}

/// The counts per option, when this poll shows them: after voting (send `Inspraak-Voter`), after closing, or never.
#[utoipa::path(get, path = "/v1/polls/{id}/results", tag = "polls",
    params(
        ("id" = String, Path, description = "The poll id"),
        ("Inspraak-Voter" = Option<String>, Header, description = "The voter id of this browser, to see results it may see after voting"),
        ("Inspraak-Code" = Option<String>, Header, description = "For a poll with voting codes: the code voted with, to see results after voting"),
    ),
    responses(
        (status = 200, description = "The results", body = PollResults),
        (status = 403, description = "The results are not public (yet)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such poll", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_results(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<PollResults>> {
    let mut conn = state.db.reader().await?;
    let poll = store::get_poll(&mut conn, &id, clock::now()).await?;
    let code = headers.get(CODE_HEADER).and_then(|v| v.to_str().ok()).and_then(|c| code_hash(&state.key, &id, c));
    let has_voted = match headers.get(VOTER_HEADER).map(|v| v.to_str()) {
        _ if poll.requires_code => match code {
            Some(code) => store::code_used(&mut conn, &id, &code).await?,
            None => false,
        },
        None => false,
        Some(Ok(voter)) => store::has_voted(&mut conn, &id, &state.voter_hash(&id, voter)).await?,
        Some(Err(_)) => {
            return Err(ApiError::invalid(vec![FieldError::new(
                "Inspraak-Voter",
                inspraak_api::FieldErrorCode::Format,
                "the Inspraak-Voter header must be ASCII",
            )]));
        }
    };
    if !poll.results_public(has_voted) {
        return Err(ApiError::problem(
            ProblemKind::ResultsHidden,
            StatusCode::FORBIDDEN,
            "Results hidden",
            match poll.results {
                inspraak_api::ResultsVisibility::Never => "This poll does not publish its results.",
                inspraak_api::ResultsVisibility::AfterClose => "The results are published when the poll closes.",
                inspraak_api::ResultsVisibility::AfterVote => {
                    "The results are shown after voting or when the poll closes."
                }
            },
        ));
    }
    Ok(Json(store::results(&mut conn, &id).await?))
}
