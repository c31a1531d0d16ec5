//! Polls: the list with status and votes; a poll's page with its results (chart and table, CSV), opening and
//! closing, voting codes for a mail merge and the embed code; the editor, with the real poll element as a live
//! preview beside the form, a draft kept in this browser until the poll is saved, and a warning instead of an
//! overwrite when someone else saved the same poll in the meantime (ETag and If-Match).

use inspraak_api::{
    Address, ChoiceMode, CodeCounts, NewCodes, NewPoll, OptionImage, OutcomeKind, Poll, PollFeedback, PollImage,
    PollOption, PollOutcome, PollResults, PollStatus, ProblemKind, ResultsVisibility, VotingCodes,
};
use inspraak_widget_core::{browser, json};
use leptos::{html, prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};

use super::Breadcrumbs;
use crate::{
    api::{self, Failure},
    router::{Link, Nav, Page},
    ui::{
        CheckboxInput, ConfirmButton, ErrorSummary, FormErrors, Notice, PageHeading, SelectInput, TextInput, copy,
        date_time, download, failure_message, from_local_input, load, loaded, texts, to_local_input,
    },
};

pub mod preview;

fn status_key(status: PollStatus) -> &'static str {
    match status {
        PollStatus::Upcoming => "admin.poll.status.upcoming",
        PollStatus::Open => "admin.poll.status.open",
        PollStatus::Closed => "admin.poll.status.closed",
    }
}

fn status_class(status: PollStatus) -> &'static str {
    match status {
        PollStatus::Upcoming => "badge badge-upcoming",
        PollStatus::Open => "badge badge-open",
        PollStatus::Closed => "badge badge-closed",
    }
}

/// A poll with its results, for the list.
#[derive(Clone)]
struct Row {
    poll: Poll,
    voters: Option<u64>,
}

async fn rows() -> Result<Vec<Row>, Failure> {
    let polls: Vec<Poll> = api::get(&api::path(&["polls"])).await?;
    let mut rows = Vec::with_capacity(polls.len());
    for poll in polls {
        let results: Option<PollResults> = api::get(&api::path(&["polls", &poll.id, "results"])).await.ok();
        rows.push(Row { voters: results.map(|r| r.voters), poll });
    }
    Ok(rows)
}

#[component]
pub fn PollList() -> impl IntoView {
    let t = texts();
    let (state, retry) = load(rows);
    view! {
        <PageHeading title=t.get("admin.polls.title")/>
        <p class="intro">{t.get("admin.polls.intro")}</p>
        <p><Link href=Page::PollNew.href() class="button primary">{t.get("admin.polls.new")}</Link></p>
        {loaded(state, retry, move |rows: Vec<Row>| {
            if rows.is_empty() {
                return view! { <p>{t.get("admin.polls.none")}</p> }.into_any();
            }
            view! {
                <table class="table">
                    <caption class="visually-hidden">{t.get("admin.polls.title")}</caption>
                    <thead><tr>
                        <th scope="col">{t.get("admin.poll.question")}</th>
                        <th scope="col">{t.get("admin.poll.status")}</th>
                        <th scope="col" class="number">{t.get("admin.poll.voters")}</th>
                        <th scope="col">{t.get("admin.poll.closes_on")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! {
                            <tr>
                                <td><Link href=Page::Poll(row.poll.id.clone()).href()>{row.poll.question.clone()}</Link>
                                    <br/><span class="meta">{row.poll.id.clone()}</span></td>
                                <td><span class=status_class(row.poll.status)>{t.get(status_key(row.poll.status))}</span></td>
                                <td class="number">{row.voters.map_or_else(|| "–".to_owned(), |v| v.to_string())}</td>
                                <td>{row.poll.closes_at.as_deref().map_or_else(|| t.get("admin.poll.no_end").to_owned(), date_time)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })}
    }
}

/// What the poll page shows.
#[derive(Clone)]
struct Detail {
    poll: Poll,
    etag: Option<String>,
    results: PollResults,
    codes: Option<CodeCounts>,
}

async fn detail(id: String) -> Result<Detail, Failure> {
    let (poll, etag) = api::get_versioned::<Poll>(&api::path(&["polls", &id])).await?;
    let results = api::get(&api::path(&["polls", &id, "results"])).await?;
    let codes = if poll.requires_code { api::get(&api::path(&["polls", &id, "codes"])).await.ok() } else { None };
    Ok(Detail { poll, etag, results, codes })
}

/// The poll as its editor would send it back.
pub fn as_new(poll: &Poll) -> NewPoll {
    NewPoll {
        id: poll.id.clone(),
        question: poll.question.clone(),
        description: poll.description.clone(),
        options: poll.options.clone(),
        choice: poll.choice,
        max_choices: (poll.choice == ChoiceMode::Multiple).then_some(poll.max_choices),
        opens_at: poll.opens_at.clone(),
        closes_at: poll.closes_at.clone(),
        results: poll.results,
        requires_code: poll.requires_code,
        outcome: poll.outcome.clone(),
        eligibility: poll.eligibility.clone(),
        address: poll.address,
    }
}

#[component]
pub fn PollDetail(id: String) -> impl IntoView {
    let t = texts();
    let fetch_id = id.clone();
    let (state, retry) = load(move || detail(fetch_id.clone()));
    let message = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);

    let close = {
        let id = id.clone();
        Callback::new(move |()| {
            let id = id.clone();
            busy.set(true);
            spawn_local(async move {
                let answer = api::post_empty::<Poll>(&api::path(&["polls", &id, "close"])).await;
                busy.set(false);
                match answer {
                    Ok(_) => {
                        message.set(Some(("success".into(), texts_get("admin.poll.closed_now"))));
                        retry();
                    }
                    Err(error) => message.set(Some(("error".into(), failure_message(&error)))),
                }
            });
        })
    };
    let reopen = move |detail: &Detail| {
        let mut new = as_new(&detail.poll);
        new.closes_at = None;
        let etag = detail.etag.clone();
        let id = detail.poll.id.clone();
        busy.set(true);
        spawn_local(async move {
            let answer = api::send::<_, Poll>("PUT", &api::path(&["polls", &id]), &new, etag.as_deref()).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    message.set(Some(("success".into(), texts_get("admin.poll.opened_now"))));
                    retry();
                }
                Err(error) => message.set(Some(("error".into(), failure_message(&error)))),
            }
        });
    };

    view! {
        <Breadcrumbs trail=vec![(Page::Polls.href(), t.get("admin.polls.title").to_owned()), (Page::Poll(id.clone()).href(), id.clone())]/>
        {loaded(state, retry, move |detail: Detail| {
            let poll = detail.poll.clone();
            let status = poll.status;
            let stored = StoredValue::new(detail.clone());
            view! {
                <PageHeading title=poll.question.clone()/>
                <p><span class=status_class(status)>{t.get(status_key(status))}</span>
                    " "<span class="meta">{t.format("admin.poll.id_line", &[("id", &poll.id)])}</span></p>
                {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
                <div class="actions">
                    <Link href=Page::PollEdit(poll.id.clone()).href() class="button secondary">{t.get("admin.poll.edit")}</Link>
                    {(status != PollStatus::Closed).then(|| view! {
                        <ConfirmButton label=t.get("admin.poll.close") question=t.get("admin.poll.close_question")
                            confirm=t.get("admin.poll.close_confirm") on_confirm=close busy=busy.into()/>
                    })}
                    {(status == PollStatus::Closed).then(|| view! {
                        <button type="button" class="button secondary" aria-disabled=move || busy.get().then_some("true")
                            on:click=move |_| if !busy.get_untracked() { stored.with_value(reopen) }>
                            {t.get("admin.poll.reopen")}
                        </button>
                    })}
                </div>
                <ResultsView poll=poll.clone() results=detail.results.clone()/>
                {(status == PollStatus::Closed).then(|| view! { <Feedback poll=poll.clone()/> })}
                {poll.requires_code.then(|| view! { <Codes poll=poll.id.clone() counts=detail.codes.clone()/> })}
                <EmbedCode poll=poll.id.clone()/>
            }
        })}
    }
}

fn texts_get(key: &'static str) -> String {
    texts().get(key).to_owned()
}

/// The results as a bar chart and the same numbers as a table, with the CSV download.
#[component]
fn ResultsView(poll: Poll, results: PollResults) -> impl IntoView {
    let t = texts();
    let rows: Vec<(String, u64, u64)> = poll
        .options
        .iter()
        .map(|option| {
            let counted = results.options.iter().find(|o| o.id == option.id);
            let votes = counted.map_or(0, |o| o.votes);
            let percent = counted.map_or(0, |o| results.percent(o));
            (option.label.clone(), votes, percent)
        })
        .collect();
    let csv = api::path(&["polls", &poll.id, "results.csv"]);
    view! {
        <section class="section" aria-labelledby="results-heading">
            <h2 id="results-heading">{t.get("admin.results.title")}</h2>
            <p>{t.plural("admin.results.voters", results.voters, &[])}</p>
            <div class="chart" aria-hidden="true">
                {rows.iter().map(|(label, _, percent)| view! {
                    <div class="chart-row">
                        <span class="chart-label">{label.clone()}</span>
                        <span class="chart-bar"><span class="chart-fill" style:width=format!("{percent}%")></span></span>
                        <span class="chart-value">{format!("{percent}%")}</span>
                    </div>
                }).collect_view()}
            </div>
            <table class="table">
                <caption>{t.get("admin.results.table")}</caption>
                <thead><tr>
                    <th scope="col">{t.get("admin.results.option")}</th>
                    <th scope="col" class="number">{t.get("admin.results.votes")}</th>
                    <th scope="col" class="number">{t.get("admin.results.percent")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, votes, percent)| view! {
                        <tr><th scope="row">{label}</th><td class="number">{votes}</td><td class="number">{format!("{percent}%")}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv class="button secondary" download>{t.get("admin.results.csv")}</a></p>
        </section>
    }
}

/// After the close: what the municipality did with the result ("Wat hebben we gedaan?"), shown in the widget.
#[component]
fn Feedback(poll: Poll) -> impl IntoView {
    let t = texts();
    let text = RwSignal::new(poll.feedback.clone().unwrap_or_default());
    let errors = FormErrors::new();
    let message = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);
    let id = poll.id.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let body = PollFeedback { feedback: text.get_untracked() };
            let answer = api::send::<_, Poll>("PUT", &api::path(&["polls", &id, "feedback"]), &body, None).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    errors.clear();
                    message.set(Some(("success".into(), texts_get("admin.poll.feedback_saved"))));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    message.set(Some(("error".into(), failure_message(&error))));
                }
            }
        });
    };
    view! {
        <section class="section" aria-labelledby="feedback-heading">
            <h2 id="feedback-heading">{t.get("admin.poll.feedback_title")}</h2>
            {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
            <form class="form" novalidate on:submit=submit>
                <TextInput name="feedback" label=t.get("admin.poll.feedback") hint=t.get("admin.poll.feedback_hint")
                    value=text errors multiline=true/>
                <div class="actions">
                    <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>{t.get("admin.poll.feedback_save")}</button>
                </div>
            </form>
        </section>
    }
}

/// Voting codes: how many were made and used, and a new batch as a CSV file for a mail merge.
#[component]
fn Codes(poll: String, counts: Option<CodeCounts>) -> impl IntoView {
    let t = texts();
    // Counted here after a batch, so the page is not drawn again and the notice about the file stays.
    let counts = RwSignal::new(counts);
    let count = RwSignal::new("100".to_owned());
    let errors = FormErrors::new();
    let message = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(api::idempotency_key());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Ok(number) = count.get_untracked().trim().parse::<u32>() else {
            errors.set(vec![inspraak_api::FieldError::new("count", inspraak_api::FieldErrorCode::Format, "")]);
            return;
        };
        errors.clear();
        busy.set(true);
        let poll = poll.clone();
        spawn_local(async move {
            let answer = api::send_once::<_, VotingCodes>(
                &api::path(&["polls", &poll, "codes"]),
                &NewCodes { count: number },
                &key.get_value(),
            )
            .await;
            busy.set(false);
            match answer {
                Ok(made) => {
                    key.set_value(api::idempotency_key());
                    let mut csv = String::from("poll,code\r\n");
                    for code in &made.codes {
                        csv.push_str(&format!("{},{code}\r\n", made.poll));
                    }
                    download(&format!("{}-codes.csv", made.poll), &csv, "text/csv");
                    message.set(Some((
                        "success".into(),
                        texts().format("admin.codes.made", &[("count", &made.codes.len().to_string())]),
                    )));
                    counts.update(|c| {
                        if let Some(c) = c {
                            c.issued += made.codes.len() as u64;
                        }
                    });
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    message.set(Some(("error".into(), failure_message(&error))));
                }
            }
        });
    };
    view! {
        <section class="section" aria-labelledby="codes-heading">
            <h2 id="codes-heading">{t.get("admin.codes.title")}</h2>
            {move || counts.get().map(|c| view! { <p>{texts().format("admin.codes.counts", &[("issued", &c.issued.to_string()), ("used", &c.used.to_string())])}</p> })}
            {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
            <form class="form form-inline" novalidate on:submit=submit>
                <TextInput name="count" label=t.get("admin.codes.count") hint=t.get("admin.codes.hint") value=count errors input_type="number"/>
                <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>{t.get("admin.codes.make")}</button>
            </form>
        </section>
    }
}

/// The widget build, as the server publishes it (`/widgets/manifest.json`): its version and the script's hash.
#[derive(Clone, Deserialize)]
struct Manifest {
    version: String,
    files: std::collections::BTreeMap<String, String>,
}

/// The code a webmaster pastes: the element or a `div` (for a CMS that strips unknown elements), the latest build
/// or a pinned one with its Subresource Integrity hash; with a copy button.
#[component]
fn EmbedCode(poll: String) -> impl IntoView {
    let t = texts();
    let origin = window().location().origin().unwrap_or_default();
    let manifest = RwSignal::new(None::<Manifest>);
    spawn_local(async move {
        let answer = gloo_net::http::Request::get("/widgets/manifest.json").send().await;
        if let Ok(response) = answer
            && response.ok()
            && let Ok(text) = response.text().await
            && let Ok(found) = json::parse::<Manifest>(&text)
        {
            manifest.set(Some(found));
        }
    });
    let element = RwSignal::new(true);
    let pinned = RwSignal::new(false);
    let copied = RwSignal::new(None::<&'static str>);
    let code = Memo::new(move |_| {
        let manifest = manifest.get();
        let script = match (pinned.get(), manifest) {
            (true, Some(m)) => format!(
                "<script type=\"module\" src=\"{origin}/widgets/{}/inspraak.js\"\n        integrity=\"{}\" crossorigin=\"anonymous\"></script>",
                m.version,
                m.files.get("inspraak.js").cloned().unwrap_or_default()
            ),
            _ => format!("<script type=\"module\" src=\"{origin}/widgets/latest/inspraak.js\"></script>"),
        };
        let widget = if element.get() {
            format!("<inspraak-poll poll=\"{poll}\"></inspraak-poll>")
        } else {
            format!("<div data-inspraak=\"poll\" data-api=\"{origin}/v1\" data-poll=\"{poll}\"></div>")
        };
        format!("{script}\n{widget}")
    });
    let copy_code = move |_| {
        let text = code.get_untracked();
        spawn_local(async move {
            let done = copy(&text).await;
            copied.set(Some(if done { "admin.embed.copied" } else { "admin.embed.copy_failed" }));
        });
    };
    view! {
        <section class="section" aria-labelledby="embed-heading">
            <h2 id="embed-heading">{t.get("admin.embed.title")}</h2>
            <p>{t.get("admin.embed.intro")}</p>
            <fieldset class="field">
                <legend class="label">{t.get("admin.embed.kind")}</legend>
                <label class="option"><input type="radio" name="embed-kind" prop:checked=move || element.get()
                    on:change=move |_| element.set(true)/>" "{t.get("admin.embed.element")}</label>
                <label class="option"><input type="radio" name="embed-kind" prop:checked=move || !element.get()
                    on:change=move |_| element.set(false)/>" "{t.get("admin.embed.div")}</label>
            </fieldset>
            <fieldset class="field">
                <legend class="label">{t.get("admin.embed.version")}</legend>
                <label class="option"><input type="radio" name="embed-version" prop:checked=move || !pinned.get()
                    on:change=move |_| pinned.set(false)/>" "{t.get("admin.embed.latest")}</label>
                <label class="option"><input type="radio" name="embed-version" prop:checked=move || pinned.get()
                    disabled=move || manifest.with(Option::is_none)
                    on:change=move |_| pinned.set(true)/>" "{t.get("admin.embed.pinned")}</label>
            </fieldset>
            <pre class="code" id="embed-code" tabindex="0" aria-label=t.get("admin.embed.code")><code>{move || code.get()}</code></pre>
            <div class="actions">
                <button type="button" class="button secondary" on:click=copy_code>{t.get("admin.embed.copy")}</button>
                <span role="status" class="status">{move || copied.get().map(|key| t.get(key))}</span>
            </div>
        </section>
    }
}

/// One answer in the editor: its id (kept for votes already cast), its label, and what it may show besides.
#[derive(Clone)]
struct OptionRow {
    key: usize,
    id: String,
    label: RwSignal<String>,
    description: RwSignal<String>,
    link: RwSignal<String>,
    image: RwSignal<Option<OptionImage>>,
    alt: RwSignal<String>,
}

/// An answer as the draft keeps it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct DraftOption {
    id: String,
    label: String,
    description: String,
    link: String,
    image: Option<OptionImage>,
    alt: String,
}

impl DraftOption {
    fn of(option: &PollOption) -> DraftOption {
        DraftOption {
            id: option.id.clone(),
            label: option.label.clone(),
            description: option.description.clone().unwrap_or_default(),
            link: option.link.clone().unwrap_or_default(),
            alt: option.image.as_ref().map(|i| i.alt.clone()).unwrap_or_default(),
            image: option.image.clone(),
        }
    }
}

/// What the editor holds, as kept in this browser between visits until saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Draft {
    id: String,
    question: String,
    description: String,
    options: Vec<DraftOption>,
    choice: String,
    max_choices: String,
    opens_at: String,
    closes_at: String,
    results: String,
    requires_code: bool,
    eligibility: String,
    /// "", "advisory" or "binding".
    outcome_kind: String,
    decided_by: String,
    published_on: String,
    published_where: String,
    address: String,
}

impl Draft {
    fn of(poll: &Poll) -> Draft {
        Draft {
            id: poll.id.clone(),
            question: poll.question.clone(),
            description: poll.description.clone().unwrap_or_default(),
            options: poll.options.iter().map(DraftOption::of).collect(),
            choice: poll.choice.as_str().to_owned(),
            max_choices: if poll.choice == ChoiceMode::Multiple { poll.max_choices.to_string() } else { String::new() },
            opens_at: poll.opens_at.as_deref().map(to_local_input).unwrap_or_default(),
            closes_at: poll.closes_at.as_deref().map(to_local_input).unwrap_or_default(),
            results: poll.results.as_str().to_owned(),
            requires_code: poll.requires_code,
            eligibility: poll.eligibility.clone().unwrap_or_default(),
            outcome_kind: poll.outcome.as_ref().map(|o| o.kind.as_str().to_owned()).unwrap_or_default(),
            decided_by: poll.outcome.as_ref().map(|o| o.decided_by.clone()).unwrap_or_default(),
            published_on: poll.outcome.as_ref().and_then(|o| o.published_on.clone()).unwrap_or_default(),
            published_where: poll.outcome.as_ref().and_then(|o| o.published_where.clone()).unwrap_or_default(),
            address: poll.address.as_str().to_owned(),
        }
    }

    fn empty() -> Draft {
        Draft {
            options: vec![DraftOption::default(), DraftOption::default()],
            choice: "single".into(),
            results: "after_vote".into(),
            address: "je".into(),
            ..Draft::default()
        }
    }
}

fn draft_key(id: Option<&str>) -> String {
    format!("inspraak:admin:draft:poll:{}", id.unwrap_or(":new"))
}

/// An id from a label: lowercase letters and digits, dashes between words (`Speeltuin in het park` → `speeltuin-in-het-park`).
pub fn slug(label: &str) -> String {
    let mut slug = String::new();
    for c in label.chars() {
        let c = match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(40).collect::<String>().trim_end_matches('-').to_owned()
}

fn label_of(name: &str) -> Option<&'static str> {
    let field = name.split('.').next().unwrap_or(name);
    Some(match field {
        "id" => "admin.poll.id",
        "question" => "admin.poll.question",
        "description" => "admin.poll.description",
        "options" => "admin.poll.options",
        "choice" => "admin.poll.choice",
        "max_choices" => "admin.poll.max_choices",
        "opens_at" => "admin.poll.opens_at",
        "closes_at" => "admin.poll.closes_at",
        "results" => "admin.poll.results",
        "eligibility" => "admin.poll.eligibility",
        "outcome" => "admin.poll.outcome",
        "address" => "admin.poll.address",
        _ => return None,
    })
}

/// Creates a poll (`id` None) or edits one, with the live preview beside the form.
#[component]
pub fn PollEditor(id: Option<String>) -> impl IntoView {
    let t = texts();
    match id {
        None => view! { <EditorForm original=None etag=None/> }.into_any(),
        Some(id) => {
            let fetch_id = id.clone();
            let (state, retry) = load(move || {
                let id = fetch_id.clone();
                async move { api::get_versioned::<Poll>(&api::path(&["polls", &id])).await }
            });
            view! {
                <Breadcrumbs trail=vec![
                    (Page::Polls.href(), t.get("admin.polls.title").to_owned()),
                    (Page::Poll(id.clone()).href(), id.clone()),
                    (Page::PollEdit(id.clone()).href(), t.get("admin.poll.edit").to_owned()),
                ]/>
                {loaded(state, retry, |(poll, etag): (Poll, Option<String>)| view! { <EditorForm original=Some(poll) etag/> })}
            }
            .into_any()
        }
    }
}

#[component]
fn EditorForm(original: Option<Poll>, etag: Option<String>) -> impl IntoView {
    let t = texts();
    let nav = expect_context::<Nav>();
    let editing = original.as_ref().map(|p| p.id.clone());
    let key = draft_key(editing.as_deref());
    let from_server = original.as_ref().map_or_else(Draft::empty, Draft::of);
    let saved_draft =
        browser::stored(&key).and_then(|text| json::parse::<Draft>(&text).ok()).filter(|d| *d != from_server);
    let restored = saved_draft.is_some();
    let start = saved_draft.unwrap_or_else(|| from_server.clone());

    let id = RwSignal::new(start.id.clone());
    let question = RwSignal::new(start.question.clone());
    let description = RwSignal::new(start.description.clone());
    let next_key = StoredValue::new(0usize);
    let make_row = move |option: DraftOption| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        OptionRow {
            key,
            id: option.id,
            label: RwSignal::new(option.label),
            description: RwSignal::new(option.description),
            link: RwSignal::new(option.link),
            image: RwSignal::new(option.image),
            alt: RwSignal::new(option.alt),
        }
    };
    let options = RwSignal::new(start.options.clone().into_iter().map(make_row).collect::<Vec<_>>());
    let choice = RwSignal::new(start.choice.clone());
    let max_choices = RwSignal::new(start.max_choices.clone());
    let opens_at = RwSignal::new(start.opens_at.clone());
    let closes_at = RwSignal::new(start.closes_at.clone());
    let results = RwSignal::new(start.results.clone());
    let requires_code = RwSignal::new(start.requires_code);
    let eligibility = RwSignal::new(start.eligibility.clone());
    let outcome_kind = RwSignal::new(start.outcome_kind.clone());
    let decided_by = RwSignal::new(start.decided_by.clone());
    let published_on = RwSignal::new(start.published_on.clone());
    let published_where = RwSignal::new(start.published_where.clone());
    let address = RwSignal::new(start.address.clone());
    let etag = RwSignal::new(etag);
    let errors = FormErrors::new();
    let message = RwSignal::new(restored.then(|| ("info".to_owned(), t.get("admin.poll.draft_restored").to_owned())));
    let conflict = RwSignal::new(None::<(Poll, Option<String>)>);
    let busy = RwSignal::new(false);
    let create_key = StoredValue::new(api::idempotency_key());
    let message_ref = NodeRef::<html::Div>::new();

    let draft = Memo::new(move |_| Draft {
        id: id.get(),
        question: question.get(),
        description: description.get(),
        options: options
            .get()
            .iter()
            .map(|o| DraftOption {
                id: o.id.clone(),
                label: o.label.get(),
                description: o.description.get(),
                link: o.link.get(),
                image: o.image.get(),
                alt: o.alt.get(),
            })
            .collect(),
        choice: choice.get(),
        max_choices: max_choices.get(),
        opens_at: opens_at.get(),
        closes_at: closes_at.get(),
        results: results.get(),
        requires_code: requires_code.get(),
        eligibility: eligibility.get(),
        outcome_kind: outcome_kind.get(),
        decided_by: decided_by.get(),
        published_on: published_on.get(),
        published_where: published_where.get(),
        address: address.get(),
    });
    // Every change is kept in this browser, so a closed tab or an ended session loses nothing.
    {
        let key = key.clone();
        let from_server = from_server.clone();
        Effect::new(move |_| {
            let draft = draft.get();
            if draft == from_server {
                browser::forget(&key);
            } else if let Ok(text) = json::stringify(&draft) {
                browser::store(&key, &text);
            }
        });
    }
    let fill = move |draft: Draft| {
        id.set(draft.id);
        question.set(draft.question);
        description.set(draft.description);
        options.set(draft.options.into_iter().map(make_row).collect());
        choice.set(draft.choice);
        max_choices.set(draft.max_choices);
        opens_at.set(draft.opens_at);
        closes_at.set(draft.closes_at);
        results.set(draft.results);
        requires_code.set(draft.requires_code);
        eligibility.set(draft.eligibility);
        outcome_kind.set(draft.outcome_kind);
        decided_by.set(draft.decided_by);
        published_on.set(draft.published_on);
        published_where.set(draft.published_where);
        address.set(draft.address);
    };

    let to_new = move |draft: &Draft| -> NewPoll {
        let mut taken: Vec<String> = draft.options.iter().map(|o| o.id.clone()).filter(|id| !id.is_empty()).collect();
        let filled = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let options = draft
            .options
            .iter()
            .enumerate()
            .map(|(n, DraftOption { id, label, description, link, image, alt })| {
                let id = if id.is_empty() {
                    let base = slug(label);
                    let base = if base.is_empty() { format!("optie-{}", n + 1) } else { base };
                    let mut candidate = base.clone();
                    let mut counter = 2;
                    while taken.contains(&candidate) {
                        candidate = format!("{base}-{counter}");
                        counter += 1;
                    }
                    taken.push(candidate.clone());
                    candidate
                } else {
                    id.clone()
                };
                PollOption {
                    id,
                    label: label.trim().to_owned(),
                    description: filled(description),
                    link: filled(link),
                    image: image.clone().map(|image| OptionImage { alt: alt.trim().to_owned(), ..image }),
                }
            })
            .collect();
        let multiple = draft.choice == "multiple";
        NewPoll {
            id: draft.id.trim().to_owned(),
            question: draft.question.trim().to_owned(),
            description: Some(draft.description.trim().to_owned()).filter(|d| !d.is_empty()),
            options,
            choice: if multiple { ChoiceMode::Multiple } else { ChoiceMode::Single },
            max_choices: if multiple { draft.max_choices.trim().parse().ok() } else { None },
            opens_at: from_local_input(&draft.opens_at),
            closes_at: from_local_input(&draft.closes_at),
            results: ResultsVisibility::from_name(&draft.results).unwrap_or(ResultsVisibility::AfterVote),
            requires_code: draft.requires_code,
            outcome: OutcomeKind::from_name(&draft.outcome_kind).map(|kind| PollOutcome {
                kind,
                decided_by: draft.decided_by.trim().to_owned(),
                published_on: filled(&draft.published_on),
                published_where: filled(&draft.published_where),
            }),
            eligibility: filled(&draft.eligibility),
            address: Address::from_name(&draft.address).unwrap_or_default(),
        }
    };

    let editing_for_save = editing.clone();
    let save = move |overwrite_with: Option<Option<String>>| {
        if busy.get_untracked() {
            return;
        }
        let draft = draft.get_untracked();
        let new = to_new(&draft);
        busy.set(true);
        message.set(None);
        let editing = editing_for_save.clone();
        let key = key.clone();
        spawn_local(async move {
            let answer = match &editing {
                None => api::send_once::<_, Poll>(&api::path(&["polls"]), &new, &create_key.get_value())
                    .await
                    .map(|p| (p, None)),
                Some(id) => {
                    let tag = overwrite_with.unwrap_or_else(|| etag.get_untracked());
                    api::send::<_, Poll>("PUT", &api::path(&["polls", id]), &new, tag.as_deref()).await
                }
            };
            busy.set(false);
            match answer {
                Ok((poll, _)) => {
                    browser::forget(&key);
                    errors.clear();
                    nav.to(&Page::Poll(poll.id));
                }
                Err(error) => {
                    // The code name left empty is a field to fill in, not one filled in wrongly.
                    let fields = error.fields().iter().cloned().map(|mut field| {
                        if field.name == "id" && new.id.is_empty() {
                            field.code = inspraak_api::FieldErrorCode::Required;
                        }
                        field
                    });
                    // The API names `options[1].label`; the editor's fields are `options.1.label`.
                    let fields = fields.map(|mut field| {
                        field.name = field.name.replace('[', ".").replace(']', "");
                        field
                    });
                    errors.set(fields.collect());
                    if error.kind() == Some(ProblemKind::PreconditionFailed)
                        && let Some(id) = &editing
                    {
                        conflict.set(api::get_versioned::<Poll>(&api::path(&["polls", id])).await.ok());
                    }
                    if error.fields().is_empty() {
                        message.set(Some(("error".into(), failure_message(&error))));
                        browser::focus_soon(move || message_ref.get().map(Into::into));
                    }
                    if error.kind() == Some(ProblemKind::AlreadyExists) {
                        create_key.set_value(api::idempotency_key());
                    }
                }
            }
        });
    };
    let save_now = save.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save_now(None);
    };

    let preview = Signal::derive(move || {
        let draft = draft.get();
        let new = to_new(&draft);
        Poll {
            id: if new.id.is_empty() { "voorbeeld".into() } else { new.id.clone() },
            question: if new.question.is_empty() {
                texts().get("admin.poll.preview_question").to_owned()
            } else {
                new.question.clone()
            },
            description: new.description.clone(),
            max_choices: new.effective_max_choices(),
            options: new.options.iter().filter(|o| !o.label.is_empty()).cloned().collect(),
            choice: new.choice,
            opens_at: None,
            closes_at: new.closes_at.clone(),
            results: new.results,
            status: PollStatus::Open,
            requires_code: new.requires_code,
            outcome: new.outcome.clone(),
            eligibility: new.eligibility.clone(),
            feedback: None,
            address: new.address,
        }
    });

    let title = if editing.is_some() { t.get("admin.poll.edit_title") } else { t.get("admin.poll.new_title") };
    let add_option = move |_| {
        options.update(|rows| rows.push(make_row(DraftOption::default())));
        let last = options.with_untracked(Vec::len) - 1;
        browser::focus_soon(move || {
            document()
                .get_element_by_id(&format!("field-options-{last}-label"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok())
        });
    };
    let is_new = editing.is_none();
    let save_for_conflict = save.clone();

    view! {
        {is_new.then(|| view! {
            <Breadcrumbs trail=vec![(Page::Polls.href(), t.get("admin.polls.title").to_owned()), (Page::PollNew.href(), t.get("admin.poll.new_title").to_owned())]/>
        })}
        <PageHeading title/>
        <div tabindex="-1" node_ref=message_ref>
            {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
        </div>
        {move || conflict.get().map(|(theirs, their_tag)| {
            let overwrite = save_for_conflict.clone();
            let tag = their_tag.clone();
            view! {
                <div class="notice notice-warning" role="alert">
                    <p><strong>{t.get("admin.poll.conflict_title")}</strong></p>
                    <p>{t.get("admin.poll.conflict_text")}</p>
                    <div class="actions">
                        <button type="button" class="button secondary" on:click=move |_| {
                            fill(Draft::of(&theirs));
                            etag.set(their_tag.clone());
                            conflict.set(None);
                            errors.clear();
                        }>{t.get("admin.poll.conflict_load")}</button>
                        <button type="button" class="button danger" on:click=move |_| {
                            etag.set(tag.clone());
                            conflict.set(None);
                            overwrite(Some(tag.clone()));
                        }>{t.get("admin.poll.conflict_overwrite")}</button>
                    </div>
                </div>
            }
        })}
        <div class="editor">
            <form class="form editor-form" novalidate on:submit=submit>
                <ErrorSummary errors labels=label_of/>
                <TextInput name="question" label=t.get("admin.poll.question") value=question errors required=true/>
                <TextInput name="description" label=t.get("admin.poll.description") hint=t.get("admin.optional") value=description errors multiline=true/>
                <TextInput name="id" label=t.get("admin.poll.id") hint=t.get(if is_new { "admin.poll.id_hint" } else { "admin.poll.id_fixed" })
                    value=id errors required=true disabled=!is_new/>
                <fieldset class="field" id="field-options" tabindex="-1">
                    <legend class="label">{t.get("admin.poll.options")}</legend>
                    <p class="hint">{t.get("admin.poll.options_hint")}</p>
                    <crate::ui::FieldMessage id="field-options" error=errors.of("options")/>
                    <For each=move || options.get() key=|row| row.key let:row>
                        {
                            let index = move || options.with(|rows| rows.iter().position(|r| r.key == row.key).unwrap_or(0));
                            let remove_key = row.key;
                            view! {
                                <div class="option-row">
                                    {move || {
                                        let n = index();
                                        let number = (n + 1).to_string();
                                        view! {
                                            <TextInput name=format!("options.{n}.label") label=texts().format("admin.poll.option_n", &[("n", &number)])
                                                value=row.label errors/>
                                            <TextInput name=format!("options.{n}.description") label=texts().format("admin.poll.option_description", &[("n", &number)])
                                                hint=texts().get("admin.optional") value=row.description errors multiline=true/>
                                            <TextInput name=format!("options.{n}.link") label=texts().format("admin.poll.option_link", &[("n", &number)])
                                                hint=texts().get("admin.poll.option_link_hint") value=row.link errors input_type="url"/>
                                            <OptionImageField n image=row.image alt=row.alt errors/>
                                        }
                                    }}
                                    <button type="button" class="button subtle" on:click=move |_| options.update(|rows| rows.retain(|r| r.key != remove_key))
                                        aria-label=move || texts().format("admin.poll.remove_option_n", &[("n", &(index() + 1).to_string())])>
                                        {t.get("admin.poll.remove_option")}
                                    </button>
                                </div>
                            }
                        }
                    </For>
                    <button type="button" class="button secondary" on:click=add_option>{t.get("admin.poll.add_option")}</button>
                </fieldset>
                <SelectInput name="choice" label=t.get("admin.poll.choice") value=choice errors options=vec![
                    ("single".into(), t.get("admin.poll.choice.single").into()),
                    ("multiple".into(), t.get("admin.poll.choice.multiple").into()),
                ]/>
                <Show when=move || choice.get() == "multiple">
                    <TextInput name="max_choices" label=t.get("admin.poll.max_choices") hint=t.get("admin.poll.max_choices_hint") value=max_choices errors input_type="number"/>
                </Show>
                <TextInput name="opens_at" label=t.get("admin.poll.opens_at") hint=t.get("admin.poll.opens_hint") value=opens_at errors input_type="datetime-local"/>
                <TextInput name="closes_at" label=t.get("admin.poll.closes_at") hint=t.get("admin.poll.closes_hint") value=closes_at errors input_type="datetime-local"/>
                <SelectInput name="results" label=t.get("admin.poll.results") value=results errors options=vec![
                    ("after_vote".into(), t.get("admin.poll.results.after_vote").into()),
                    ("after_close".into(), t.get("admin.poll.results.after_close").into()),
                    ("never".into(), t.get("admin.poll.results.never").into()),
                ]/>
                <CheckboxInput name="requires_code" label=t.get("admin.poll.requires_code") hint=t.get("admin.poll.requires_code_hint") value=requires_code/>
                <TextInput name="eligibility" label=t.get("admin.poll.eligibility") hint=t.get("admin.poll.eligibility_hint") value=eligibility errors/>
                <SelectInput name="outcome.kind" label=t.get("admin.poll.outcome") value=outcome_kind errors options=vec![
                    ("".into(), t.get("admin.poll.outcome.none").into()),
                    ("advisory".into(), t.get("admin.poll.outcome.advisory").into()),
                    ("binding".into(), t.get("admin.poll.outcome.binding").into()),
                ]/>
                <Show when=move || !outcome_kind.get().is_empty()>
                    <TextInput name="outcome.decided_by" label=t.get("admin.poll.decided_by") hint=t.get("admin.poll.decided_by_hint") value=decided_by errors required=true/>
                    <TextInput name="outcome.published_on" label=t.get("admin.poll.published_on") hint=t.get("admin.optional") value=published_on errors input_type="date"/>
                    <TextInput name="outcome.published_where" label=t.get("admin.poll.published_where") hint=t.get("admin.poll.published_where_hint") value=published_where errors/>
                </Show>
                <SelectInput name="address" label=t.get("admin.poll.address") value=address errors options=vec![
                    ("je".into(), t.get("admin.poll.address_je").into()),
                    ("u".into(), t.get("admin.poll.address_u").into()),
                ]/>
                <div class="actions">
                    <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>{t.get("admin.poll.save")}</button>
                    <span role="status" class="status">{move || busy.get().then(|| t.get("admin.saving"))}</span>
                </div>
            </form>
            <aside class="preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{t.get("admin.poll.preview")}</h2>
                <p class="hint">{t.get("admin.poll.preview_hint")}</p>
                <preview::PollPreviewFrame poll=preview/>
            </aside>
        </div>
    }
}

/// An option's image: upload a PNG, JPEG or WebP, then describe it (the alternative text is required), or remove it.
#[component]
fn OptionImageField(
    n: usize,
    image: RwSignal<Option<OptionImage>>,
    alt: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    let t = texts();
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None::<String>);
    let file_id = format!("field-options-{n}-image");
    let on_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement =
            wasm_bindgen::JsCast::unchecked_into(event_target::<web_sys::EventTarget>(&event));
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        uploading.set(true);
        upload_error.set(None);
        spawn_local(async move {
            let answer = api::upload::<PollImage>(&api::path(&["poll-images"]), &file).await;
            uploading.set(false);
            match answer {
                Ok(stored) => image.set(Some(OptionImage {
                    url: stored.url,
                    alt: String::new(),
                    width: Some(stored.width),
                    height: Some(stored.height),
                })),
                Err(error) => upload_error.set(Some(failure_message(&error))),
            }
        });
    };
    let error_id = format!("{file_id}-error");
    let described = format!("{file_id}-hint");
    view! {
        <div class="field">
            <label class="label" for=file_id.clone()>{texts().format("admin.poll.option_image", &[("n", &(n + 1).to_string())])}</label>
            <p class="hint" id=described.clone()>{t.get("admin.poll.option_image_hint")}</p>
            <input type="file" id=file_id.clone() accept="image/png,image/jpeg,image/webp" on:change=on_file
                aria-describedby=move || if upload_error.with(Option::is_some) { format!("{described} {error_id}") } else { described.clone() }/>
            <span role="status" class="status">{move || uploading.get().then(|| t.get("admin.poll.option_image_uploading"))}</span>
            {move || upload_error.get().map(|message| view! { <p class="field-error" id=format!("field-options-{n}-image-error")>{message}</p> })}
            {move || image.get().map(|stored| view! {
                <p class="meta">{texts().format("admin.poll.option_image_stored", &[
                    ("width", &stored.width.unwrap_or(0).to_string()), ("height", &stored.height.unwrap_or(0).to_string())])}</p>
                <TextInput name=format!("options.{n}.image.alt") label=t.get("admin.poll.option_image_alt")
                    hint=t.get("admin.poll.option_image_alt_hint") value=alt errors required=true/>
                <button type="button" class="button subtle" on:click=move |_| { image.set(None); alt.set(String::new()); }>
                    {t.get("admin.poll.option_image_remove")}
                </button>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn option_ids_come_from_their_labels() {
        assert_eq!(slug("Speeltuin in het park"), "speeltuin-in-het-park");
        assert_eq!(slug("  Één café, twee! "), "een-cafe-twee");
        assert_eq!(slug("???"), "");
    }
}
