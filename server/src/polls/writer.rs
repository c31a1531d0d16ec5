//! Group commit for votes: one task (per server) writes every vote, taking all that arrived while the previous batch was being
//! made durable, in one transaction with one fsync. Per vote it costs one INSERT (and the idempotency record);
//! counts and results are done once per poll per batch. Each vote gets its own answer, and only after the commit:
//! nothing is acknowledged before it is on disk.

use std::collections::{BTreeMap, HashMap};

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{Poll, PollResults, VoteReceipt, VoteRefusal, VoteRequest};
use tokio::sync::{mpsc, oneshot};

use super::store;
use crate::{
    clock,
    db::Db,
    error::{Error, Result},
    idempotency::{self, Attempt},
    problem::{ApiError, ApiResult},
};

/// The most votes one transaction holds; more wait for the next.
const MAX_BATCH: usize = 512;

/// One vote to write, with everything the handler already worked out.
pub struct VoteJob {
    pub poll_id: String,
    pub vote: VoteRequest,
    pub voter_hash: String,
    /// With a voting code: its keyed hash, and a random hash to store the vote under (so the vote cannot be
    /// traced to the code).
    pub code: Option<CodeVote>,
    pub attempt: Attempt,
}

/// A vote made with a voting code.
pub struct CodeVote {
    pub code_hash: String,
    pub ballot_hash: String,
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
        let jobs: Vec<&VoteJob> = batch.iter().map(|queued| &queued.job).collect();
        let mut written = write_batch(&db, &jobs).await;
        // On PostgreSQL another server's writer may meet this one's locks in a circle (a deadlock; rare, since locks
        // are taken in one order) and PostgreSQL ends one of the two: that batch was rolled back whole, so it is
        // written again. Told by its SQLSTATE (40P01; 40001 for a serialization failure), not by the message, which
        // follows the database server's language.
        for _ in 0..3 {
            match &written {
                Err(Error::Internal(cause))
                    if cause.ends_with("[SQLSTATE 40P01]") || cause.ends_with("[SQLSTATE 40001]") =>
                {
                    tracing::info!(votes = jobs.len(), "a batch of votes met a deadlock; writing it again");
                    written = write_batch(&db, &jobs).await;
                }
                _ => break,
            }
        }
        match written {
            Ok(outcomes) => {
                for (queued, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = queued.reply.send(outcome.into_response());
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

/// What became of one vote in a batch.
enum Outcome {
    /// Checked, waiting for the batch's one INSERT.
    Candidate,
    /// Stored; the receipt is written once the batch's results are known.
    Stored {
        receipt: Option<String>,
    },
    /// A retry of an earlier request: its stored answer.
    Replayed(Response),
    /// The same key and body as an earlier vote in this batch: that vote's answer.
    SameAs(usize),
    Refused(ApiError),
}

impl Outcome {
    fn into_response(self) -> ApiResult<Response> {
        match self {
            Outcome::Stored { receipt: Some(receipt) } => {
                Ok((StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], receipt).into_response())
            }
            Outcome::Replayed(response) => Ok(response),
            Outcome::Refused(error) => Err(error),
            Outcome::Candidate | Outcome::Stored { receipt: None } | Outcome::SameAs(_) => {
                Err(ApiError::Internal("a vote left the batch unfinished".into()))
            }
        }
    }
}

/// Writes a batch in one transaction with a handful of statements, whatever its size: one lookup of earlier
/// answers, one INSERT of the votes, per poll the counts and the results, one INSERT of the answers for retries.
async fn write_batch(db: &Db, jobs: &[&VoteJob]) -> Result<Vec<Outcome>> {
    let mut tx = db.begin().await?;
    let now = clock::now();

    // Requests repeated within the batch get their first copy's answer; earlier requests get theirs from storage.
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(jobs.len());
    let mut first_with_key: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, job) in jobs.iter().enumerate() {
        let outcome = match job.attempt.identity().map(|id| (id, first_with_key.get(&id).copied())) {
            Some((_, Some(first))) if job.attempt.same_body(&jobs[first].attempt) => Outcome::SameAs(first),
            Some((_, Some(_))) => Outcome::Refused(idempotency::key_reused()),
            Some((identity, None)) => {
                first_with_key.insert(identity, index);
                Outcome::Candidate
            }
            None => Outcome::Candidate,
        };
        outcomes.push(outcome);
    }
    let identities: Vec<(&str, &str)> = first_with_key.keys().copied().collect();
    // On PostgreSQL another server may be writing the same keys: wait for it, then read what it stored.
    idempotency::lock(&mut tx, &identities).await?;
    let stored = idempotency::lookup_many(&mut tx, &identities).await?;
    let earlier_answer = |job: &VoteJob| {
        job.attempt.identity().and_then(|(scope, key)| stored.get(&(scope.to_owned(), key.to_owned())).cloned())
    };
    let mut polls: HashMap<&str, Option<Poll>> = HashMap::new();
    let mut candidates: Vec<(&str, &str, &[String])> = Vec::new();
    // The hash each candidate's vote is stored under: the browser's, or a random one for a vote with a code.
    let mut ballots: Vec<Option<&str>> = vec![None; jobs.len()];
    let mut with_code: Vec<(usize, &str, &CodeVote)> = Vec::new();
    for (index, (job, outcome)) in jobs.iter().zip(outcomes.iter_mut()).enumerate() {
        if !matches!(outcome, Outcome::Candidate) {
            continue;
        }
        if let Some(earlier) = earlier_answer(job) {
            *outcome = match job.attempt.answer(earlier) {
                Ok(response) => Outcome::Replayed(response),
                Err(refused) => Outcome::Refused(refused),
            };
            continue;
        }
        if !polls.contains_key(job.poll_id.as_str()) {
            let poll = store::find_poll(&mut tx, &job.poll_id, now).await?;
            polls.insert(job.poll_id.as_str(), poll);
        }
        let poll = polls[job.poll_id.as_str()].as_ref();
        let accepted = match poll {
            Some(poll) => poll.accepts(&job.vote).map_err(|refusal| Error::from(refusal).into()),
            None => Err(Error::not_found("poll").into()),
        };
        match (accepted, &job.code) {
            (Err(refused), _) => *outcome = Outcome::Refused(refused),
            (Ok(()), Some(code)) if poll.is_some_and(|p| p.requires_code) => {
                with_code.push((index, &job.poll_id, code))
            }
            (Ok(()), _) => {
                candidates.push((&job.poll_id, &job.voter_hash, &job.vote.choices));
                ballots[index] = Some(&job.voter_hash);
            }
        }
    }

    // Each code counts once: the first vote in the batch that claims an unused code gets it. Only the votes left
    // without a code need a second look, to tell a used code from one that never existed.
    let pairs: Vec<(&str, &str)> = with_code.iter().map(|(_, poll, code)| (*poll, code.code_hash.as_str())).collect();
    let mut claimed = store::claim_codes(&mut tx, &pairs).await?;
    let mut unclaimed = Vec::new();
    for (index, poll, code) in with_code {
        if claimed.remove(&(poll.to_owned(), code.code_hash.clone())) {
            candidates.push((poll, &code.ballot_hash, &jobs[index].vote.choices));
            ballots[index] = Some(&code.ballot_hash);
        } else {
            unclaimed.push((index, (poll, code.code_hash.as_str())));
        }
    }
    let pairs: Vec<(&str, &str)> = unclaimed.iter().map(|(_, pair)| *pair).collect();
    let known = store::known_codes(&mut tx, &pairs).await?;
    for (index, (poll, code_hash)) in unclaimed {
        let poll_has_it = known.contains(&(poll.to_owned(), code_hash.to_owned()));
        outcomes[index] = Outcome::Refused(Error::from(VoteRefusal::for_unclaimed_code(poll_has_it)).into());
    }

    // One INSERT for every vote; a voter seen before (or earlier in this batch) is refused.
    let mut new = store::record_votes(&mut tx, &candidates, now).await?;
    let mut added: BTreeMap<&str, (i64, BTreeMap<String, i64>)> = BTreeMap::new();
    for ((job, outcome), ballot) in jobs.iter().zip(outcomes.iter_mut()).zip(&ballots) {
        let Some(ballot) = ballot.filter(|_| matches!(outcome, Outcome::Candidate)) else {
            continue;
        };
        if new.remove(&(job.poll_id.clone(), ballot.to_owned())) {
            let (voters, per_option) = added.entry(job.poll_id.as_str()).or_default();
            *voters += 1;
            for choice in &job.vote.choices {
                *per_option.entry(choice.clone()).or_default() += 1;
            }
            *outcome = Outcome::Stored { receipt: None };
        } else {
            *outcome = Outcome::Refused(Error::from(VoteRefusal::AlreadyVoted).into());
        }
    }

    let mut results: HashMap<&str, Option<PollResults>> = HashMap::new();
    for (poll_id, (voters, per_option)) in &added {
        store::add_counts(&mut tx, poll_id, *voters, per_option).await?;
        let public = polls.get(poll_id).and_then(Option::as_ref).is_some_and(|poll| poll.results_public(true));
        results.insert(poll_id, if public { Some(store::results(&mut tx, poll_id).await?) } else { None });
    }
    let mut records = Vec::new();
    for (job, outcome) in jobs.iter().zip(outcomes.iter_mut()) {
        if let Outcome::Stored { receipt } = outcome {
            let results = results.get(job.poll_id.as_str()).cloned().flatten();
            let body = serde_json::to_string(&VoteReceipt { poll: job.poll_id.clone(), results })?;
            records.extend(job.attempt.record(StatusCode::CREATED, &body));
            *receipt = Some(body);
        }
    }
    idempotency::remember_many(&mut tx, &records).await?;
    tx.commit().await?;

    // A repeat of a request in the same batch gets that request's answer, as it would have after the commit.
    for index in 0..outcomes.len() {
        if let Outcome::SameAs(first) = outcomes[index] {
            outcomes[index] = match &outcomes[first] {
                Outcome::Stored { receipt } => Outcome::Stored { receipt: receipt.clone() },
                Outcome::Refused(error) => Outcome::Refused(error.clone()),
                Outcome::Replayed(_) => match earlier_answer(jobs[first]).map(|a| jobs[index].attempt.answer(a)) {
                    Some(Ok(response)) => Outcome::Replayed(response),
                    Some(Err(refused)) => Outcome::Refused(refused),
                    None => Outcome::Refused(ApiError::Internal("a replayed answer went missing".into())),
                },
                Outcome::Candidate | Outcome::SameAs(_) => {
                    Outcome::Refused(ApiError::Internal("a repeated vote had no first answer".into()))
                }
            };
        }
    }
    Ok(outcomes)
}
