//! Group commit for votes: one task writes every vote, taking all that arrived while the previous batch was being
//! made durable, in one transaction with one fsync. Each vote still gets its own answer, and only after the commit:
//! nothing is acknowledged before it is on disk.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{PollStatus, ProblemKind, VoteReceipt, VoteRequest};
use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

use super::store;
use crate::{
    db::Db,
    error::{ApiError, ApiResult},
    idempotency::Attempt,
};

/// The most votes one transaction holds; more wait for the next.
const MAX_BATCH: usize = 512;

/// One vote to write, with everything the handler already worked out.
pub struct VoteJob {
    pub poll_id: String,
    pub vote: VoteRequest,
    pub voter_hash: String,
    pub attempt: Attempt,
}

struct Queued {
    job: VoteJob,
    reply: oneshot::Sender<ApiResult<Response>>,
}

/// The handle handlers send votes through.
#[derive(Clone)]
pub struct VoteWriter {
    queue: mpsc::Sender<Queued>,
}

impl VoteWriter {
    /// Starts the writing task on the database's write connection.
    pub fn start(db: Db) -> VoteWriter {
        let (queue, jobs) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(db, jobs));
        VoteWriter { queue }
    }

    /// Writes a vote and answers once it is durable (or refused).
    pub async fn cast(&self, job: VoteJob) -> ApiResult<Response> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Queued { job, reply }).await.map_err(|_| ApiError::Internal("vote writer stopped".into()))?;
        answer.await.map_err(|_| ApiError::Internal("vote writer dropped a vote".into()))?
    }
}

async fn run(db: Db, mut jobs: mpsc::Receiver<Queued>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match write_batch(&db, &batch).await {
            Ok(outcomes) => {
                for (queued, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = queued.reply.send(outcome);
                }
            }
            Err(cause) => {
                tracing::error!(%cause, votes = batch.len(), "a batch of votes could not be committed");
                for queued in batch.drain(..) {
                    let _ = queued.reply.send(Err(ApiError::Internal(format!("batch not committed: {cause}"))));
                }
            }
        }
    }
}

/// Writes the batch in one transaction, each vote inside its own savepoint so a refused vote undoes only itself.
async fn write_batch(db: &Db, batch: &[Queued]) -> Result<Vec<ApiResult<Response>>, sqlx::Error> {
    let mut conn = db.write.acquire().await?;
    let mut tx = conn.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for queued in batch {
        let mut savepoint = tx.begin().await?;
        let outcome = cast(&mut savepoint, &queued.job).await;
        if outcome.is_ok() {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// One vote: replay a retried request, check the poll's window and the vote, store it, and keep the answer.
async fn cast(tx: &mut SqliteConnection, job: &VoteJob) -> ApiResult<Response> {
    let VoteJob { poll_id, vote, voter_hash, attempt } = job;
    if let Some(replayed) = attempt.replay(tx).await? {
        return Ok(replayed);
    }
    let now = store::now();
    let poll = store::get(tx, poll_id, now).await?;
    match poll.status {
        PollStatus::Open => {}
        PollStatus::Upcoming => {
            return Err(ApiError::problem(
                ProblemKind::PollNotOpen,
                StatusCode::CONFLICT,
                "Poll not open yet",
                "This poll does not take votes yet; see opens_at.",
            ));
        }
        PollStatus::Closed => {
            return Err(ApiError::problem(
                ProblemKind::PollNotOpen,
                StatusCode::CONFLICT,
                "Poll closed",
                "This poll has closed and takes no more votes.",
            ));
        }
    }
    vote.validate(&poll).map_err(ApiError::invalid)?;
    if !store::cast_vote(tx, poll_id, voter_hash, &vote.choices, now).await? {
        return Err(ApiError::problem(
            ProblemKind::AlreadyVoted,
            StatusCode::CONFLICT,
            "Already voted",
            "This browser has already voted in this poll.",
        ));
    }
    let results = if poll.results_public(true) { Some(store::results(tx, poll_id).await?) } else { None };
    let receipt = serde_json::to_string(&VoteReceipt { poll: poll_id.clone(), results })?;
    attempt.remember(tx, StatusCode::CREATED, &receipt).await?;
    Ok((StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], receipt).into_response())
}
