//! Delivers each new application to its form's webhook (a municipality's case system): POSTed as JSON, retried
//! with exponential backoff until the receiver answers 2xx. What is due is kept in the database, so deliveries
//! survive a restart; the receiver gets the same `Idempotency-Key` on every attempt and can drop repeats.
//!
//! Where a webhook may go: an https URL (http only with `--dev-webhooks`) without user-info, whose host is or
//! resolves to public addresses only (not loopback, private, link-local, CGNAT, unique-local, multicast or
//! reserved; loopback only with `--dev-webhooks`). The name is resolved by the client's own resolver, which gives
//! the connection only the addresses it checked, so a second answer of the DNS cannot point it elsewhere. What an
//! admin sees of a failure never tells a closed port from a filtered one.

use std::{
    net::{IpAddr, SocketAddr},
    sync::{Arc, LazyLock},
    time::Duration,
};

use ipnet::IpNet;

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
/// How long a round's deliveries are this server's alone (PostgreSQL): longer than the round's attempts one after
/// the other may take, so another server never posts an application this one is still posting.
const LEASE_MS: i64 = BATCH * ATTEMPT_TIMEOUT.as_millis() as i64 + 60_000;

/// The delivery worker's handle: wake it when something new is due.
#[derive(Clone)]
pub struct Deliveries {
    wake: Arc<Notify>,
}

impl Deliveries {
    /// Starts the worker; `first_retry_ms` is the wait after the first failure, doubled after each next one.
    pub fn start(db: Db, first_retry_ms: u64, dev: bool) -> Deliveries {
        let wake = Arc::new(Notify::new());
        let client = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            .dns_resolver(Arc::new(CheckedResolver { dev }))
            // Personal data goes to the configured address and nowhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("inspraak-server/", env!("CARGO_PKG_VERSION")))
            .build();
        match client {
            Ok(client) => {
                tokio::spawn(run(db, client, first_retry_ms, dev, wake.clone()));
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

async fn run(db: Db, client: reqwest::Client, first_retry_ms: u64, dev: bool, wake: Arc<Notify>) {
    loop {
        let wait = match deliver_due(&db, &client, first_retry_ms, dev).await {
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
async fn deliver_due(db: &Db, client: &reqwest::Client, first_retry_ms: u64, dev: bool) -> Result<Duration> {
    loop {
        let due = {
            let mut conn = db.reader().await?;
            store::due_deliveries(&mut conn, now_ms(), BATCH, LEASE_MS).await?
        };
        if due.is_empty() {
            break;
        }
        for delivery in due {
            attempt(db, client, first_retry_ms, dev, delivery).await?;
        }
    }
    let mut conn = db.reader().await?;
    let next = store::next_due_ms(&mut conn).await?;
    // Look again at least every minute: a form may have got its webhook changed in the meantime.
    let wait_ms = next.map_or(60_000, |due| (due - now_ms()).clamp(0, 60_000));
    Ok(Duration::from_millis(wait_ms.try_into().unwrap_or(60_000)))
}

async fn attempt(
    db: &Db,
    client: &reqwest::Client,
    first_retry_ms: u64,
    dev: bool,
    due: store::DueDelivery,
) -> Result<()> {
    let record = {
        let mut conn = db.reader().await?;
        store::find_submission(&mut conn, &due.form_id, &due.reference).await?
    };
    // Deleted (erasure or retention) since it was queued: its delivery went with it.
    let Some(mut record) = record else { return Ok(()) };
    record.webhook = None;
    let outcome = match &due.webhook_url {
        None => Err("the form has no webhook any more".to_owned()),
        Some(url) => match check_url(url, dev) {
            Err(_) => Err(NOT_PUBLIC.to_owned()),
            Ok(url) => {
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
                    Err(error) if refused_address(&error) => Err(NOT_PUBLIC.to_owned()),
                    // Without the URL (reqwest's text includes it, and it may hold a secret), and one text for a refused
                    // connection and a timeout, which would tell a closed port from a filtered one.
                    Err(_) => Err("no connection, or no answer in time".to_owned()),
                }
            }
        },
    };
    let mut conn = db.writer().await?;
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

/// What a delivery to a refused address is recorded as (the same for every refused address and every reason).
const NOT_PUBLIC: &str = "refused: the webhook's address is not a public one";

/// Addresses no webhook goes to: besides loopback, every range that is not the public internet.
static REFUSED: LazyLock<Vec<IpNet>> = LazyLock::new(|| {
    [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "64:ff9b:1::/48",
        "100::/64",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    ]
    .iter()
    .map(|net| net.parse().expect("a valid range"))
    .collect()
});

/// Whether a webhook may be delivered to `address` (loopback only with `dev`).
pub fn allowed_address(address: IpAddr, dev: bool) -> bool {
    let address = match address {
        // IPv4 written as IPv6 (mapped, or NAT64's 64:ff9b::/96) is judged as the IPv4 address it stands for.
        IpAddr::V6(v6) => match (v6.to_ipv4_mapped(), v6.segments()) {
            (Some(v4), _) => IpAddr::V4(v4),
            (None, [0x64, 0xff9b, 0, 0, 0, 0, high, low]) => {
                IpAddr::V4(std::net::Ipv4Addr::from((u32::from(high) << 16) | u32::from(low)))
            }
            _ => IpAddr::V6(v6),
        },
        v4 => v4,
    };
    if address.is_loopback() {
        return dev;
    }
    !REFUSED.iter().any(|net| net.contains(&address))
}

/// A webhook URL as an admin gives it, parsed by a real URL parser: https (http only with `dev`), a host, no
/// user-info, and when the host is an address, one that may receive webhooks. A host name is judged when it is
/// resolved, at each delivery. The reason says what to change.
pub fn check_url(url: &str, dev: bool) -> std::result::Result<reqwest::Url, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("webhook_url is not a URL: {e}"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if dev => {}
        "http" => return Err("webhook_url must be https (plain http only with --dev-webhooks, for development)".into()),
        other => return Err(format!("webhook_url must be https, not {other}")),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("webhook_url must not hold a user name or password (send a token as webhook_token)".into());
    }
    let address = match parsed.host() {
        None => return Err("webhook_url needs a host".into()),
        Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(url::Host::Domain(name)) if name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost") => {
            Some(IpAddr::from([127, 0, 0, 1]))
        }
        Some(url::Host::Domain(_)) => None,
    };
    if address.is_some_and(|address| !allowed_address(address, dev)) {
        return Err(
            "webhook_url must be a public address: not loopback, private, link-local or otherwise internal".into()
        );
    }
    Ok(parsed)
}

/// Resolves webhook hosts and gives the connection only addresses that may receive webhooks; a name with any
/// other address is refused whole.
struct CheckedResolver {
    dev: bool,
}

#[derive(Debug)]
struct RefusedAddress;

impl std::fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(NOT_PUBLIC)
    }
}

impl std::error::Error for RefusedAddress {}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dev = self.dev;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if addresses.is_empty() || addresses.iter().any(|address| !allowed_address(address.ip(), dev)) {
                return Err(Box::new(RefusedAddress) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether a delivery failed because its host resolved to a refused address.
fn refused_address(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<RefusedAddress>() {
            return true;
        }
        source = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_are_parsed_and_internal_targets_refused() {
        for (url, dev) in [
            ("https://zaken.voorbeeld.nl/hook", false),
            ("https://203.0.114.9/hook", false),
            ("https://[2a00:1450::1]/hook", false),
            ("http://127.0.0.1:9999/hook", true),
            ("http://localhost/hook", true),
        ] {
            assert!(check_url(url, dev).is_ok(), "{url}");
        }
        for (url, dev) in [
            ("http://localhost:80@evil.example/", true),
            ("https://user:secret@zaken.voorbeeld.nl/", false),
            ("http://zaken.voorbeeld.nl/hook", false),
            ("http://127.0.0.1:9999/hook", false),
            ("https://localhost/hook", false),
            ("https://169.254.169.254/latest/meta-data", true),
            ("https://10.1.2.3/", true),
            ("https://172.16.0.1/", true),
            ("https://192.168.1.1/", true),
            ("https://100.64.0.1/", true),
            ("https://[fd00::1]/", true),
            ("https://[fe80::1]/", true),
            ("https://[::ffff:10.0.0.1]/", true),
            ("https://[64:ff9b::a9fe:a9fe]/", true),
            ("https://0.0.0.0/", true),
            ("https://2130706433/", false),
            ("ftp://zaken.voorbeeld.nl/", true),
            ("zaken.voorbeeld.nl/hook", true),
        ] {
            assert!(check_url(url, dev).is_err(), "{url}");
        }
    }

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_six_hours() {
        assert_eq!(backoff_ms(30_000, 1), 30_000);
        assert_eq!(backoff_ms(30_000, 2), 60_000);
        assert_eq!(backoff_ms(30_000, 5), 480_000);
        assert_eq!(backoff_ms(30_000, 30), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(30_000, i64::MAX), MAX_BACKOFF_MS);
    }
}
