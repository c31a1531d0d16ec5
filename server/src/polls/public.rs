//! The public poll routes: what a widget needs to show a poll, take a vote and show the results.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use inspraak_api::{FieldError, Poll, PollResults, Problem, ProblemKind, VoteReceipt, VoteRequest};

use super::{store, writer::VoteJob};
use crate::{
    AppState,
    error::{ApiError, ApiResult},
    idempotency::Attempt,
    request::{IdempotencyKey, JsonBody},
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
    let mut conn = state.db.read.acquire().await?;
    Ok(Json(store::get(&mut conn, &id, store::now()).await?))
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
    IdempotencyKey(key): IdempotencyKey,
    body: JsonBody<VoteRequest>,
) -> ApiResult<Response> {
    let attempt = Attempt::new(&state, format!("POST /v1/polls/{id}/votes"), key, &body.raw);
    let voter_hash = state.voter_hash(&id, &body.value.voter);
    state.votes.cast(VoteJob { poll_id: id, vote: body.value, voter_hash, attempt }).await
}

/// The counts per option, when this poll shows them: after voting (send `Inspraak-Voter`), after closing, or never.
#[utoipa::path(get, path = "/v1/polls/{id}/results", tag = "polls",
    params(
        ("id" = String, Path, description = "The poll id"),
        ("Inspraak-Voter" = Option<String>, Header, description = "The voter id of this browser, to see results it may see after voting"),
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
    let mut conn = state.db.read.acquire().await?;
    let poll = store::get(&mut conn, &id, store::now()).await?;
    let has_voted = match headers.get(VOTER_HEADER).map(|v| v.to_str()) {
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
