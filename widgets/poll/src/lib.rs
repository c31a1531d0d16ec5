//! `<inspraak-poll>`: one question, single or multiple choice, results as accessible bars.
//!
//! Attributes (or `data-` attributes on `<div data-inspraak="poll">`):
//! - `poll` — the poll id (required)
//! - `api` — the API root, e.g. `https://inspraak.example.nl/v1` (default: the backend that served the script)
//! - `lang` — `nl` (default) or `en`; else the nearest `lang` of the page
//! - `address` — `je` or `u`: how the Dutch texts address residents (default: the poll's `address`, else `je`)
//!
//! Events (bubbling, composed, on the element):
//! - `inspraak:voted` — a vote was stored; `detail.poll` is the poll id. Another copy of the same poll on the
//!   page hears it and shows the vote and fresh results too.
//!
//! CSS custom properties: the shared ones listed in docs/theming.md (resolved in `styles/tokens.css`), plus
//! - `--inspraak-poll-min-height` — space reserved while loading (default `24em`, `30em` on narrow screens)
//! - `--inspraak-bar-color`, `--inspraak-bar-background` — the result bars
//!
//! Parts: `root`, `poll`, `question`, `description`, `context`, `form`, `option`, `option-more`, `image`, `link`,
//! `button`, `error`, `notice`, `results`, `result`, `bar`, `feedback`.

mod context;
mod results;

use inspraak_api::{
    ChoiceMode, FieldErrorCode, Poll, PollResults, PollStatus, ProblemKind, ResultsVisibility, VoteRequest,
};
use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use inspraak_widget_core::{
    api_client::{ApiClient, ApiError, SubmitFailure},
    browser, cat,
    embed::{ConfigError, Host, WidgetConfig, load_view},
    i18n::Texts,
    json, num,
};
pub use results::PollResultsView;

/// The widget for `<inspraak-poll poll="…">`.
pub fn widget(config: &WidgetConfig) -> Result<AnyView, ConfigError> {
    let poll = config.required("poll")?;
    let api = ApiClient::new(&config.api);
    Ok(view! { <PollWidget api poll/> }.into_any())
}

/// How the poll words a vote that did not get through.
const SUBMIT_FAILURE: SubmitFailure = SubmitFailure {
    network: "poll.error.submit_network",
    timeout: "poll.error.submit_timeout",
    too_many: "poll.error.too_many_votes",
    server: "poll.error.submit_server",
};

/// What the widget knows after loading: the poll, this browser's own earlier vote, and results it may show.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    poll: Poll,
    my_choices: Option<Vec<String>>,
    results: Option<PollResults>,
}

/// Where the resident is.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Choosing,
    Upcoming,
    Closed {
        results: Option<PollResults>,
    },
    /// `just_now`: this visit's vote; otherwise the browser voted before.
    Voted {
        just_now: bool,
        choices: Vec<String>,
        results: Option<PollResults>,
    },
}

fn vote_key(api: &ApiClient, poll: &str) -> String {
    cat(&["inspraak:voted:", api.base(), ":", poll])
}

/// The choices this browser voted for in this poll, if it did.
fn remembered_vote(api: &ApiClient, poll: &str) -> Option<Vec<String>> {
    browser::stored(&vote_key(api, poll)).and_then(|json| json::read(&json).ok())
}

fn remember_vote(api: &ApiClient, poll: &str, choices: &[String]) {
    if let Ok(json) = json::write(choices) {
        browser::store(&vote_key(api, poll), &json);
    }
}

/// The results when the poll lets this browser see them; None when they are hidden.
async fn visible_results(api: &ApiClient, poll: &Poll) -> Result<Option<PollResults>, ApiError> {
    if poll.results == ResultsVisibility::Never {
        return Ok(None);
    }
    match api.poll_results(&poll.id, &browser::voter_id()).await {
        Ok(results) => Ok(Some(results)),
        Err(error) if error.kind() == Some(ProblemKind::ResultsHidden) => Ok(None),
        Err(error) => Err(error),
    }
}

async fn load(api: ApiClient, id: String) -> Result<Loaded, ApiError> {
    let poll = api.poll(&id).await?;
    // With voting codes one browser may cast several votes (a household sharing a computer): nothing to remember.
    let my_choices = if poll.requires_code { None } else { remembered_vote(&api, &id) };
    let results = if my_choices.is_some() || poll.status == PollStatus::Closed {
        visible_results(&api, &poll).await?
    } else {
        None
    };
    Ok(Loaded { poll, my_choices, results })
}

/// The poll widget: loads the poll, then lets a resident vote and see the results.
#[component]
pub fn PollWidget(
    /// the backend to talk to
    api: ApiClient,
    /// the id of the poll to show
    #[prop(into)]
    poll: String,
) -> impl IntoView {
    let fetch = {
        let api = api.clone();
        move || load(api.clone(), poll.clone())
    };
    load_view(fetch, "poll.loading", "poll.not_found", move |loaded, focus_heading| {
        view! { <PollView api=api.clone() loaded focus_heading/> }.into_any()
    })
}

/// The poll as a resident sees it, made from a poll that need not be stored yet: the back office's live preview
/// beside its editor. A vote goes to `api`; give one that refuses it, so a preview never counts.
#[component]
pub fn PollPreview(
    /// where a vote would go
    api: ApiClient,
    /// the poll as it is being edited
    poll: Poll,
) -> impl IntoView {
    view! { <PollView api loaded=Loaded { poll, my_choices: None, results: None } focus_heading=false/> }
}

/// The message for an invalid voting code.
fn code_error(texts: Texts, code: FieldErrorCode) -> String {
    texts
        .get(match code {
            FieldErrorCode::Required => "poll.error.code_required",
            FieldErrorCode::Unknown => "poll.error.code_unknown",
            _ => "poll.error.code_format",
        })
        .to_owned()
}

/// The message for the first invalid field of a vote, as the shared validation found it.
fn choice_error(texts: Texts, poll: &Poll, code: FieldErrorCode) -> String {
    match code {
        FieldErrorCode::Required => texts.get("poll.error.required").to_owned(),
        FieldErrorCode::TooMany => texts.format("poll.error.too_many", &[("max", &num(poll.max_choices.into()))]),
        _ => texts.get("poll.error.invalid").to_owned(),
    }
}

#[component]
fn PollView(
    api: ApiClient,
    loaded: Loaded,
    /// move focus to the question once shown (after the resident pressed "try again")
    focus_heading: bool,
) -> impl IntoView {
    let Loaded { poll, my_choices, results } = loaded;
    // The element's address="…" wins; else the poll's default.
    let texts = expect_context::<Texts>().or_address(poll.address);
    provide_context(texts);
    let host = expect_context::<Host>();
    let image_base = api.base().to_owned();
    let initial = match (my_choices, poll.status) {
        (Some(choices), _) => Phase::Voted { just_now: false, choices, results },
        (None, PollStatus::Open) => Phase::Choosing,
        (None, PollStatus::Upcoming) => Phase::Upcoming,
        (None, PollStatus::Closed) => Phase::Closed { results },
    };
    let phase = RwSignal::new(initial);
    let selected = RwSignal::new(Vec::<String>::new());
    let field_error = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let code_error_message = RwSignal::new(None::<String>);
    let code_ref = NodeRef::<html::Input>::new();
    let submit_error = RwSignal::new(None::<String>);
    let submitting = RwSignal::new(false);
    // One key per distinct vote: a retry of the same choice is recognised by the server and stored once.
    let idempotency_key = StoredValue::new(browser::random_id());
    let outcome_ref = NodeRef::<html::P>::new();
    let heading_ref = NodeRef::<html::H2>::new();
    if focus_heading {
        browser::focus_soon(move || heading_ref.get().map(Into::into));
    }
    let first_option_ref = NodeRef::<html::Input>::new();
    let poll = StoredValue::new(poll);

    let focus_outcome = move || browser::focus_soon(move || outcome_ref.get().map(Into::into));

    // The same poll twice on a page (the article and a sidebar, say): when the other copy takes this browser's vote,
    // this one shows that vote and fresh results instead of offering a vote the server would refuse.
    let other_copy_voted = {
        let api = api.clone();
        let own_host = host.clone();
        move |event: web_sys::Event| {
            let own: &wasm_bindgen::JsValue = (*own_host.0).as_ref();
            let from_self = event.target().is_some_and(|target| AsRef::<wasm_bindgen::JsValue>::as_ref(&target) == own);
            let detail = event.unchecked_ref::<web_sys::CustomEvent>().detail();
            let voted = js_sys::Reflect::get(&detail, &"poll".into()).ok().and_then(|poll| poll.as_string());
            let id = poll.with_value(|p| p.id.clone());
            if from_self || voted.as_deref() != Some(id.as_str()) || phase.with_untracked(|p| *p != Phase::Choosing) {
                return;
            }
            let Some(choices) = remembered_vote(&api, &id) else { return };
            let api = api.clone();
            spawn_local(async move {
                let results = visible_results(&api, &poll.get_value()).await.ok().flatten();
                phase.set(Phase::Voted { just_now: false, choices, results });
            });
        }
    };
    let listener = window_event_listener_untyped("inspraak:voted", other_copy_voted);
    on_cleanup(move || listener.remove());

    let on_submit = {
        let api = api.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            if submitting.get_untracked() {
                return;
            }
            let requires_code = poll.with_value(|p| p.requires_code);
            let request = VoteRequest {
                choices: selected.get_untracked(),
                voter: browser::voter_id(),
                code: requires_code.then(|| code.get_untracked()),
            };
            let invalid_code = poll.with_value(|poll| {
                request
                    .validate(poll)
                    .err()
                    .and_then(|errors| errors.into_iter().find(|e| e.name == "code").map(|e| code_error(texts, e.code)))
            });
            code_error_message.set(invalid_code.clone());
            if invalid_code.is_some() {
                browser::focus_soon(move || code_ref.get().map(Into::into));
                return;
            }
            let invalid = poll.with_value(|poll| {
                request.validate(poll).err().and_then(|errors| {
                    // A bad voter id is ours to fix, not the resident's: report the choice errors.
                    errors
                        .into_iter()
                        .find(|e| e.name.starts_with("choices"))
                        .map(|e| choice_error(texts, poll, e.code))
                })
            });
            if let Some(message) = invalid {
                field_error.set(Some(message));
                browser::focus_soon(move || first_option_ref.get().map(Into::into));
                return;
            }
            field_error.set(None);
            submit_error.set(None);
            submitting.set(true);
            let api = api.clone();
            let host = host.clone();
            spawn_local(async move {
                let poll = poll.get_value();
                let result = api.vote(&poll.id, &request, &idempotency_key.get_value()).await;
                submitting.set(false);
                match result {
                    Ok(receipt) => {
                        if !poll.requires_code {
                            remember_vote(&api, &poll.id, &request.choices);
                        }
                        browser::dispatch(&host.0, "inspraak:voted", &[("poll", &poll.id)]);
                        phase.set(Phase::Voted { just_now: true, choices: request.choices, results: receipt.results });
                        focus_outcome();
                    }
                    Err(error) if poll.requires_code && error.kind() == Some(ProblemKind::AlreadyVoted) => {
                        code_error_message.set(Some(texts.get("poll.error.code_used").to_owned()));
                        browser::focus_soon(move || code_ref.get().map(Into::into));
                    }
                    Err(ApiError::Problem(problem))
                        if problem.kind() == Some(ProblemKind::InvalidInput)
                            && problem.invalid_params.iter().any(|p| p.name == "code") =>
                    {
                        let field = problem.invalid_params.iter().find(|p| p.name == "code").map(|p| p.code);
                        code_error_message.set(Some(code_error(texts, field.unwrap_or(FieldErrorCode::Format))));
                        browser::focus_soon(move || code_ref.get().map(Into::into));
                    }
                    Err(error) if error.kind() == Some(ProblemKind::AlreadyVoted) => {
                        // The earlier vote counts, whatever was chosen now: remember that, not this choice.
                        remember_vote(&api, &poll.id, &[]);
                        let results = visible_results(&api, &poll).await.ok().flatten();
                        phase.set(Phase::Voted { just_now: false, choices: Vec::new(), results });
                        focus_outcome();
                    }
                    Err(error) if error.kind() == Some(ProblemKind::PollNotOpen) => {
                        let results = visible_results(&api, &poll).await.ok().flatten();
                        phase.set(Phase::Closed { results });
                        focus_outcome();
                    }
                    Err(error) if error.kind() == Some(ProblemKind::InvalidInput) => {
                        field_error.set(Some(texts.get("poll.error.invalid").to_owned()));
                        browser::focus_soon(move || first_option_ref.get().map(Into::into));
                    }
                    Err(error) => submit_error.set(Some(error.submit_message(texts, &SUBMIT_FAILURE))),
                }
            });
        }
    };

    let choose = move |id: String, checked: bool| {
        let single = poll.with_value(|p| p.choice == ChoiceMode::Single);
        selected.update(|chosen| {
            if single {
                *chosen = vec![id];
            } else if checked {
                if !chosen.contains(&id) {
                    chosen.push(id);
                }
            } else {
                chosen.retain(|c| c != &id);
            }
        });
        idempotency_key.set_value(browser::random_id());
        field_error.set(None);
    };

    let form = move || {
        let (options, input_type, hint) = poll.with_value(|p| {
            let hint = match p.choice {
                ChoiceMode::Single => texts.get("poll.hint.single").to_owned(),
                ChoiceMode::Multiple => texts.format("poll.hint.multiple", &[("max", &num(p.max_choices.into()))]),
            };
            let input_type = if p.choice == ChoiceMode::Single { "radio" } else { "checkbox" };
            (p.options.clone(), input_type, hint)
        });
        let closes = poll.with_value(|p| p.closes_at.clone());
        let requires_code = poll.with_value(|p| p.requires_code);
        let on_submit = on_submit.clone();
        view! {
            <form class="vote" part="form" novalidate on:submit=on_submit>
                {requires_code.then(|| view! {
                    <div class="code-field">
                        <label for="poll-code" class="label">{texts.get("poll.code.label")}</label>
                        <p id="poll-code-hint" class="hint">{texts.get("poll.code.hint")}</p>
                        <input id="poll-code" class="input code" part="input" type="text" autocomplete="off"
                            autocapitalize="characters" spellcheck="false" node_ref=code_ref
                            prop:value=move || code.get()
                            aria-invalid=move || code_error_message.with(Option::is_some).then_some("true")
                            aria-describedby=move || if code_error_message.with(Option::is_some) {
                                "poll-code-hint poll-code-error"
                            } else {
                                "poll-code-hint"
                            }
                            on:input=move |event| {
                                code.set(event_target_value(&event));
                                code_error_message.set(None);
                                idempotency_key.set_value(browser::random_id());
                            }/>
                        {move || code_error_message.get().map(|message| view! {
                            <p id="poll-code-error" class="error" part="error">{message}</p>
                        })}
                    </div>
                })}
                <fieldset
                    class="choices"
                    aria-labelledby="poll-question"
                    aria-describedby=move || if field_error.with(Option::is_some) { "poll-hint poll-error" } else { "poll-hint" }
                >
                    <p id="poll-hint" class="hint">{hint}</p>
                    <div class="options">
                        {options.into_iter().enumerate().map(|(index, option)| {
                            let id = option.id.clone();
                            let checked_id = option.id.clone();
                            let input_ref = if index == 0 { first_option_ref } else { NodeRef::new() };
                            // The label stays the option's accessible name; its description is read after it.
                            let description_id = option.description.as_ref().map(|_| cat(&["poll-option-", &num(index as u64)]));
                            let described = description_id.clone();
                            let more = context::option_more(texts, &image_base, &option, description_id);
                            view! {
                                <label class="option" part="option">
                                    <input
                                        node_ref=input_ref
                                        type=input_type
                                        name="choice"
                                        value=option.id.clone()
                                        prop:checked=move || selected.with(|s| s.contains(&checked_id))
                                        aria-invalid=move || field_error.with(Option::is_some).then_some("true")
                                        aria-describedby=move || {
                                            let error = field_error.with(Option::is_some).then_some("poll-error");
                                            match (&described, error) {
                                                (Some(own), Some(error)) => Some(inspraak_widget_core::cat(&[own, " ", error])),
                                                (Some(own), None) => Some(own.clone()),
                                                (None, error) => error.map(str::to_owned),
                                            }
                                        }
                                        on:change=move |event| choose(id.clone(), event_target_checked(&event))
                                    />
                                    <span class="option-label">{option.label}</span>
                                </label>
                                {more}
                            }
                        }).collect_view()}
                    </div>
                    {move || field_error.get().map(|message| view! {
                        <p id="poll-error" class="error" part="error">{message}</p>
                    })}
                </fieldset>
                {move || submit_error.get().map(|message| view! {
                    <p class="error" part="error" role="alert">{message}</p>
                })}
                <div class="actions">
                    <button type="submit" class="button primary" part="button"
                        aria-disabled=move || submitting.get().then_some("true")>
                        {texts.get("poll.submit")}
                    </button>
                    <span class="status" role="status">
                        {move || submitting.get().then(|| texts.get("poll.submitting"))}
                    </span>
                </div>
                {closes.map(|date| view! {
                    <p class="meta">{texts.format("poll.closes_on", &[("date", &browser::long_date(&date, texts.lang))])}</p>
                })}
            </form>
        }
    };

    let results_or_reason = move |results: Option<PollResults>, choices: Vec<String>| {
        let shown = match results {
            Some(results) => view! { <PollResultsView poll=poll.get_value() results choices/> }.into_any(),
            None => {
                let key = match poll.with_value(|p| p.results) {
                    ResultsVisibility::Never => "poll.results.never",
                    ResultsVisibility::AfterClose => "poll.results.after_close",
                    ResultsVisibility::AfterVote => "poll.results.after_vote",
                };
                view! { <p class="meta">{texts.get(key)}</p> }.into_any()
            }
        };
        // What the municipality did with the result, once it says so (after the close).
        let feedback = poll.with_value(|p| p.feedback.clone()).map(|text| {
            view! {
                <section class="feedback" part="feedback" aria-labelledby="poll-feedback">
                    <h3 id="poll-feedback" class="results-heading">{texts.get("poll.feedback.heading")}</h3>
                    <p class="feedback-text">{text}</p>
                </section>
            }
        });
        view! { {shown}{feedback} }
    };

    let (question, description) = poll.with_value(|p| (p.question.clone(), p.description.clone()));
    let about = poll.with_value(|p| context::about(texts, p));
    view! {
        <section class="poll" part="poll" aria-labelledby="poll-question">
            <h2 id="poll-question" class="question" part="question" tabindex="-1" node_ref=heading_ref>{question}</h2>
            {description.map(|text| view! { <p class="description" part="description">{text}</p> })}
            {about}
            {move || match phase.get() {
                Phase::Choosing => form().into_any(),
                Phase::Upcoming => {
                    let opens = poll.with_value(|p| p.opens_at.clone()).unwrap_or_default();
                    view! {
                        <p class="notice" part="notice">
                            {texts.format("poll.upcoming", &[("date", &browser::long_date(&opens, texts.lang))])}
                        </p>
                    }.into_any()
                }
                Phase::Closed { results } => view! {
                    <p class="notice" part="notice" tabindex="-1" node_ref=outcome_ref>{texts.get("poll.closed")}</p>
                    {results_or_reason(results, Vec::new())}
                }.into_any(),
                Phase::Voted { just_now, choices, results } => view! {
                    <p class="notice success" part="notice" tabindex="-1" node_ref=outcome_ref>
                        {texts.get(if just_now { "poll.thanks" } else { "poll.already_voted" })}
                    </p>
                    {results_or_reason(results, choices)}
                }.into_any(),
            }}
        </section>
    }
}
