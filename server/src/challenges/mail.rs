//! E-mail to applicants: the acknowledgement of receipt (Awb 4:3a) and, where the form says so, a mail on each
//! status change. Mails are written to `challenge_mails` in the transaction that stores what they tell and sent by
//! a worker through the configured SMTP server, retried with the webhook's backoff until the server accepts them;
//! a mail server that is down never delays the 201 nor loses a mail. A mail the server refuses for its recipient (a 5xx
//! reply such as an unknown mailbox) or cannot take within [`GIVE_UP_AFTER_S`] is given up, and the back office
//! shows it, so the handler tells the applicant another way. Once sent or given up, a mail's recipient and text are
//! emptied. Logs name the application's reference, never an address or a name.
//!
//! Where mail goes (`--smtp-url`, `INSPRAAK_SMTP_URL`): `smtp://host[:587]` with STARTTLS required,
//! `smtps://host[:465]` with TLS from the first byte, or `smtp://host:port?tls=none` without TLS, only to this
//! machine (a local relay, a test sink) and never with credentials. A user name and password go in the URL
//! (`smtps://user:password@host`) or the password in `INSPRAAK_SMTP_PASSWORD`.

use std::{net::IpAddr, sync::Arc, time::Duration};

use inspraak_api::{ChallengeForm, ChallengeStatus, challenge::dutch_date, nl::valid_email};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
    transport::smtp::{
        authentication::Credentials,
        client::{Tls, TlsParameters},
    },
};
use tokio::sync::Notify;

use super::store::{self, SubmissionRecord};
use crate::{
    Db,
    clock::{now, now_ms},
    error::Result,
};

/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// How many mails one round takes on.
const BATCH: i64 = 16;
/// How long a round's mails are this server's alone (PostgreSQL): longer than the round's attempts one after the
/// other may take, so another server never sends a mail this one is still sending.
const LEASE_MS: i64 = BATCH * ATTEMPT_TIMEOUT.as_millis() as i64 + 60_000;

/// How long a mail is retried before it is given up: three days, time enough for a mail server's maintenance or a
/// full mailbox, short enough that the handler hears of it well within the decision term.
pub const GIVE_UP_AFTER_S: i64 = 3 * 24 * 60 * 60;

/// How to reach the mail server, checked at start.
#[derive(Clone)]
pub struct MailSettings {
    host: String,
    port: u16,
    tls: TlsMode,
    credentials: Option<(String, String)>,
    pub from: Mailbox,
    /// The domain of the sender's address, for Message-IDs.
    pub domain: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TlsMode {
    StartTls,
    Wrapper,
    None,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        write!(f, "MailSettings({:?}://{}:{}, from {})", self.tls, self.host, self.port, self.from)
    }
}

impl MailSettings {
    /// The settings of `url` and `from`, or why the server must not start with them. `password` is
    /// `INSPRAAK_SMTP_PASSWORD`.
    pub fn parse(url: &str, from: Option<&str>, password: Option<String>) -> std::result::Result<MailSettings, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("--smtp-url is not a URL: {e}"))?;
        let mut tls = match parsed.scheme() {
            "smtp" => TlsMode::StartTls,
            "smtps" => TlsMode::Wrapper,
            other => {
                return Err(format!("--smtp-url must start with smtp:// (STARTTLS) or smtps:// (TLS), not {other}://"));
            }
        };
        for (key, value) in parsed.query_pairs() {
            match (key.as_ref(), value.as_ref(), tls) {
                ("tls", "none", TlsMode::StartTls) => tls = TlsMode::None,
                ("tls", "required", TlsMode::StartTls) => {}
                _ => return Err(format!("--smtp-url: unknown option {key}={value} (only smtp://…?tls=none)")),
            }
        }
        let host = match parsed.host() {
            Some(url::Host::Domain(name)) => name.to_owned(),
            Some(url::Host::Ipv4(v4)) => v4.to_string(),
            Some(url::Host::Ipv6(v6)) => v6.to_string(),
            None => return Err("--smtp-url needs a host".into()),
        };
        let port = parsed.port().unwrap_or(if tls == TlsMode::Wrapper { 465 } else { 587 });
        let user = percent_decode(parsed.username());
        let in_url = parsed.password().map(percent_decode);
        let password = match (in_url, password.filter(|p| !p.is_empty())) {
            (Some(_), Some(_)) => {
                return Err("set the SMTP password once: in --smtp-url or in INSPRAAK_SMTP_PASSWORD, not both".into());
            }
            (one, other) => one.or(other),
        };
        let credentials = match (user.is_empty(), password) {
            (true, None) => None,
            (false, Some(password)) => Some((user, password)),
            (true, Some(_)) => {
                return Err("an SMTP password needs a user name in --smtp-url (smtps://user@host)".into());
            }
            (false, None) => {
                return Err(
                    "--smtp-url names a user but no password: add it to the URL or INSPRAAK_SMTP_PASSWORD".into()
                );
            }
        };
        if tls == TlsMode::None {
            if credentials.is_some() {
                return Err("--smtp-url with tls=none would send the SMTP password in clear: use smtp:// (STARTTLS) \
                            or smtps:// (TLS)"
                    .into());
            }
            let loopback = host.eq_ignore_ascii_case("localhost")
                || host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !loopback {
                return Err("--smtp-url with tls=none is only for a mail server on this machine (localhost); use \
                            smtp:// (STARTTLS) or smtps:// (TLS)"
                    .into());
            }
        }
        let from = from.map(str::trim).filter(|f| !f.is_empty()).ok_or(
            "--smtp-url needs --mail-from (INSPRAAK_MAIL_FROM), the sender, e.g. \"Gemeente Voorbeeld \
             <uitdaagrecht@voorbeeld.nl>\"",
        )?;
        let from: Mailbox = from.parse().map_err(|e| format!("--mail-from is not an e-mail address: {e}"))?;
        if !valid_email(from.email.as_ref()) {
            return Err(format!("--mail-from is not an e-mail address: {}", from.email));
        }
        let domain = from.email.domain().to_owned();
        Ok(MailSettings { host, port, tls, credentials, from, domain })
    }

    fn transport(&self) -> std::result::Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .timeout(Some(ATTEMPT_TIMEOUT));
        let parameters = || TlsParameters::new(self.host.clone()).map_err(|e| format!("TLS for the mail server: {e}"));
        builder = match self.tls {
            TlsMode::StartTls => builder.tls(Tls::Required(parameters()?)),
            TlsMode::Wrapper => builder.tls(Tls::Wrapper(parameters()?)),
            TlsMode::None => builder.tls(Tls::None),
        };
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = input.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mail worker's handle; `None` settings means no mail server is configured and nothing is queued.
#[derive(Clone)]
pub struct Mailer {
    wake: Arc<Notify>,
    settings: Option<Arc<MailSettings>>,
}

impl Mailer {
    /// Starts the worker when a mail server is configured; `first_retry_ms` is the wait after the first failure,
    /// doubled after each next one (at most six hours).
    pub fn start(db: Db, settings: Option<MailSettings>, first_retry_ms: u64) -> Mailer {
        let wake = Arc::new(Notify::new());
        let settings = settings.map(Arc::new);
        match &settings {
            None => tracing::info!(
                "[inspraak] mail off: no --smtp-url (INSPRAAK_SMTP_URL), so applicants get no acknowledgement by e-mail"
            ),
            Some(settings) => match settings.transport() {
                Ok(transport) => {
                    tracing::info!(server = %settings.host, port = settings.port, tls = ?settings.tls, "mail on");
                    tokio::spawn(run(db, transport, settings.clone(), first_retry_ms, wake.clone()));
                }
                Err(error) => {
                    tracing::error!(%error, "[inspraak] mail is queued but not sent: fix the TLS set-up and restart")
                }
            },
        }
        Mailer { wake, settings }
    }

    /// A mailer that queues mail with `settings` but sends none: for the command line, whose mails the running
    /// server's worker sends (it looks for due mail at least every minute).
    pub fn queue_only(settings: MailSettings) -> Mailer {
        Mailer { wake: Arc::new(Notify::new()), settings: Some(Arc::new(settings)) }
    }

    /// A mailer that queues nothing (for tools that change applications without a server).
    pub fn off() -> Mailer {
        Mailer { wake: Arc::new(Notify::new()), settings: None }
    }

    /// The settings, when mail is on.
    pub fn settings(&self) -> Option<&MailSettings> {
        self.settings.as_deref()
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// A new Message-ID at the sender's domain, kept with the queued mail so every attempt carries the same one.
pub fn message_id(domain: &str) -> String {
    let random: [u8; 16] = rand::random();
    format!("<{}@{domain}>", hex::encode(random))
}

/// Queues `text` (subject, body) for the applicant of `record`, when mail is on. Call in the transaction that
/// stores what the mail tells; wake the mailer after the commit.
pub async fn queue(
    conn: &mut crate::db::Conn,
    mailer: &Mailer,
    record: &SubmissionRecord,
    kind: &str,
    text: (String, String),
) -> Result<bool> {
    let Some(settings) = mailer.settings() else { return Ok(false) };
    let recipient = record.application.contact.email.trim();
    if recipient.is_empty() {
        return Ok(false);
    }
    let (subject, body) = text;
    store::queue_mail(
        conn,
        &store::NewMail {
            form: &record.form,
            reference: &record.reference,
            kind,
            message_id: &message_id(&settings.domain),
            recipient,
            subject: &subject,
            body: &body,
        },
        now_ms(),
    )
    .await?;
    Ok(true)
}

/// The acknowledgement of receipt: the reference, a summary, the decision date and whom to ask.
pub fn acknowledgement(form: &ChallengeForm, record: &SubmissionRecord) -> (String, String) {
    let a = &record.application;
    let task = form
        .tasks
        .iter()
        .find(|task| task.id == a.initiative.task)
        .map_or(a.initiative.task_other.as_str(), |task| task.label.as_str());
    let mut summary = vec![
        format!("Kenmerk: {}", record.reference),
        format!("Ontvangen op: {}", dutch_date(&record.submitted_on)),
        format!("Titel: {}", a.initiative.title),
        format!("Taak: {task}"),
        format!("Buurt of gebied: {}", a.initiative.area),
        format!("Aangevraagd door: {} namens {}", a.contact.name, a.organisation.name),
        format!("Kostenraming: {}", euros(record.estimate_cents)),
        format!("Gevraagd budget: {}", euros(record.budget_cents)),
        format!("Gewenste startdatum: {}", dutch_date(&a.costs.start_date)),
    ];
    if let Some(months) = a.costs.term_months {
        summary.push(format!("Looptijd: {months} maanden"));
    }
    if !record.attachments.is_empty() {
        summary.push(format!("Bijlagen: {}", record.attachments.len()));
    }
    let body = format!(
        "Beste {name},\n\n\
         We hebben je aanvraag voor het uitdaagrecht ontvangen. Dit is de ontvangstbevestiging.\n\n\
         {summary}\n\n\
         We nemen uiterlijk op {decision} een besluit. Vragen we je om je aanvraag aan te vullen? Dan schuift deze \
         datum op met de tijd die je daarvoor nodig hebt.\n\n\
         Heb je vragen? Mail naar {contact}. Noem dan je kenmerk {reference}.\n\n\
         Met vriendelijke groet,\n{municipality}\n",
        name = a.contact.name,
        summary = summary.join("\n"),
        decision = dutch_date(&record.decision_by),
        contact = form.contact_email,
        reference = record.reference,
        municipality = form.municipality,
    );
    (format!("Ontvangstbevestiging van je aanvraag uitdaagrecht {}", record.reference), body)
}

/// The mail on a status change, where the form sends one.
pub fn status_change(form: &ChallengeForm, record: &SubmissionRecord) -> (String, String) {
    let what = match record.status {
        ChallengeStatus::Ontvangen => "We hebben je aanvraag ontvangen.".to_owned(),
        ChallengeStatus::InBehandeling => format!(
            "We zijn met je aanvraag bezig. We nemen uiterlijk op {} een besluit.",
            dutch_date(&record.decision_by)
        ),
        ChallengeStatus::AanvullingGevraagd => format!(
            "We hebben meer informatie van je nodig. Dit ontbreekt nog:\n\n{}\n\n\
             Stuur dit uiterlijk op {} naar {}. Noem dan je kenmerk. Tot we je antwoord hebben, staat de termijn \
             voor ons besluit stil. Krijgen we niets, dan kunnen we je aanvraag niet verder behandelen.",
            record.supplement_missing.as_deref().unwrap_or(""),
            record.supplement_due.as_deref().map(dutch_date).unwrap_or_default(),
            form.contact_email
        ),
        ChallengeStatus::BesluitGenomen => match record.outcome {
            Some(inspraak_api::ChallengeOutcome::Toegekend) => {
                "We hebben een besluit genomen: je aanvraag is toegekend. We nemen contact met je op over de afspraken."
                    .to_owned()
            }
            _ => "We hebben een besluit genomen: je aanvraag is afgewezen. In de brief met het besluit lees je waarom \
                  en hoe je bezwaar kunt maken."
                .to_owned(),
        },
        ChallengeStatus::BuitenBehandeling => "Je aanvraag was niet op tijd aangevuld. Daarom behandelen we je \
                                               aanvraag niet verder."
            .to_owned(),
        ChallengeStatus::Ingetrokken => {
            "Je hebt je aanvraag ingetrokken. We behandelen je aanvraag niet verder.".to_owned()
        }
    };
    let body = format!(
        "Beste {name},\n\n\
         Er is nieuws over je aanvraag voor het uitdaagrecht \"{title}\" (kenmerk {reference}).\n\n\
         {what}\n\n\
         Heb je vragen? Mail naar {contact}. Noem dan je kenmerk {reference}.\n\n\
         Met vriendelijke groet,\n{municipality}\n",
        name = record.application.contact.name,
        title = record.application.initiative.title,
        reference = record.reference,
        contact = form.contact_email,
        municipality = form.municipality,
    );
    (format!("Nieuws over je aanvraag uitdaagrecht {}", record.reference), body)
}

fn euros(cents: i64) -> String {
    inspraak_api::nl::format_euro_cents(u64::try_from(cents).unwrap_or(0))
}

async fn run(
    db: Db,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    settings: Arc<MailSettings>,
    first_retry_ms: u64,
    wake: Arc<Notify>,
) {
    loop {
        let wait = match send_due(&db, &transport, &settings, first_retry_ms).await {
            Ok(wait) => wait,
            Err(error) => {
                tracing::warn!(%error, "sending mail failed; trying again in a minute");
                Duration::from_secs(60)
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
        }
    }
}

/// Attempts every due mail once; returns how long to sleep until the next one is due.
async fn send_due(
    db: &Db,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &MailSettings,
    first_retry_ms: u64,
) -> Result<Duration> {
    loop {
        let due = {
            let mut conn = db.reader().await?;
            store::due_mails(&mut conn, now_ms(), BATCH, LEASE_MS).await?
        };
        if due.is_empty() {
            break;
        }
        for mail in due {
            let outcome = send(transport, settings, &mail).await;
            let mut conn = db.writer().await?;
            match outcome {
                Ok(()) => {
                    tracing::info!(reference = %mail.reference, kind = %mail.kind, "mail sent");
                    store::mail_sent(&mut conn, mail.id, now()).await?;
                }
                Err(failure) if failure.permanent || now() - mail.created_at >= GIVE_UP_AFTER_S => {
                    let error = failure.text;
                    tracing::warn!(reference = %mail.reference, kind = %mail.kind, %error, "mail given up: the handler has to tell the applicant another way");
                    store::mail_given_up(&mut conn, mail.id, &error, now()).await?;
                }
                Err(Failure { text: error, .. }) => {
                    let wait = super::webhook::backoff_ms(first_retry_ms, mail.attempts + 1);
                    tracing::warn!(reference = %mail.reference, kind = %mail.kind, %error, retry_in_ms = wait, "mail not sent");
                    let next = now_ms().saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
                    store::mail_failed(&mut conn, mail.id, &error, next).await?;
                }
            }
        }
    }
    let mut conn = db.reader().await?;
    let next = store::next_mail_due_ms(&mut conn).await?;
    let wait_ms = next.map_or(60_000, |due| (due - now_ms()).clamp(0, 60_000));
    Ok(Duration::from_millis(wait_ms.try_into().unwrap_or(60_000)))
}

/// Whether a permanent SMTP reply says the recipient's address is wrong: its enhanced status code (RFC 3463) is one
/// that only a destination address gets (5.1.1 no such mailbox, 5.1.2 no such domain, 5.1.4 ambiguous, 5.1.5 bad
/// destination, 5.1.6 moved, 5.1.9, 5.1.10 null MX, 5.2.1 disabled mailbox). The others may be about the sender or
/// the session (5.1.0 "Sender denied" in Exchange, 5.1.3 bad syntax of either, 5.1.7 and 5.1.8 the sender, 5.7.x
/// security and policy), and a reply without an enhanced code says too little: then the mail is tried again until
/// it is given up after three days.
fn refuses_recipient(reply: &str) -> bool {
    reply.split(|c: char| c.is_whitespace() || c == ':' || c == '-').any(|word| {
        let parts: Vec<&str> = word.split('.').collect();
        matches!(parts.as_slice(), ["5", "1", "1" | "2" | "4" | "5" | "6" | "9" | "10"] | ["5", "2", "1"])
    })
}

/// Why an attempt failed, and whether trying again can help.
struct Failure {
    /// The SMTP reply code at most: a mail server's text may quote the address.
    text: String,
    /// The mail server refused its recipient for good, or the mail cannot be made: another attempt would fail the
    /// same.
    permanent: bool,
}

impl Failure {
    fn permanent(text: &str) -> Failure {
        Failure { text: text.to_owned(), permanent: true }
    }
}

/// One attempt.
async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &MailSettings,
    mail: &store::DueMail,
) -> std::result::Result<(), Failure> {
    let to: Mailbox =
        mail.recipient.parse().map_err(|_| Failure::permanent("the recipient is not an e-mail address"))?;
    let message = Message::builder()
        .from(settings.from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()))
        .date_now()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|_| Failure::permanent("the mail could not be put together"))?;
    match transport.send(message).await {
        Ok(_) => Ok(()),
        Err(error) => Err(Failure {
            permanent: {
                // A 5xx for this recipient ends this mail; a 5xx for everything we send (a wrong password, a
                // refused sender, STARTTLS required) is the set-up's fault: the mail waits for it to be mended.
                let for_recipient = error.is_permanent() && refuses_recipient(&error.to_string());
                if error.is_permanent() && !for_recipient {
                    tracing::error!(reference = %mail.reference, code = ?error.status().map(|c| c.to_string()),
                        "the mail server refuses our mail, not just this address: check --smtp-url, its password and --mail-from");
                }
                for_recipient
            },
            text: match error.status() {
                Some(code) => format!("the mail server answered {code}"),
                None if error.is_timeout() => "no answer from the mail server in time".to_owned(),
                None => "no connection to the mail server, or TLS failed".to_owned(),
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refused_recipient_ends_a_mail() {
        for (reply, ends) in [
            ("permanent error (550): 5.1.1 <x@example.nl>: Recipient address rejected: User unknown", true),
            ("permanent error (550): 5.1.10 null MX", true),
            ("permanent error (550): 5.2.1 mailbox disabled", true),
            ("permanent error (553): 5.1.8 sender address rejected", false),
            ("permanent error (550): 5.1.0 Sender denied", false),
            ("permanent error (553): 5.1.3 bad address syntax", false),
            ("permanent error (535): 5.7.8 Error: authentication failed", false),
            ("permanent error (530): 5.7.0 Must issue a STARTTLS command first", false),
            ("permanent error (554): relay access denied", false),
            ("permanent error (550): mailbox unavailable", false),
        ] {
            assert_eq!(refuses_recipient(reply), ends, "{reply}");
        }
    }

    #[test]
    fn mail_settings_refuse_what_would_send_secrets_in_clear() {
        let from = Some("Gemeente Voorbeeld <uitdaagrecht@voorbeeld.nl>");
        let ok = MailSettings::parse("smtp://mail.voorbeeld.nl", from, None).unwrap();
        assert_eq!((ok.port, ok.tls, ok.domain.as_str()), (587, TlsMode::StartTls, "voorbeeld.nl"));
        let tls = MailSettings::parse("smtps://user:p%40ss@mail.voorbeeld.nl", from, None).unwrap();
        assert_eq!((tls.port, tls.tls), (465, TlsMode::Wrapper));
        assert_eq!(tls.credentials, Some(("user".into(), "p@ss".into())));
        assert!(!format!("{tls:?}").contains("p@ss"));
        let env = MailSettings::parse("smtp://user@mail.voorbeeld.nl:2525", from, Some("geheim".into())).unwrap();
        assert_eq!((env.port, env.credentials), (2525, Some(("user".into(), "geheim".into()))));
        let local = MailSettings::parse("smtp://127.0.0.1:2525?tls=none", from, None).unwrap();
        assert_eq!(local.tls, TlsMode::None);
        for (url, from, password) in [
            ("smtp://user:geheim@127.0.0.1:2525?tls=none", from, None),
            ("smtp://user@127.0.0.1:2525?tls=none", from, Some("geheim".to_owned())),
            ("smtp://mail.voorbeeld.nl?tls=none", from, None),
            ("http://mail.voorbeeld.nl", from, None),
            ("smtp://user@mail.voorbeeld.nl", from, None),
            ("smtp://:geheim@mail.voorbeeld.nl", from, None),
            ("smtp://user:a@mail.voorbeeld.nl", from, Some("b".to_owned())),
            ("smtp://mail.voorbeeld.nl", None, None),
            ("smtp://mail.voorbeeld.nl", Some("geen adres"), None),
            ("smtps://mail.voorbeeld.nl?tls=none", from, None),
        ] {
            assert!(MailSettings::parse(url, from, password).is_err(), "{url}");
        }
    }
}
