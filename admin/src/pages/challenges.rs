//! Right to Challenge (Uitdaagrecht): the forms, an inbox per form filtered by status (newest first), and an
//! application with every answer and its attachments, the next step in the workflow with a note, and what the AVG
//! asks for: one person's data as a file and erasure, each after a confirmation. Every view here is in the audit
//! trail (the server writes it).

use inspraak_api::{
    ChallengeAttachment, ChallengeOutcome, ChallengeStatus, ChallengeSubmission, ChallengeTask, StatusChange,
    challenge::parse_dutch_date,
};
use leptos::{prelude::*, task::spawn_local};
use serde::Deserialize;

use super::Breadcrumbs;
use crate::{
    api,
    router::{Link, Nav, Page},
    ui::{
        ConfirmButton, ErrorSummary, FormErrors, Notice, PageHeading, TextInput, date, date_time, download,
        failure_message, load, loaded, texts,
    },
};

/// A form as the admin API lists it (the fields the back office shows).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FormView {
    pub id: String,
    pub municipality: String,
    #[serde(default)]
    pub tasks: Vec<ChallengeTask>,
    pub decision_weeks: u32,
    pub retention_days: u32,
}

/// An application as the admin API gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Submission {
    pub reference: String,
    pub form: String,
    pub status: ChallengeStatus,
    #[serde(default)]
    pub outcome: Option<ChallengeOutcome>,
    #[serde(default)]
    pub note: Option<String>,
    pub submitted_at: String,
    pub submitted_on: String,
    pub decision_by: String,
    #[serde(default)]
    pub suspended_since: Option<String>,
    #[serde(default)]
    pub supplement_due: Option<String>,
    #[serde(default)]
    pub supplement_missing: Option<String>,
    #[serde(default)]
    pub suspended_days: i64,
    pub delete_after: String,
    pub estimate_cents: i64,
    pub budget_cents: i64,
    pub application: ChallengeSubmission,
    #[serde(default)]
    pub attachments: Vec<ChallengeAttachment>,
    #[serde(default)]
    pub mails: Vec<MailState>,
}

/// Where one mail to the applicant stands (the admin API's MailState).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MailState {
    /// ontvangst, or the status it announced.
    pub kind: String,
    pub attempts: i64,
    #[serde(default)]
    pub sent_at: Option<String>,
    #[serde(default)]
    pub given_up_at: Option<String>,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// What a mail was about, in the reader's words.
fn mail_label(kind: &str) -> String {
    let t = texts();
    match kind {
        "ontvangst" => t.get("admin.challenge.mail.ontvangst").to_owned(),
        status => {
            let label = ChallengeStatus::from_name(status).map(|s| t.get(status_key(s))).unwrap_or(status);
            t.format("admin.challenge.mail.status", &[("status", label)])
        }
    }
}

/// Why a mail failed, as the server records it (in English, the reply code at most), in the reader's words.
fn mail_error(error: &str) -> String {
    let t = texts();
    if let Some(code) = error.strip_prefix("the mail server answered ") {
        return t.format("admin.challenge.mail.error.answered", &[("code", code)]);
    }
    let key = match error {
        "no answer from the mail server in time" => "admin.challenge.mail.error.timeout",
        "no connection to the mail server, or TLS failed" => "admin.challenge.mail.error.connection",
        "the recipient is not an e-mail address" => "admin.challenge.mail.error.address",
        "the mail could not be put together" => "admin.challenge.mail.error.message",
        _ => return error.to_owned(),
    };
    t.get(key).to_owned()
}

/// The mails to the applicant: sent, still being tried, or given up (then the handler has to tell the applicant
/// another way, which a warning says first); without an acknowledgement when the server sent none as the
/// application came in.
#[component]
fn Mails(mails: Vec<MailState>) -> impl IntoView {
    let t = texts();
    let given_up: Vec<String> = mails.iter().filter(|m| m.given_up_at.is_some()).map(|m| mail_label(&m.kind)).collect();
    view! {
        <section class="section" aria-labelledby="mails-heading">
            <h2 id="mails-heading">{t.get("admin.challenge.mails")}</h2>
            // No acknowledgement in the queue: the server sent none when the application came in (mail was off;
            // a status mail may have followed once it was on), so the acknowledgement the Awb asks for is the
            // handler's to send.
            {(!mails.iter().any(|m| m.kind == "ontvangst")).then(|| view! {
                <div class="notice notice-info" role="note"><p>{t.get("admin.challenge.mail.none")}</p></div>
            })}
            {(!given_up.is_empty()).then(|| view! {
                <div class="notice notice-warning" role="note">
                    <p>{texts().format("admin.challenge.mail.undelivered", &[("mails", &given_up.join(", "))])}</p>
                </div>
            })}
            {(!mails.is_empty()).then(|| view! {
                <ul>
                    {mails.into_iter().map(|mail| {
                        let state = match (&mail.sent_at, &mail.given_up_at) {
                            (Some(sent), _) => texts().format("admin.challenge.mail.sent", &[("when", &date_time(sent))]),
                            (None, Some(when)) => texts().format("admin.challenge.mail.given_up", &[
                                ("when", &date_time(when)),
                                ("error", &mail.last_error.as_deref().map(mail_error).unwrap_or_default()),
                            ]),
                            (None, None) if mail.attempts == 0 => texts().get("admin.challenge.mail.queued").to_owned(),
                            (None, None) => texts().plural("admin.challenge.mail.pending", mail.attempts.unsigned_abs(), &[]),
                        };
                        view! { <li>{mail_label(&mail.kind)}": "{state}</li> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

pub fn status_key(status: ChallengeStatus) -> &'static str {
    match status {
        ChallengeStatus::Ontvangen => "admin.challenge.status.ontvangen",
        ChallengeStatus::InBehandeling => "admin.challenge.status.in_behandeling",
        ChallengeStatus::AanvullingGevraagd => "admin.challenge.status.aanvulling_gevraagd",
        ChallengeStatus::BesluitGenomen => "admin.challenge.status.besluit_genomen",
        ChallengeStatus::BuitenBehandeling => "admin.challenge.status.buiten_behandeling",
        ChallengeStatus::Ingetrokken => "admin.challenge.status.ingetrokken",
    }
}

fn outcome_key(outcome: ChallengeOutcome) -> &'static str {
    match outcome {
        ChallengeOutcome::Toegekend => "admin.challenge.outcome.toegekend",
        ChallengeOutcome::Afgewezen => "admin.challenge.outcome.afgewezen",
    }
}

#[component]
fn StatusBadge(status: ChallengeStatus, outcome: Option<ChallengeOutcome>) -> impl IntoView {
    let t = texts();
    let class = match status {
        ChallengeStatus::Ontvangen => "badge badge-upcoming",
        ChallengeStatus::InBehandeling | ChallengeStatus::AanvullingGevraagd => "badge badge-open",
        ChallengeStatus::BesluitGenomen | ChallengeStatus::BuitenBehandeling | ChallengeStatus::Ingetrokken => {
            "badge badge-closed"
        }
    };
    let text = match outcome {
        Some(outcome) => format!("{} ({})", t.get(status_key(status)), t.get(outcome_key(outcome))),
        None => t.get(status_key(status)).to_owned(),
    };
    view! { <span class=class>{text}</span> }
}

/// Euros from cents, as the reader writes them (€ 12.500,50).
fn euros(cents: i64) -> String {
    let whole = cents / 100;
    let rest = (cents % 100).abs();
    let en = texts().lang == inspraak_widget_core::i18n::Lang::En;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            grouped.push(if en { ',' } else { '.' });
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("€ {sign}{grouped}{}{rest:02}", if en { '.' } else { ',' })
}

#[component]
pub fn FormList() -> impl IntoView {
    let t = texts();
    let (state, retry) = load(|| api::get::<Vec<FormView>>(&api::path(&["challenge-forms"])));
    view! {
        <PageHeading title=t.get("admin.challenges.title")/>
        <p class="intro">{t.get("admin.challenges.intro")}</p>
        {loaded(state, retry, move |forms: Vec<FormView>| {
            if forms.is_empty() {
                return view! { <p>{t.get("admin.challenges.none")}</p> }.into_any();
            }
            view! {
                <ul class="cards">
                    {forms.into_iter().map(|form| view! {
                        <li class="card">
                            <h2><Link href=Page::Inbox(form.id.clone()).href()>{texts().format("admin.challenges.inbox_of", &[("name", &form.municipality)])}</Link></h2>
                            <p class="meta">{form.id.clone()}</p>
                            <p>{texts().format("admin.challenges.terms", &[("weeks", &form.decision_weeks.to_string()), ("days", &form.retention_days.to_string())])}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

#[component]
pub fn Inbox(form: String) -> impl IntoView {
    let t = texts();
    let nav = expect_context::<Nav>();
    let filter = Memo::new(move |_| nav.0.with(|l| l.param("status")).and_then(|s| ChallengeStatus::from_name(&s)));
    let fetch_form = form.clone();
    let (state, retry) = load(move || {
        let form = fetch_form.clone();
        async move { api::get::<Vec<Submission>>(&api::path(&["challenge-forms", &form, "submissions"])).await }
    });
    let csv = api::path(&["challenge-forms", &form, "submissions.csv"]);
    let base = Page::Inbox(form.clone()).href();
    let choices: Vec<(Option<ChallengeStatus>, &'static str)> = std::iter::once((None, "admin.challenge.filter.all"))
        .chain(ChallengeStatus::ALL.into_iter().map(|s| (Some(s), status_key(s))))
        .collect();
    view! {
        <Breadcrumbs trail=vec![(Page::Challenges.href(), t.get("admin.challenges.title").to_owned()), (base.clone(), form.clone())]/>
        <PageHeading title=texts().format("admin.challenges.inbox", &[("form", &form)])/>
        <nav class="filters" aria-label=t.get("admin.challenge.filter")>
            <ul>
                {choices.into_iter().map(|(status, key)| {
                    let href = match status {
                        Some(status) => format!("{base}?status={}", status.as_str()),
                        None => base.clone(),
                    };
                    view! { <li><Link href current=Signal::derive(move || filter.get() == status)>{t.get(key)}</Link></li> }
                }).collect_view()}
            </ul>
        </nav>
        <p class="no-print"><a href=csv class="button secondary" download>{t.get("admin.challenge.csv")}</a></p>
        {loaded(state, retry, move |mut all: Vec<Submission>| {
            all.sort_by(|a, b| b.submitted_at.cmp(&a.submitted_at).then(b.reference.cmp(&a.reference)));
            view! {
                {move || {
                    let shown: Vec<Submission> = all.iter().filter(|s| filter.get().is_none_or(|f| s.status == f)).cloned().collect();
                    if shown.is_empty() {
                        return view! { <p role="status">{t.get("admin.challenge.none")}</p> }.into_any();
                    }
                    view! {
                        <p role="status" class="meta">{t.plural("admin.challenge.count", shown.len() as u64, &[])}</p>
                        <table class="table">
                            <caption class="visually-hidden">{t.get("admin.challenges.title")}</caption>
                            <thead><tr>
                                <th scope="col">{t.get("admin.challenge.reference")}</th>
                                <th scope="col">{t.get("admin.challenge.title")}</th>
                                <th scope="col">{t.get("admin.challenge.organisation")}</th>
                                <th scope="col">{t.get("admin.challenge.received")}</th>
                                <th scope="col">{t.get("admin.challenge.decision_by")}</th>
                                <th scope="col">{t.get("admin.challenge.status")}</th>
                            </tr></thead>
                            <tbody>
                                {shown.into_iter().map(|s| view! {
                                    <tr>
                                        <td><Link href=Page::Application(s.form.clone(), s.reference.clone()).href()>{s.reference.clone()}</Link></td>
                                        <td>{s.application.initiative.title.clone()}</td>
                                        <td>{s.application.organisation.name.clone()}</td>
                                        <td>{date(&s.submitted_on)}</td>
                                        <td>{date(&s.decision_by)}</td>
                                        <td><StatusBadge status=s.status outcome=s.outcome/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            }
        })}
    }
}

/// A term and its answer; an empty answer reads as "not filled in".
fn answer(term: &'static str, value: String) -> impl IntoView {
    let t = texts();
    let empty = value.trim().is_empty();
    view! {
        <dt>{t.get(term)}</dt>
        <dd class:empty=empty>{if empty { t.get("admin.challenge.empty").to_owned() } else { value }}</dd>
    }
}

#[component]
pub fn ApplicationPage(form: String, reference: String) -> impl IntoView {
    let t = texts();
    let (fetch_form, fetch_reference) = (form.clone(), reference.clone());
    let (state, retry) = load(move || {
        let (form, reference) = (fetch_form.clone(), fetch_reference.clone());
        async move { api::get::<Submission>(&api::path(&["challenge-forms", &form, "submissions", &reference])).await }
    });
    let message = RwSignal::new(None::<(String, String)>);
    view! {
        <Breadcrumbs trail=vec![
            (Page::Challenges.href(), t.get("admin.challenges.title").to_owned()),
            (Page::Inbox(form.clone()).href(), form.clone()),
            (Page::Application(form.clone(), reference.clone()).href(), reference.clone()),
        ]/>
        {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
        {loaded(state, retry, move |s: Submission| {
            let a = s.application.clone();
            let organisation_type = a.organisation.kind.map(|k| k.as_str().replace('_', " ")).unwrap_or_default();
            view! {
                <PageHeading title=format!("{}: {}", s.reference, a.initiative.title)/>
                <p><StatusBadge status=s.status outcome=s.outcome/>" "
                    <span class="meta">{texts().format("admin.challenge.dates", &[("received", &date(&s.submitted_on)), ("decision", &date(&s.decision_by))])}</span></p>
                {s.suspended_since.clone().map(|since| view! {
                    <div class="notice notice-info" role="note">
                        <p>{texts().format("admin.challenge.suspended", &[("since", &date(&since)), ("due", &s.supplement_due.as_deref().map(date).unwrap_or_default()), ("decision", &date(&s.decision_by))])}</p>
                        <p>{t.get("admin.challenge.missing")}": "{s.supplement_missing.clone().unwrap_or_default()}</p>
                    </div>
                })}
                {(s.suspended_days > 0).then(|| view! { <p class="meta">{texts().format("admin.challenge.suspended_days", &[("days", &s.suspended_days.to_string())])}</p> })}
                {s.note.clone().filter(|n| !n.is_empty()).map(|note| view! { <p>{t.get("admin.challenge.last_note")}": "{note}</p> })}
                <StatusForm submission=s.clone() on_changed=Callback::new(move |text: String| { message.set(Some(("success".into(), text))); retry(); })/>
                <Mails mails=s.mails.clone()/>
                <section class="section" aria-labelledby="answers-heading">
                    <h2 id="answers-heading">{t.get("admin.challenge.answers")}</h2>
                    <h3>{t.get("admin.challenge.part.initiative")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.title", a.initiative.title.clone())}
                        {answer("admin.challenge.q.task", if a.initiative.task_other.is_empty() { a.initiative.task.clone() } else { a.initiative.task_other.clone() })}
                        {answer("admin.challenge.q.area", a.initiative.area.clone())}
                        {(!a.initiative.tie.is_empty()).then(|| answer("admin.challenge.q.tie", a.initiative.tie.clone()))}
                    </dl>
                    <h3>{t.get("admin.challenge.part.plan")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.what", a.plan.what.clone())}
                        {answer("admin.challenge.q.why_better", a.plan.why_better.clone())}
                        {answer("admin.challenge.q.social_value", a.plan.social_value.clone())}
                        {(!a.plan.target_group.is_empty()).then(|| answer("admin.challenge.q.target_group", a.plan.target_group.clone()))}
                        {a.plan.execution.map(|e| answer("admin.challenge.q.execution", texts().get(if e == inspraak_api::challenge::Execution::Zelf { "admin.challenge.execution.zelf" } else { "admin.challenge.execution.laten_doen" }).to_owned()))}
                    </dl>
                    <h3>{t.get("admin.challenge.part.organisation")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.organisation", a.organisation.name.clone())}
                        {answer("admin.challenge.q.type", if a.organisation.type_other.is_empty() { organisation_type } else { a.organisation.type_other.clone() })}
                        {answer("admin.challenge.q.kvk", a.organisation.kvk.clone())}
                        {answer("admin.challenge.q.experience", a.organisation.experience.clone())}
                        {(!a.organisation.address.is_empty()).then(|| answer("admin.challenge.q.org_address", format!("{}, {} {}", a.organisation.address, a.organisation.postcode, a.organisation.place)))}
                    </dl>
                    <h3>{t.get("admin.challenge.part.support")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.supporters", a.support.supporters.map(|n| n.to_string()).unwrap_or_default())}
                        {answer("admin.challenge.q.how_shown", a.support.how_shown.clone())}
                    </dl>
                    <h3>{t.get("admin.challenge.part.costs")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.estimate", euros(s.estimate_cents))}
                        {answer("admin.challenge.q.budget", euros(s.budget_cents))}
                        {answer("admin.challenge.q.start", if a.costs.start_date.is_empty() { String::new() } else { date(&a.costs.start_date) })}
                        {a.costs.term_months.map(|n| answer("admin.challenge.q.term", texts().format("admin.challenge.months", &[("n", &n.to_string())])))}
                        {(!a.costs.funding.is_empty()).then(|| answer("admin.challenge.q.funding", a.costs.funding.clone()))}
                    </dl>
                    <h3>{t.get("admin.challenge.part.cooperation")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.support_needed", a.cooperation.support_needed.clone())}
                        {answer("admin.challenge.q.quality", a.cooperation.quality.clone())}
                        {answer("admin.challenge.q.continuity", a.cooperation.continuity.clone())}
                    </dl>
                    <h3>{t.get("admin.challenge.part.contact")}</h3>
                    <dl class="answers">
                        {answer("admin.challenge.q.contact_name", a.contact.name.clone())}
                        {answer("admin.challenge.q.email", a.contact.email.clone())}
                        {answer("admin.challenge.q.phone", a.contact.phone.clone())}
                        {answer("admin.challenge.q.address", format!("{}, {} {}", a.contact.address, a.contact.postcode, a.contact.place).trim_matches([',', ' ']).to_owned())}
                        {answer("admin.challenge.q.authorised", t.get(if a.contact.authorised { "admin.challenge.authorised.yes" } else { "admin.challenge.authorised.no" }).to_owned())}
                    </dl>
                </section>
                <section class="section" aria-labelledby="files-heading">
                    <h2 id="files-heading">{t.get("admin.challenge.attachments")}</h2>
                    {if s.attachments.is_empty() {
                        view! { <p>{t.get("admin.challenge.no_attachments")}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {s.attachments.iter().map(|file| {
                                    let href = api::path(&["challenge-forms", &s.form, "submissions", &s.reference, "attachments", &file.id]);
                                    let kb = file.bytes.div_ceil(1024);
                                    view! { <li><a href=href download=file.file_name.clone()>{texts().format("admin.challenge.download", &[("name", &file.file_name), ("kb", &kb.to_string())])}</a></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <PersonalData submission=s.clone()/>
            }
        })}
    }
}

fn status_label(name: &str) -> Option<&'static str> {
    match name {
        "status" => Some("admin.challenge.next"),
        "outcome" => Some("admin.challenge.outcome"),
        "note" => Some("admin.challenge.note"),
        "term" => Some("admin.challenge.term"),
        "missing" => Some("admin.challenge.missing"),
        _ => None,
    }
}

/// The next step of the workflow, chosen from those the current status allows, with a note; a decision needs its
/// outcome, a request to complete the application its term and what is missing.
#[component]
fn StatusForm(submission: Submission, on_changed: Callback<String>) -> impl IntoView {
    let t = texts();
    let current = submission.status;
    let choices: Vec<ChallengeStatus> = ChallengeStatus::ALL.into_iter().filter(|s| current.may_become(*s)).collect();
    // The usual way on is chosen first: handling, then deciding; the other moves are there to choose.
    let usual = [ChallengeStatus::InBehandeling, ChallengeStatus::BesluitGenomen]
        .into_iter()
        .find(|s| choices.contains(s))
        .or_else(|| choices.first().copied());
    let Some(first) = usual else {
        return view! { <p class="notice notice-info">{t.get("admin.challenge.decided")}</p> }.into_any();
    };
    let next = RwSignal::new(first);
    let outcome = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let term = RwSignal::new(String::new());
    let missing = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(api::idempotency_key());
    let url = api::path(&["challenge-forms", &submission.form, "submissions", &submission.reference, "status"]);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let status = next.get_untracked();
        let asked = status == ChallengeStatus::AanvullingGevraagd;
        let typed_term = term.get_untracked();
        let change = StatusChange {
            status,
            outcome: ChallengeOutcome::from_name(&outcome.get_untracked())
                .filter(|_| status == ChallengeStatus::BesluitGenomen),
            note: Some(note.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
            // Typed the Dutch way; what does not parse goes as typed, for the server to name.
            term: asked.then(|| parse_dutch_date(&typed_term).unwrap_or_else(|_| typed_term.trim().to_owned())),
            missing: asked.then(|| missing.get_untracked()),
        };
        busy.set(true);
        failure.set(None);
        let url = url.clone();
        spawn_local(async move {
            let answer = api::send_once::<_, Submission>(&url, &change, &key.get_value()).await;
            match answer {
                // The form stays busy: the page reloads the application, and this form (with the choices of the
                // status before) gives way to one for the new status. A choice made in between would be lost.
                Ok(changed) => {
                    errors.clear();
                    on_changed.run(
                        texts()
                            .format("admin.challenge.changed", &[("status", texts().get(status_key(changed.status)))]),
                    );
                }
                Err(error) => {
                    busy.set(false);
                    // A refused change may be corrected and sent again: with another body, so another key.
                    key.set_value(api::idempotency_key());
                    errors.set(error.fields().to_vec());
                    if error.fields().is_empty() {
                        failure.set(Some(failure_message(&error)));
                    }
                }
            }
        });
    };
    let outcome_error = errors.of("outcome");
    view! {
        <section class="section status-change" aria-labelledby="status-heading">
            <h2 id="status-heading">{t.get("admin.challenge.next")}</h2>
            {move || failure.get().map(|text| view! { <Notice kind="error" message=text/> })}
            <form class="form" novalidate on:submit=submit>
                <ErrorSummary errors labels=status_label/>
                // Every control, not the button (which keeps the focus): disabled while the change is sent and,
                // after it, until this form gives way to the reloaded one.
                <fieldset class="form-controls" prop:disabled=move || busy.get()>
                <fieldset class="field" id="field-status" tabindex="-1">
                    <legend class="label">{t.get("admin.challenge.next")}</legend>
                    {choices.iter().map(|choice| {
                        let choice = *choice;
                        view! {
                            <label class="option"><input type="radio" name="status" value=choice.as_str()
                                prop:checked=move || next.get() == choice
                                on:change=move |_| next.set(choice)/>" "{t.get(status_key(choice))}</label>
                        }
                    }).collect_view()}
                </fieldset>
                {move || (next.get() == ChallengeStatus::BesluitGenomen).then(|| view! {
                    <fieldset class="field" id="field-outcome" tabindex="-1" class:field-invalid=move || outcome_error.with(Option::is_some)
                        aria-describedby=move || outcome_error.with(Option::is_some).then_some("field-outcome-error")>
                        <legend class="label">{t.get("admin.challenge.outcome")}</legend>
                        <crate::ui::FieldMessage id="field-outcome" error=outcome_error/>
                        {ChallengeOutcome::ALL.into_iter().map(|o| view! {
                            <label class="option"><input type="radio" name="outcome" value=o.as_str()
                                prop:checked=move || outcome.get() == o.as_str()
                                on:change=move |_| outcome.set(o.as_str().to_owned())/>" "{t.get(outcome_key(o))}</label>
                        }).collect_view()}
                    </fieldset>
                })}
                {move || (next.get() == ChallengeStatus::AanvullingGevraagd).then(|| view! {
                    <TextInput name="term" label=t.get("admin.challenge.term") hint=t.get("admin.challenge.term_hint") value=term errors/>
                    <TextInput name="missing" label=t.get("admin.challenge.missing") hint=t.get("admin.challenge.missing_hint") value=missing errors multiline=true/>
                })}
                {move || (next.get() == ChallengeStatus::BuitenBehandeling).then(|| view! {
                    <p class="hint">{t.get("admin.challenge.not_considered_hint")}</p>
                })}
                <TextInput name="note" label=t.get("admin.challenge.note") hint=t.get("admin.challenge.note_hint") value=note errors multiline=true/>
                </fieldset>
                <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>
                    {move || texts().format("admin.challenge.move_button", &[("status", t.get(status_key(next.get())))])}
                </button>
            </form>
        </section>
    }
    .into_any()
}

/// One person's data (AVG article 15) as a file, and erasure of this application (article 17).
#[component]
fn PersonalData(submission: Submission) -> impl IntoView {
    let t = texts();
    let nav = expect_context::<Nav>();
    let message = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);
    let email = submission.application.contact.email.clone();
    let export = Callback::new(move |()| {
        let email = email.clone();
        busy.set(true);
        spawn_local(async move {
            #[derive(serde::Serialize)]
            struct Query {
                email: String,
            }
            let answer = api::post_for_text(&api::path(&["challenge-submissions", "by-email"]), &Query { email }).await;
            busy.set(false);
            match answer {
                Ok(text) => {
                    download("persoonsgegevens.json", &text, "application/json");
                    message.set(Some(("success".into(), texts().get("admin.challenge.exported").into())));
                }
                Err(error) => message.set(Some(("error".into(), failure_message(&error)))),
            }
        });
    });
    let url = api::path(&["challenge-forms", &submission.form, "submissions", &submission.reference]);
    let form = submission.form.clone();
    let erase = Callback::new(move |()| {
        let url = url.clone();
        let form = form.clone();
        busy.set(true);
        spawn_local(async move {
            let answer = api::delete(&url).await;
            busy.set(false);
            match answer {
                Ok(()) => nav.go(&format!("{}?verwijderd=1", Page::Inbox(form).href()), false),
                Err(error) => message.set(Some(("error".into(), failure_message(&error)))),
            }
        });
    });
    view! {
        <section class="section" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">{t.get("admin.challenge.privacy")}</h2>
            <p>{texts().format("admin.challenge.deleted_after", &[("date", &date_time(&submission.delete_after))])}</p>
            {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
            <h3>{t.get("admin.challenge.export_title")}</h3>
            <p>{texts().format("admin.challenge.export_text", &[("email", &submission.application.contact.email)])}</p>
            <ConfirmButton label=t.get("admin.challenge.export") question=t.get("admin.challenge.export_question")
                confirm=t.get("admin.challenge.export_confirm") on_confirm=export busy=busy.into()/>
            <h3>{t.get("admin.challenge.erase_title")}</h3>
            <p>{t.get("admin.challenge.erase_text")}</p>
            <ConfirmButton label=t.get("admin.challenge.erase") question=t.get("admin.challenge.erase_question")
                confirm=t.get("admin.challenge.erase_confirm") on_confirm=erase busy=busy.into()/>
        </section>
    }
}
