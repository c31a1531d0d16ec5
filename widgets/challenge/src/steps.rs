//! One step of the application, drawn from the field table: its header, the error summary, each field with its
//! hint and error, and the navigation (with "Concept verwijderen") under it.

use inspraak_api::{ChallengeStep, OrganisationType, challenge::Execution};
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    ChallengeContext, STEP_COUNT, STEP_TITLES,
    attachments::Attachments,
    fields::{
        Field, Kind, TASK_OTHER, TYPE_OTHER, control_id, field_of, fields_of, max_len, optional, org_address, shown,
    },
    messages,
};
use inspraak_widget_core::{
    browser,
    form::{
        ErrorSummary, Focus, RadioGroup, StepHeader, StepNav, SummaryEntry, TextField, TextKind, focus_field, honeypot,
        keep_focus,
    },
    i18n::Texts,
};
use inspraak_widget_core::{cat, num};
/// The value of the "another task" option; task ids never hold brackets.
const OTHER_TASK: &str = "(other)";

pub fn type_key(kind: OrganisationType) -> &'static str {
    match kind {
        OrganisationType::Vereniging => "challenge.type.vereniging",
        OrganisationType::Stichting => "challenge.type.stichting",
        OrganisationType::Cooperatie => "challenge.type.cooperatie",
        OrganisationType::Bewonersgroep => "challenge.type.bewonersgroep",
        OrganisationType::Ondernemer => "challenge.type.ondernemer",
        OrganisationType::MaatschappelijkeOrganisatie => "challenge.type.maatschappelijke_organisatie",
        OrganisationType::Anders => "challenge.type.anders",
    }
}

/// The label of a field, with "(niet verplicht)" where it is optional.
pub fn label_of(texts: Texts, field: &Field) -> String {
    if optional(field.name) {
        cat(&[texts.get(field.label), " ", texts.get("form.optional")])
    } else {
        texts.get(field.label).to_owned()
    }
}

/// One of the seven steps.
#[component]
pub fn FormStep(index: usize) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let step = ChallengeStep::ALL[index];
    let container = NodeRef::<html::Div>::new();
    let summary = NodeRef::<html::Div>::new();
    let focus = context.wizard.steps.focus();
    // The summary shows once "Volgende" finds something wrong here, or when errors were brought to this step.
    let summary_shown = RwSignal::new(matches!(focus, Focus::Summary));
    match focus {
        Focus::Summary => browser::focus_soon(move || summary.get().map(Into::into)),
        Focus::Field(name) => {
            let id = control_id(name);
            leptos::prelude::request_animation_frame(move || {
                if let Some(container) = container.get() {
                    focus_field(&container, &id);
                }
            });
        }
        Focus::Stay | Focus::Heading => {}
    }

    let entries = Signal::derive(move || {
        if !summary_shown.get() {
            return Vec::new();
        }
        let mut errors: Vec<_> =
            context.errors.get().into_iter().filter(|e| ChallengeStep::of_field(&e.name) == Some(step)).collect();
        let order = |name: &str| super::fields::FIELDS.iter().position(|f| Some(f) == field_of(name));
        errors.sort_by_key(|e| order(&e.name));
        context.form.with_value(|form| {
            context.wizard.answers.with(|answers| {
                errors
                    .iter()
                    .map(|e| SummaryEntry {
                        field_id: control_id(&e.name),
                        message: messages::message(texts, form, answers, e),
                    })
                    .collect()
            })
        })
    });
    let on_pick = Callback::new(move |id: String| {
        if let Some(container) = container.get_untracked() {
            focus_field(&container, &id);
        }
    });

    let next = move |event: SubmitEvent| {
        event.prevent_default();
        let errors = context.check(step);
        let shown_elsewhere: Vec<_> = context
            .errors
            .get_untracked()
            .into_iter()
            .filter(|e| ChallengeStep::of_field(&e.name) != Some(step) || super::server_only(e))
            .collect();
        let blocking =
            errors.len() + shown_elsewhere.iter().filter(|e| ChallengeStep::of_field(&e.name) == Some(step)).count();
        if blocking == 0 {
            context.errors.set(shown_elsewhere);
            context.wizard.steps.go_to(context.wizard.steps.after(index), Focus::Heading);
        } else {
            context.errors.set(shown_elsewhere.into_iter().chain(errors).collect());
            summary_shown.set(true);
            browser::focus_soon(move || summary.get().map(Into::into));
        }
    };

    // Last on the contact step: the field only bots fill in.
    let trap = (step == ChallengeStep::Contact).then(|| {
        let wizard = context.wizard;
        honeypot(wizard.answers.with_untracked(|a| a.application.website.clone()), move |typed| {
            wizard.update(|a| a.application.website = typed)
        })
    });
    let form = context.form.get_value();
    let fields = fields_of(step).filter(|f| shown(f, &form)).map(|field| field_view(*field)).collect_view();
    let intro = (index == 0).then(|| {
        let weeks = num(form.decision_weeks.into());
        view! {
            <p class="intro">{texts.get("challenge.intro")}</p>
            <p class="hint">{texts.format("challenge.intro.steps", &[("weeks", &weeks)])}</p>
        }
    });
    view! {
        <div class="step" part="step" node_ref=container>
            <StepHeader step=index total=STEP_COUNT title=texts.get(STEP_TITLES[index]) focus=matches!(focus, Focus::Heading)/>
            {intro}
            <ErrorSummary entries on_pick node=summary/>
            <form class="step-form" novalidate on:submit=next>
                {fields}
                {trap}
                <StepNav steps=context.wizard.steps index extra=delete_draft() submits=true/>
            </form>
        </div>
    }
}

/// "Concept verwijderen" in the navigation under every step, asked once more before everything typed is gone.
pub fn delete_draft() -> impl IntoView {
    view! { <DeleteDraft/> }
}

#[component]
fn DeleteDraft() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let asking = RwSignal::new(false);
    let keep = NodeRef::<html::Button>::new();
    let toggle = NodeRef::<html::Button>::new();
    let ask = move |_| {
        asking.set(true);
        browser::focus_soon(move || keep.get().map(Into::into));
    };
    let cancel = move |_| {
        asking.set(false);
        browser::focus_soon(move || toggle.get().map(Into::into));
    };
    let delete = move |_| {
        asking.set(false);
        context.errors.set(Vec::new());
        context.wizard.start_over();
        context.wizard.notice.set(Some("challenge.deleted"));
    };
    view! {
        <div class="delete-draft">
            <button type="button" class="button link" part="button" node_ref=toggle on:mousedown=keep_focus on:click=ask
                hidden=move || asking.get() || context.wizard.answers.with(|a| *a == Default::default())>
                {texts.get("challenge.delete")}
            </button>
            <div class="confirm-delete" role="group" aria-labelledby="confirm-delete-question" hidden=move || !asking.get()>
                <p id="confirm-delete-question">{texts.get("challenge.delete.question")}</p>
                <div class="actions">
                    <button type="button" class="button" part="button" on:click=delete>{texts.get("challenge.delete.yes")}</button>
                    <button type="button" class="button" part="button" node_ref=keep on:click=cancel>{texts.get("challenge.delete.no")}</button>
                </div>
            </div>
        </div>
    }
}

fn text_kind(field: &Field) -> TextKind {
    let line = TextKind::LINE;
    match field.kind {
        Kind::Long => TextKind::AREA,
        Kind::Amount => TextKind { inputmode: Some("decimal"), ..line },
        // A text input, not type="date", whose format follows the browser's language: d-m-jjjj everywhere.
        Kind::Date => TextKind { inputmode: Some("numeric"), ..line },
        Kind::Count | Kind::Kvk => TextKind { inputmode: Some("numeric"), ..line },
        Kind::Email => TextKind { input_type: "email", autocomplete: Some("email"), ..line },
        Kind::Phone => TextKind { input_type: "tel", autocomplete: Some("tel"), ..line },
        Kind::Postcode => TextKind { autocomplete: Some("postal-code"), ..line },
        _ => match field.name {
            "contact.name" => TextKind { autocomplete: Some("name"), ..line },
            "organisation.name" => TextKind { autocomplete: Some("organization"), ..line },
            _ => line,
        },
    }
}

/// A text field of the application, wired to the answers and the checks.
fn text_field(name: &'static str, label: String, hint: Option<String>, kind: TextKind) -> impl IntoView {
    let context = expect_context::<ChallengeContext>();
    let maxlength = Some(if name == "costs.start_date" { 10 } else { max_len(name) });
    let min = None;
    view! {
        <TextField id=control_id(name) label hint kind maxlength min
            value=Signal::derive(move || context.wizard.answers.with(|a| a.value(name)))
            error=context.error_of(name, false)
            on_input=Callback::new(move |typed| context.set(name, typed))
            on_blur=Callback::new(move |()| context.refresh(name, true))/>
    }
}

fn field_view(field: Field) -> AnyView {
    let texts = expect_context::<Texts>();
    let label = label_of(texts, &field);
    let hint = field.hint.map(|key| texts.get(key).to_owned());
    match field.kind {
        Kind::Task => task_field(label).into_any(),
        Kind::OrgType => type_field(label).into_any(),
        Kind::Attachments => view! { <Attachments label/> }.into_any(),
        Kind::Consent => consent_field().into_any(),
        Kind::Execution => execution_field(label).into_any(),
        Kind::Authorised => authorised_field().into_any(),
        _ if org_address(field.name) => {
            let context = expect_context::<ChallengeContext>();
            let kind = text_kind(&field);
            (move || {
                context
                    .wizard
                    .answers
                    .with(|a| a.application.organisation.kind.is_some_and(OrganisationType::has_address))
                    .then(|| text_field(field.name, label.clone(), hint.clone(), kind))
            })
            .into_any()
        }
        _ => text_field(field.name, label, hint, text_kind(&field)).into_any(),
    }
}

fn execution_field(legend: String) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let options =
        Execution::ALL.into_iter().map(|e| (e.as_str().to_owned(), texts.get(execution_key(e)).to_owned())).collect();
    let value = Signal::derive(move || {
        context.wizard.answers.with(|a| a.application.plan.execution.map(|e| e.as_str().to_owned()).unwrap_or_default())
    });
    let on_choose = Callback::new(move |chosen: String| {
        context.wizard.update(|a| a.application.plan.execution = Execution::from_name(&chosen));
        context.refresh("plan.execution", false);
    });
    view! {
        <RadioGroup id=control_id("plan.execution") legend hint=None options value
            error=context.error_of("plan.execution", false) on_choose
            on_leave=Callback::new(move |()| context.refresh("plan.execution", true))/>
    }
}

pub fn execution_key(execution: Execution) -> &'static str {
    match execution {
        Execution::Zelf => "challenge.execution.zelf",
        Execution::LatenDoen => "challenge.execution.laten_doen",
    }
}

/// The signatory's statement that they may apply on behalf of the group (Awb 4:2).
fn authorised_field() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let id = control_id("contact.authorised");
    let error = context.error_of("contact.authorised", false);
    let describe = {
        let id = id.clone();
        move || inspraak_widget_core::form::described_by(&id, false, error.with(Option::is_some))
    };
    let toggle = move |_| {
        context.wizard.update(|a| a.application.contact.authorised = !a.application.contact.authorised);
        context.refresh("contact.authorised", true);
    };
    view! {
        <fieldset id=cat(&[&id, "-group"]) class="choices field" part="field">
            <legend class="label">{texts.get("challenge.field.authorised")}</legend>
            <inspraak_widget_core::form::FieldMessage id=id.clone() error/>
            <label class="option" part="option">
                <input type="checkbox" id=id.clone() aria-describedby=describe
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:checked=move || context.wizard.answers.with(|a| a.application.contact.authorised)
                    on:change=toggle/>
                <span>{texts.get("challenge.authorised")}</span>
            </label>
        </fieldset>
    }
}

fn task_field(legend: String) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let form = context.form.get_value();
    let mut options: Vec<(String, String)> = form
        .tasks
        .iter()
        .map(|t| {
            let label = if t.cost.is_empty() {
                t.label.clone()
            } else {
                texts.format("challenge.task.cost", &[("task", &t.label), ("cost", &t.cost)])
            };
            (t.id.clone(), label)
        })
        .collect();
    if form.free_text_task {
        options.push((OTHER_TASK.to_owned(), texts.get("challenge.task.other").to_owned()));
    }
    let value = Signal::derive(move || {
        context
            .wizard
            .answers
            .with(|a| if a.other_task { OTHER_TASK.to_owned() } else { a.application.initiative.task.clone() })
    });
    let on_choose = Callback::new(move |chosen: String| {
        context.wizard.update(|a| {
            a.other_task = chosen == OTHER_TASK;
            if a.other_task {
                a.application.initiative.task.clear();
            } else {
                a.application.initiative.task = chosen;
                a.application.initiative.task_other.clear();
            }
        });
        context.refresh("initiative.task", false);
    });
    let other =
        move || {
            context.wizard.answers.with(|a| a.other_task).then(|| {
                text_field(TASK_OTHER, texts.get("challenge.field.task_other").to_owned(), None, TextKind::LINE)
            })
        };
    view! {
        <RadioGroup id=control_id("initiative.task") legend hint=Some(texts.get("challenge.hint.task").to_owned())
            options value error=context.error_of("initiative.task", false) on_choose
            on_leave=Callback::new(move |()| context.refresh("initiative.task", true))>
            <div class="conditional">{other}</div>
        </RadioGroup>
    }
}

fn type_field(legend: String) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let form = context.form.get_value();
    let options = OrganisationType::ALL
        .into_iter()
        .filter(|kind| kind.accepted_by(&form))
        .map(|kind| (kind.as_str().to_owned(), texts.get(type_key(kind)).to_owned()))
        .collect();
    let value = Signal::derive(move || {
        context
            .wizard
            .answers
            .with(|a| a.application.organisation.kind.map(|k| k.as_str().to_owned()).unwrap_or_default())
    });
    let on_choose = Callback::new(move |chosen: String| {
        let kind = OrganisationType::ALL.into_iter().find(|k| k.as_str() == chosen);
        context.wizard.update(|a| a.application.organisation.kind = kind);
        context.refresh("organisation.type", false);
    });
    let other =
        move || {
            context.wizard.answers.with(|a| a.application.organisation.kind == Some(OrganisationType::Anders)).then(
                || text_field(TYPE_OTHER, texts.get("challenge.field.type_other").to_owned(), None, TextKind::LINE),
            )
        };
    view! {
        <RadioGroup id=control_id("organisation.type") legend hint=None options value
            error=context.error_of("organisation.type", false) on_choose
            on_leave=Callback::new(move |()| context.refresh("organisation.type", true))>
            <div class="conditional">{other}</div>
        </RadioGroup>
    }
}

/// "Onthoud mijn gegevens", then the consent with the privacy statement (which opens in a new tab, and says so).
fn consent_field() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let form = context.form.get_value();
    let id = control_id("contact.consent");
    let error = context.error_of("contact.consent", false);
    let years = form.retention_days / 365;
    let period = if form.retention_days.is_multiple_of(365) {
        texts.plural("challenge.years", u64::from(years), &[])
    } else {
        texts.plural("challenge.days", u64::from(form.retention_days), &[])
    };
    let retention =
        texts.format("challenge.hint.consent", &[("municipality", &form.municipality), ("period", &period)]);
    let describe = {
        let id = id.clone();
        move || inspraak_widget_core::form::described_by(&id, true, error.with(Option::is_some))
    };
    let toggle = move |_| {
        context.wizard.update(|a| a.application.contact.consent = !a.application.contact.consent);
        context.refresh("contact.consent", true);
    };
    view! {
        <div class="field">
            <label class="option" part="option">
                <input type="checkbox" id="remember" aria-describedby="remember-hint"
                    prop:checked=move || context.wizard.remember.get()
                    on:change=move |event| context.wizard.remember.set(event_target_checked(&event))/>
                <span>{texts.get("challenge.field.remember")}</span>
            </label>
            <p id="remember-hint" class="hint">{texts.get("challenge.hint.remember")}</p>
        </div>
        <fieldset id=cat(&[&id, "-group"]) class="choices field" part="field">
            <legend class="label">{texts.get("challenge.field.consent")}</legend>
            <p id=cat(&[&id, "-hint"]) class="hint">
                {retention}" "
                <a href=form.privacy_url.clone() target="_blank" rel="noopener noreferrer">
                    {texts.get("challenge.privacy_link")}
                </a>
            </p>
            <inspraak_widget_core::form::FieldMessage id=id.clone() error/>
            <label class="option" part="option">
                <input type="checkbox" id=id.clone() aria-describedby=describe
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:checked=move || context.wizard.answers.with(|a| a.application.contact.consent)
                    on:change=toggle/>
                <span>{texts.get("challenge.consent")}</span>
            </label>
        </fieldset>
    }
}
