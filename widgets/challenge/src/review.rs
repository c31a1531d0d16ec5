//! The review (every answer, each with "Wijzig" back to its field, then submit) and the confirmation (reference,
//! decision date, what happens next, and the same summary to print).

use inspraak_api::{
    ChallengeStep, OrganisationType,
    nl::{format_euro_cents, parse_euro_cents},
};
use leptos::{html, prelude::*};

use super::{
    ChallengeContext, Done, STEP_TITLES,
    attachments::file_size,
    fields::{Answers, Field, Kind, fields_of, shown},
    steps::{delete_draft, execution_key, label_of, type_key},
    submit,
};
use inspraak_widget_core::{
    browser,
    embed::Host,
    form::{Focus, ReviewTexts, review},
    i18n::Texts,
};
use inspraak_widget_core::{cat, joined, num};

/// An answer as the resident reads it back; None when nothing was filled in.
fn answer_text(texts: Texts, context: ChallengeContext, answers: &Answers, field: &Field) -> Option<String> {
    let a = &answers.application;
    let text = match field.kind {
        Kind::Task if answers.other_task || a.initiative.task.is_empty() => a.initiative.task_other.clone(),
        Kind::Task => context.form.with_value(|form| {
            form.tasks.iter().find(|t| t.id == a.initiative.task).map(|t| t.label.clone()).unwrap_or_default()
        }),
        Kind::OrgType => match a.organisation.kind {
            Some(OrganisationType::Anders) => {
                cat(&[texts.get(type_key(OrganisationType::Anders)), ": ", &a.organisation.type_other])
            }
            Some(kind) => texts.get(type_key(kind)).to_owned(),
            None => String::new(),
        },
        Kind::Amount => {
            let typed = answers.value(field.name);
            parse_euro_cents(&typed).map(format_euro_cents).unwrap_or(typed)
        }
        Kind::Date => {
            let date = a.costs.start_date.clone();
            if date.is_empty() { date } else { browser::long_date(&date, texts.lang) }
        }
        Kind::Execution => a.plan.execution.map(|e| texts.get(execution_key(e)).to_owned()).unwrap_or_default(),
        Kind::Authorised if a.contact.authorised => texts.get("challenge.review.authorised_given").to_owned(),
        Kind::Authorised => String::new(),
        _ if super::fields::org_address(field.name)
            && !a.organisation.kind.is_some_and(OrganisationType::has_address) =>
        {
            String::new()
        }
        Kind::Consent if a.contact.consent => texts.get("challenge.review.consent_given").to_owned(),
        Kind::Consent => String::new(),
        Kind::Attachments => {
            let names: Vec<String> = answers
                .files
                .iter()
                .map(|f| cat(&[&f.file_name, " (", &file_size(f.bytes, texts.lang), ")"]))
                .collect();
            joined(&names, "\n")
        }
        _ => answers.value(field.name),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// Every answer, step by step; with "Wijzig" buttons that lead back to each field when `editable`.
#[component]
pub fn AnswersSummary(answers: Answers, editable: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let form = context.form.get_value();
    ChallengeStep::ALL
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let rows = fields_of(step)
                .filter(|f| shown(f, &form))
                .map(|field| {
                    let label = label_of(texts, field);
                    let value = answer_text(texts, context, &answers, field);
                    let change = editable.then(|| {
                        let label = label.clone();
                        view! {
                            <dd class="change">
                                <button type="button" class="button link" part="button"
                                    on:click=move |_| {
                                        context.wizard.steps.change(index, Focus::Field(field.name));
                                    }>
                                    {texts.get("challenge.review.change")}
                                    <span class="visually-hidden">" "{label}</span>
                                </button>
                            </dd>
                        }
                    });
                    view! {
                        <div class="answer">
                            <dt>{label}</dt>
                            <dd class="value">{match value {
                                Some(value) => value.into_any(),
                                None => view! { <span class="meta">{texts.get("challenge.review.empty")}</span> }.into_any(),
                            }}</dd>
                            {change}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <h3>{texts.get(STEP_TITLES[index])}</h3>
                <dl class="answers">{rows}</dl>
            }
        })
        .collect_view()
}

/// The last step: every answer with its "Wijzig", then sending.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let context = expect_context::<ChallengeContext>();
    let wizard = context.wizard;
    let host = expect_context::<Host>();
    let answers = wizard.answers.get_untracked();
    let answers = view! { <AnswersSummary answers editable=true/> };
    review(
        wizard.steps,
        KEYS,
        wizard.submission(),
        Callback::new(move |()| submit(context, host.clone())),
        answers,
        delete_draft(),
    )
}

const KEYS: ReviewTexts = ReviewTexts {
    title: "challenge.review.heading",
    hint: "challenge.review.hint",
    submit: "challenge.submit",
    busy: "challenge.submitting",
};

/// The application is in: its reference, what happens next, and everything sent, to print or keep.
#[component]
pub fn Confirmation(done: Done, just_now: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let form = context.form.get_value();
    let heading = NodeRef::<html::H2>::new();
    // Focus follows the resident's own submit; a result shown again on a later visit leaves focus (and the page's
    // scroll position) where the page has it.
    if just_now {
        browser::focus_soon(move || heading.get().map(Into::into));
    }
    let receipt = done.receipt;
    let submitted = browser::long_date(&receipt.submitted_on, texts.lang);
    let decision = browser::long_date(&receipt.decision_by, texts.lang);
    let weeks = num(receipt.decision_weeks.into());
    let next = texts
        .format("challenge.done.next", &[("municipality", &form.municipality), ("weeks", &weeks), ("date", &decision)]);
    let mail = cat(&["mailto:", &form.contact_email]);
    // Shown again on a later visit: focus stays, but a screen reader hears politely that this is the sent
    // application. The live region is there empty first and filled a moment later, so it is announced.
    let announced = RwSignal::new(String::new());
    if !just_now {
        let text = texts.format("challenge.done.shown_again", &[("reference", &receipt.reference)]);
        leptos::prelude::request_animation_frame(move || {
            leptos::prelude::request_animation_frame(move || announced.set(text));
        });
    }
    view! {
        <div class="confirmation" part="confirmation">
            <p class="visually-hidden" role="status" aria-live="polite">{move || announced.get()}</p>
            <h2 class="step-title" tabindex="-1" node_ref=heading>{texts.get("challenge.done.heading")}</h2>
            {just_now.then(|| view! { <p class="notice success" part="notice">{texts.get("challenge.done.thanks")}</p> })}
            <dl class="receipt">
                <dt>{texts.get("challenge.done.reference")}</dt>
                <dd class="reference" part="reference">{receipt.reference.clone()}</dd>
                <dt>{texts.get("challenge.done.date")}</dt>
                <dd>{submitted}</dd>
                <dt>{texts.get("challenge.done.decision_by")}</dt>
                <dd>{decision}</dd>
            </dl>
            <h3>{texts.get("challenge.done.next_heading")}</h3>
            <p>{next}</p>
            <p>
                {texts.get("challenge.done.questions")}" "
                <a href=mail>{form.contact_email.clone()}</a>" "
                {texts.format("challenge.done.mention", &[("reference", &receipt.reference)])}
            </p>
            <div class="actions no-print">
                <button type="button" class="button primary" part="button" on:click=move |_| browser::print()>
                    {texts.get("challenge.done.print")}
                </button>
                <button type="button" class="button link" part="button" on:click=move |_| {
                    context.errors.set(Vec::new());
                    context.wizard.start_another();
                }>
                    {texts.get("challenge.done.new")}
                </button>
            </div>
            <h3 class="summary-heading">{texts.get("challenge.done.summary")}</h3>
            <AnswersSummary answers=done.answers editable=false/>
        </div>
    }
}
