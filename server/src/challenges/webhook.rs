//! Delivers each new application to its form's webhook (a municipality's case system): POSTed as JSON, retried
//! with exponential backoff until the receiver answers 2xx. What is due is kept in the database, so deliveries
//! survive a restart; the receiver gets the same `Idempotency-Key` on every attempt and can drop repeats.

use std::{sync::Arc, time::Duration};

use axum::http::{HeaderValue, header};
use tokio::sync::Notify;

use super::store;
use crate::{
    Db,
    clock::{now, now_ms},
    error::Result,
};

/// The longest wait between two attempts.
pub const MAX_BACKOFF_MS: u64 = 6 * 60 * 60 * 1000;
/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15);
/// How many deliveries one round takes on.
const BATCH: i64 = 16;

/// The delivery worker's handle: wake it when something new is due.
#[derive(Clone)]
pub struct Deliveries {
    wake: Arc<Notify>,
}

impl Deliveries {
    /// Starts the worker; `first_retry_ms` is the wait after the first failure, doubled after each next one.
    pub fn start(db: Db, first_retry_ms: u64) -> Deliveries {
        let wake = Arc::new(Notify::new());
        let client = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            // Personal data goes to the configured address and nowhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("inspraak-server/", env!("CARGO_PKG_VERSION")))
            .build();
        match client {
            Ok(client) => {
                tokio::spawn(run(db, client, first_retry_ms, wake.clone()));
            }
            // Applications are still stored and queued; they go out once the server starts with working TLS roots.
            Err(error) => tracing::error!(
                %error,
                "[inspraak] webhooks are off: no HTTPS client (check the system's CA certificates, then restart)"
            ),
        }
        Deliveries { wake }
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The wait before attempt `attempts + 1`: `first` doubled per earlier failure, at most [`MAX_BACKOFF_MS`].
pub fn backoff_ms(first: u64, failures: i64) -> u64 {
    let doublings = u32::try_from(failures.saturating_sub(1).max(0)).unwrap_or(u32::MAX).min(40);
    first.max(1).saturating_mul(1u64 << doublings).min(MAX_BACKOFF_MS)
}

async fn run(db: Db, client: reqwest::Client, first_retry_ms: u64, wake: Arc<Notify>) {
    loop {
        let wait = match deliver_due(&db, &client, first_retry_ms).await {
            Ok(wait) => wait,
            Err(error) => {
                tracing::warn!(%error, "webhook deliveries failed; trying again in a minute");
                Duration::from_secs(60)
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
        }
    }
}

/// Attempts every due delivery once; returns how long to sleep until the next one is due.
async fn deliver_due(db: &Db, client: &reqwest::Client, first_retry_ms: u64) -> Result<Duration> {
    loop {
        let due = {
            let mut conn = db.read.acquire().await?;
            store::due_deliveries(&mut conn, now_ms(), BATCH).await?
        };
        if due.is_empty() {
            break;
        }
        for delivery in due {
            attempt(db, client, first_retry_ms, delivery).await?;
        }
    }
    let mut conn = db.read.acquire().await?;
    let next = store::next_due_ms(&mut conn).await?;
    // Look again at least every minute: a form may have got its webhook changed in the meantime.
    let wait_ms = next.map_or(60_000, |due| (due - now_ms()).clamp(0, 60_000));
    Ok(Duration::from_millis(wait_ms.try_into().unwrap_or(60_000)))
}

async fn attempt(db: &Db, client: &reqwest::Client, first_retry_ms: u64, due: store::DueDelivery) -> Result<()> {
    let record = {
        let mut conn = db.read.acquire().await?;
        store::find_submission(&mut conn, &due.form_id, &due.reference).await?
    };
    // Deleted (erasure or retention) since it was queued: its delivery went with it.
    let Some(mut record) = record else { return Ok(()) };
    record.webhook = None;
    let outcome = match &due.webhook_url {
        None => Err("the form has no webhook any more".to_owned()),
        Some(url) => {
            let mut request = client
                .post(url)
                .json(&record)
                .header("idempotency-key", format!("{}/{}", record.form, record.reference));
            if let Some(token) =
                due.webhook_token.as_deref().and_then(|t| HeaderValue::from_str(&format!("Bearer {t}")).ok())
            {
                request = request.header(header::AUTHORIZATION, token);
            }
            match request.send().await {
                Ok(response) if response.status().is_success() => Ok(()),
                Ok(response) => Err(format!("answered {}", response.status())),
                // Without the URL: the error text of reqwest includes it, and it may hold a secret.
                Err(error) => Err(if error.is_timeout() { "timed out".to_owned() } else { "no connection".to_owned() }),
            }
        }
    };
    let mut conn = db.write.acquire().await?;
    match outcome {
        Ok(()) => {
            tracing::info!(form = %due.form_id, reference = %due.reference, "delivered to webhook");
            store::delivered(&mut conn, &due.form_id, &due.reference, now()).await
        }
        Err(error) => {
            let wait = backoff_ms(first_retry_ms, due.attempts + 1);
            tracing::warn!(form = %due.form_id, reference = %due.reference, %error, retry_in_ms = wait, "webhook delivery failed");
            let next = now_ms().saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
            store::delivery_failed(&mut conn, &due.form_id, &due.reference, &error, next).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_six_hours() {
        assert_eq!(backoff_ms(30_000, 1), 30_000);
        assert_eq!(backoff_ms(30_000, 2), 60_000);
        assert_eq!(backoff_ms(30_000, 5), 480_000);
        assert_eq!(backoff_ms(30_000, 30), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(30_000, i64::MAX), MAX_BACKOFF_MS);
    }
}
