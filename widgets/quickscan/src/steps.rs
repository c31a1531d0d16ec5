//! The steps of the quick scan: the role (and continuing with a code), one theme at a time, the municipality's own
//! questions, and the review; with the navigation and "later verder" under each.

use inspraak_api::{
    Agreement, CustomAnswer, CustomKind, Role,
    quickscan::{CUSTOM_TEXT_MAX_LEN, PRIORITIES_MAX},
};
use leptos::{html, prelude::*};

use super::{
    ScanContext, Step,
    invitation::{Field, InvitationField},
    later::{Resume, later},
    submit,
};
use inspraak_widget_core::{
    browser, cat,
    embed::Host,
    form::{ReviewTexts, StepHeader, StepNav, honeypot, review},
    i18n::Texts,
    joined, num,
};

pub fn scale_key(answer: Agreement) -> &'static str {
    match answer {
        Agreement::StronglyDisagree => "quickscan.scale.strongly_disagree",
        Agreement::Disagree => "quickscan.scale.disagree",
        Agreement::Neutral => "quickscan.scale.neutral",
        Agreement::Agree => "quickscan.scale.agree",
        Agreement::StronglyAgree => "quickscan.scale.strongly_agree",
        Agreement::DontKnow => "quickscan.scale.dont_know",
    }
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Inwoner => "quickscan.role.inwoner",
        Role::Raadslid => "quickscan.role.raadslid",
        Role::Collegelid => "quickscan.role.collegelid",
        Role::Ambtenaar => "quickscan.role.ambtenaar",
        Role::Anders => "quickscan.role.anders",
    }
}

/// A statement and the agree scale as one radio group: the statement is the group's legend.
#[component]
pub fn AgreeScale(
    /// the radio group's name, unique in the step
    name: String,
    #[prop(into)] legend: String,
    value: Signal<Option<Agreement>>,
    on_change: Callback<Agreement>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let options = Agreement::ALL
        .into_iter()
        .map(|option| {
            view! {
                <label class="scale-option" class:dont-know=option == Agreement::DontKnow>
                    <input type="radio" name=name.clone() value=option.as_str()
                        prop:checked=move || value.get() == Some(option)
                        on:change=move |_| on_change.run(option)/>
                    <span>{texts.get(scale_key(option))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="statement" part="statement">
            <legend class="statement-text">{legend}</legend>
            <div class="scale" part="scale">{options}</div>
        </fieldset>
    }
}

/// Step 1: who is answering, with the scan's introduction and the way back in with a code.
#[component]
pub fn RoleStep(index: usize, total: usize, focus: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let description = context.scan.with_value(|s| s.description.as_ref().map(|d| d.pick(english).to_owned()));
    let missing = RwSignal::new(false);
    let first = NodeRef::<html::Input>::new();
    let code = Field::new();
    let next = Callback::new(move |()| {
        if context.wizard.answers.with_untracked(|a| a.role.is_none()) {
            missing.set(true);
            browser::focus_soon(move || first.get().map(Into::into));
        } else if code.ready(context) {
            context.go_to(index + 1);
        }
    });
    let roles = Role::ALL
        .into_iter()
        .enumerate()
        .map(|(n, role)| {
            let node = if n == 0 { first } else { NodeRef::new() };
            view! {
                <label class="option" part="option">
                    <input type="radio" name="role" value=role.as_str() node_ref=node
                        prop:checked=move || context.wizard.answers.with(|a| a.role == Some(role))
                        aria-invalid=move || missing.get().then_some("true")
                        aria-describedby=move || if missing.get() { "role-hint role-error" } else { "role-hint" }
                        on:change=move |_| {
                            missing.set(false);
                            context.wizard.update(|a| a.role = Some(role));
                        }/>
                    <span>{texts.get(role_key(role))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=texts.get("quickscan.role.heading") focus/>
            {description.map(|text| view! { <p class="description">{text}</p> })}
            <fieldset class="choices">
                <legend class="statement-text">{texts.get("quickscan.role.legend")}</legend>
                <p id="role-hint" class="hint">{texts.get("quickscan.role.hint")}</p>
                <div class="options">{roles}</div>
                {move || missing.get().then(|| view! {
                    <p id="role-error" class="error" part="error">{texts.get("quickscan.error.no_role")}</p>
                })}
            </fieldset>
            <InvitationField field=code/>
            <StepNav steps=context.wizard.steps index extra=later() on_next=next/>
            <Resume/>
            {honeypot(context.wizard.answers.with_untracked(|a| a.website.clone()), move |typed| {
                context.wizard.update(|a| a.website = typed)
            })}
        </div>
    }
}

/// One theme: its statements, and a grade when the scan asks for one.
#[component]
pub fn ThemeStep(index: usize, total: usize, focus: bool, theme: usize) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let (theme, grades) = context.scan.with_value(|s| (s.themes[theme].clone(), s.grades));
    let role = context.wizard.answers.with_untracked(|a| a.role);
    let statements = theme
        .statements_for(role)
        .map(|statement| {
            let id = statement.id.clone();
            let chosen = id.clone();
            view! {
                <AgreeScale name=cat(&["s-", &id]) legend=statement.text_for(role).pick(english).to_owned()
                    value=Signal::derive(move || context.wizard.answers.with(|a| a.statements.get(&chosen).copied()))
                    on_change=Callback::new(move |answer| context.answer(&id, answer))/>
            }
        })
        .collect_view();
    let grade = grades.then(|| {
        let theme_id = theme.id.clone();
        let current = theme.id.clone();
        view! {
            <div class="grade">
                <label for="grade" class="label">{texts.get("quickscan.grade.label")}</label>
                <select id="grade" class="select" part="select"
                    prop:value=move || context.wizard.answers.with(|a| a.grades.get(&current).map(|&grade| num(grade.into())).unwrap_or_default())
                    on:change=move |event| {
                        let grade = event_target_value(&event).parse::<u8>().ok();
                        let theme_id = theme_id.clone();
                        context.wizard.update(move |a| match grade {
                            Some(grade) => { a.grades.insert(theme_id, grade); }
                            None => { a.grades.remove(&theme_id); }
                        });
                    }>
                    <option value="">{texts.get("quickscan.grade.none")}</option>
                    {(1..=10u8).map(|n| view! { <option value=num(n.into())>{num(n.into())}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    let open = theme.open_question.as_ref().map(|question| {
        let (id, current) = (theme.id.clone(), theme.id.clone());
        view! {
            <OpenText field=cat(&["o-", &theme.id]) label=question.pick(english).to_owned()
                value=Signal::derive(move || context.wizard.answers.with(|a| a.open_answers.get(&current).cloned().unwrap_or_default()))
                on_input=Callback::new(move |value: String| {
                    let id = id.clone();
                    context.wizard.update(|a| {
                        if value.trim().is_empty() { a.open_answers.remove(&id); } else { a.open_answers.insert(id, value); }
                    });
                })/>
        }
    });
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=theme.title.pick(english).to_owned() focus/>
            {theme.subtitle.as_ref().map(|text| view! { <p class="subtitle">{text.pick(english).to_owned()}</p> })}
            {theme.subgoal.map(|n| view! { <p class="meta">{texts.format("quickscan.subgoal", &[("number", &num(n.into()))])}</p> })}
            {theme.intro.as_ref().map(|intro| view! { <p class="intro">{intro.pick(english).to_owned()}</p> })}
            <p class="hint">{texts.get("quickscan.theme.hint")}</p>
            <div class="statements">{statements}</div>
            {open}
            {grade}
            <StepNav steps=context.wizard.steps index extra=later()/>
        </div>
    }
}

/// An open question: a text area of at most [`CUSTOM_TEXT_MAX_LEN`] characters, with its count.
#[component]
fn OpenText(
    /// the text area's id, unique in the step
    field: String,
    label: String,
    value: Signal<String>,
    on_input: Callback<String>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let hint = cat(&[&field, "-hint"]);
    let length = Memo::new(move |_| value.with(|text| text.chars().count()));
    view! {
        <div class="open-question">
            <label for=field.clone() class="label">{label}</label>
            <p id=hint.clone() class="hint">
                {texts.format("quickscan.custom.max", &[("max", &num(CUSTOM_TEXT_MAX_LEN as u64))])}
            </p>
            <textarea id=field class="textarea" part="textarea" rows="4"
                maxlength=num(CUSTOM_TEXT_MAX_LEN as u64)
                aria-describedby=hint
                prop:value=move || value.get()
                on:input=move |event| on_input.run(event_target_value(&event))></textarea>
            <p class="meta counter" aria-hidden="true">
                {move || cat(&[&num(length.get() as u64), " / ", &num(CUSTOM_TEXT_MAX_LEN as u64)])}
            </p>
        </div>
    }
}

/// The themes that need work most: at most three, checked when going on.
#[component]
pub fn PrioritiesStep(index: usize, total: usize, focus: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let too_many = RwSignal::new(false);
    let first = NodeRef::<html::Input>::new();
    let next = Callback::new(move |()| {
        if context.wizard.answers.with_untracked(|a| a.priorities.len() > PRIORITIES_MAX) {
            too_many.set(true);
            browser::focus_soon(move || first.get().map(Into::into));
        } else {
            context.go_to(index + 1);
        }
    });
    let themes = context.scan.with_value(|s| s.themes.clone());
    let boxes = themes
        .into_iter()
        .enumerate()
        .map(|(n, theme)| {
            let node = if n == 0 { first } else { NodeRef::new() };
            let (id, current) = (theme.id.clone(), theme.id.clone());
            view! {
                <label class="option" part="option">
                    <input type="checkbox" name="priorities" value=theme.id.clone() node_ref=node
                        prop:checked=move || context.wizard.answers.with(|a| a.priorities.contains(&current))
                        aria-invalid=move || too_many.get().then_some("true")
                        aria-describedby=move || if too_many.get() { "priorities-hint priorities-error" } else { "priorities-hint" }
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            let id = id.clone();
                            context.wizard.update(|a| {
                                a.priorities.retain(|p| *p != id);
                                if on { a.priorities.push(id); }
                                if a.priorities.len() <= PRIORITIES_MAX { too_many.set(false); }
                            });
                        }/>
                    <span>{theme.title.pick(english).to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=texts.get("quickscan.priorities.heading") focus/>
            <fieldset class="choices">
                <legend class="statement-text">{texts.get("quickscan.priorities.legend")}</legend>
                <p id="priorities-hint" class="hint">{texts.get("quickscan.priorities.hint")}</p>
                <div class="options">{boxes}</div>
                {move || too_many.get().then(|| view! {
                    <p id="priorities-error" class="error" part="error">{texts.get("quickscan.error.too_many_priorities")}</p>
                })}
            </fieldset>
            <StepNav steps=context.wizard.steps index extra=later() on_next=next/>
        </div>
    }
}

/// The municipality's own questions.
#[component]
pub fn CustomStep(index: usize, total: usize, focus: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let questions = context.scan.with_value(|s| s.custom_questions.clone());
    let questions = questions
        .into_iter()
        .map(|question| {
            let id = question.id.clone();
            let text = question.text.pick(english).to_owned();
            match question.kind {
                CustomKind::Scale => {
                    let chosen = id.clone();
                    view! {
                        <AgreeScale name=cat(&["c-", &id]) legend=text
                            value=Signal::derive(move || context.wizard.answers.with(|a| match a.custom.get(&chosen) {
                                Some(CustomAnswer::Scale(answer)) => Some(*answer),
                                _ => None,
                            }))
                            on_change=Callback::new(move |answer| {
                                let id = id.clone();
                                context.wizard.update(|a| { a.custom.insert(id, CustomAnswer::Scale(answer)); });
                            })/>
                    }
                    .into_any()
                }
                CustomKind::Text => {
                    let current = id.clone();
                    view! {
                        <OpenText field=cat(&["c-", &id]) label=text
                            value=Signal::derive(move || context.wizard.answers.with(|a| match a.custom.get(&current) {
                                Some(CustomAnswer::Text(text)) => text.clone(),
                                _ => String::new(),
                            }))
                            on_input=Callback::new(move |value: String| {
                                let id = id.clone();
                                context.wizard.update(|a| {
                                    if value.trim().is_empty() {
                                        a.custom.remove(&id);
                                    } else {
                                        a.custom.insert(id, CustomAnswer::Text(value));
                                    }
                                });
                            })/>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=texts.get("quickscan.custom.heading") focus/>
            <p class="hint">{texts.get("quickscan.custom.hint")}</p>
            <div class="statements">{questions}</div>
            <StepNav steps=context.wizard.steps index extra=later()/>
        </div>
    }
}

/// The review: the role, and per theme what was answered and what was skipped, with a way back to each.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let answers = context.wizard.answers.get_untracked();
    let scan = context.scan.get_value();
    let step_of = |wanted: Step| context.order.with_value(|order| order.iter().position(|s| *s == wanted).unwrap_or(0));
    let role_line = match answers.role {
        Some(role) => texts.format("quickscan.review.role", &[("role", texts.get(role_key(role)))]),
        None => texts.get("quickscan.error.no_role").to_owned(),
    };
    let role_step = step_of(Step::Role);
    let themes = scan
        .themes
        .iter()
        .enumerate()
        .map(|(n, theme)| {
            let skipped = answers.unanswered(theme);
            let asked = theme.statements_for(answers.role).count();
            let answered = asked - skipped.len();
            let title = theme.title.pick(english).to_owned();
            let step = step_of(Step::Theme(n));
            let count = texts.format(
                "quickscan.review.answered",
                &[("answered", &num(answered as u64)), ("total", &num(asked as u64))],
            );
            let skipped_list = (!skipped.is_empty()).then(|| {
                let items = skipped
                    .iter()
                    .map(|s| view! { <li>{s.text_for(answers.role).pick(english).to_owned()}</li> })
                    .collect_view();
                view! {
                    <p class="meta">{texts.get("quickscan.review.skipped")}</p>
                    <ul class="skipped">{items}</ul>
                }
            });
            review_item(context, title, count, skipped_list.map(IntoAny::into_any), step)
        })
        .collect_view();
    let priorities = scan.priorities.then(|| {
        let step = step_of(Step::Priorities);
        let title = texts.get("quickscan.priorities.heading");
        let chosen: Vec<String> = answers
            .priorities
            .iter()
            .filter_map(|id| scan.theme(id).map(|t| t.title.pick(english).to_owned()))
            .collect();
        let line =
            if chosen.is_empty() { texts.get("quickscan.priorities.none").to_owned() } else { joined(&chosen, ", ") };
        review_item(context, title.to_owned(), line, None, step)
    });
    let custom_count = answers.custom.len();
    let custom = (!scan.custom_questions.is_empty()).then(|| {
        let step = step_of(Step::Custom);
        let count = texts.format(
            "quickscan.review.answered",
            &[("answered", &num(custom_count as u64)), ("total", &num(scan.custom_questions.len() as u64))],
        );
        review_item(context, texts.get("quickscan.custom.heading").to_owned(), count, None, step)
    });
    let wizard = context.wizard;
    let host = expect_context::<Host>();
    let answers = view! {
            <p class="review-role">
                {role_line}" "
                <button type="button" class="button link" part="button" on:click=move |_| context.go_to(role_step)>
                    {texts.get("quickscan.review.change_role")}
                </button>
            </p>
            <ul class="review-themes" role="list">{themes}{priorities}{custom}</ul>
    };
    review(
        wizard.steps,
        KEYS,
        wizard.submission(),
        Callback::new(move |()| submit(context, host.clone())),
        answers,
        later(),
    )
}

/// One part of the review: its title, what was answered (and what was skipped), and the way back to its step.
fn review_item(context: ScanContext, title: String, line: String, skipped: Option<AnyView>, step: usize) -> AnyView {
    let go = expect_context::<Texts>().format("quickscan.review.go", &[("theme", &title)]);
    view! {
        <li class="review-theme">
            <h3>{title}</h3>
            <p>{line}</p>
            {skipped}
            <button type="button" class="button link" part="button" on:click=move |_| context.go_to(step)>{go}</button>
        </li>
    }
    .into_any()
}

const KEYS: ReviewTexts = ReviewTexts {
    title: "quickscan.review.heading",
    hint: "quickscan.review.hint",
    submit: "quickscan.submit",
    busy: "quickscan.submitting",
};
