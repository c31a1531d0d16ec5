//! The hourly clean-up: answers kept for idempotency keys after a day, expired quick scan drafts, vote rows and
//! codes of polls closed a month ago, option images no poll uses after a week, challenge applications past their
//! retention and uploads no application took.

use crate::{Db, challenges, clock, error::Result, idempotency, polls, quickscans};

/// Purges at start and every hour after; a failure is logged and tried again the next hour.
pub async fn every_hour(db: Db) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        // On PostgreSQL several servers run this loop: the one that holds the lock purges, the others skip.
        let Some(_turn) = (match db.exclusive("inspraak purge").await {
            Ok(turn) => turn,
            Err(error) => {
                tracing::warn!(%error, "could not take the purge lock; trying again in an hour");
                continue;
            }
        }) else {
            tracing::info!("another server is purging; this one skips this hour");
            continue;
        };
        if let Err(error) = expired_answers_drafts_and_votes(&db).await {
            tracing::warn!(%error, "could not purge expired idempotency keys, quick scan drafts, vote rows or images");
        }
        match challenges::purge(&db).await {
            Ok((0, 0)) => {}
            Ok((applications, uploads)) => {
                tracing::info!(
                    applications,
                    uploads,
                    "deleted challenge applications past retention and unused uploads"
                )
            }
            Err(error) => tracing::warn!(%error, "could not purge challenge applications"),
        }
    }
}

async fn expired_answers_drafts_and_votes(db: &Db) -> Result<()> {
    let mut conn = db.writer().await?;
    idempotency::purge(&mut conn).await?;
    quickscans::store::purge_drafts(&mut conn).await?;
    polls::store::purge_closed(&mut conn, clock::now()).await?;
    polls::store::purge_unused_images(&mut conn, clock::now()).await?;
    Ok(())
}
