//! The steps of the quick scan: the role (and continuing with a code), one theme at a time, the municipality's own
//! questions, and the review; with the navigation and "later verder" under each.

use inspraak_api::{Agreement, CustomAnswer, CustomKind, Role, quickscan::CUSTOM_TEXT_MAX_LEN};
use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};

use super::{
    Later, ScanContext, Step,
    invitation::{Field, InvitationField},
    save_for_later,
};
use inspraak_widget_core::{
    api_client::ApiError,
    browser,
    form::{StepHeader, SubmitBar},
    i18n::Texts,
};

const HEADING: &str = "step-heading";

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

/// Back, next, and "later verder" with the code once it is made.
#[component]
pub fn StepNav(
    index: usize,
    /// what "next" does instead of going on (a step that must check something first)
    #[prop(optional)]
    next: Option<Callback<()>>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let total = context.steps.with_value(Vec::len);
    let on_next = move |_| match next {
        Some(next) => next.run(()),
        None => context.go_to(index + 1),
    };
    let save_later = move |_| {
        if context.later.get_untracked() == Some(Later::Saving) {
            return;
        }
        context.later.set(Some(Later::Saving));
        spawn_local(async move {
            let saved = save_for_later(&context.api.get_value(), context).await;
            context.later.set(Some(match saved {
                Ok(code) => Later::Saved(code),
                Err(error) => Later::Failed(error.message_key()),
            }));
        });
    };
    view! {
        <div class="step-nav">
            <div class="actions">
                {(index > 0).then(|| view! {
                    <button type="button" class="button" part="button" on:click=move |_| context.go_to(index - 1)>
                        {texts.get("action.back")}
                    </button>
                })}
                {(index + 1 < total).then(|| view! {
                    <button type="button" class="button primary" part="button" on:click=on_next>
                        {texts.get("action.next")}
                    </button>
                })}
            </div>
            <div class="later">
                <button type="button" class="button link" part="button"
                    aria-disabled=move || (context.later.get() == Some(Later::Saving)).then_some("true")
                    on:click=save_later>
                    {texts.get("quickscan.later")}
                </button>
                <div class="later-status" role="status">
                    {move || context.later.get().map(|later| match later {
                        Later::Saving => view! { <p>{texts.get("quickscan.later.saving")}</p> }.into_any(),
                        Later::Saved(code) => {
                            let until = browser::long_date(&code.expires_at[..10], texts.lang);
                            view! {
                                <p class="later-code">
                                    {texts.get("quickscan.later.code")}" "
                                    <strong class="code" part="code">{code.code.clone()}</strong>
                                </p>
                                <p class="meta">{texts.format("quickscan.later.until", &[("date", &until)])}</p>
                            }.into_any()
                        }
                        Later::Failed(key) => view! {
                            <p class="error" part="error">{texts.get("quickscan.later.failed")}" "{texts.get(key)}</p>
                        }.into_any(),
                    })}
                </div>
            </div>
        </div>
    }
}

/// Step 1: who is answering, with the scan's introduction and the way back in with a code.
#[component]
pub fn RoleStep(index: usize, total: usize, focus: bool, on_resumed: Callback<()>) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let description = context.scan.with_value(|s| s.description.as_ref().map(|d| d.pick(english).to_owned()));
    let missing = RwSignal::new(false);
    let first = NodeRef::<html::Input>::new();
    let code = Field::new();
    let next = Callback::new(move |()| {
        if context.answers.with_untracked(|a| a.role.is_none()) {
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
                        prop:checked=move || context.answers.with(|a| a.role == Some(role))
                        aria-invalid=move || missing.get().then_some("true")
                        aria-describedby=move || if missing.get() { "role-hint role-error" } else { "role-hint" }
                        on:change=move |_| {
                            missing.set(false);
                            context.update(|a| a.role = Some(role));
                        }/>
                    <span>{texts.get(role_key(role))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=texts.get("quickscan.role.heading") heading_id=HEADING focus/>
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
            <StepNav index next/>
            <Resume on_resumed/>
            // A honeypot: people do not see it or reach it by keyboard; a bot that fills every field is refused.
            <div class="trap" aria-hidden="true">
                <label for="qs-website">{texts.get("form.trap")}</label>
                <input id="qs-website" type="text" name="website" tabindex="-1" autocomplete="off"
                    prop:value=move || context.answers.with(|a| a.website.clone())
                    on:input=move |event| {
                        let value = event_target_value(&event);
                        context.update(|a| a.website = value);
                    }/>
            </div>
        </div>
    }
}

/// "Verder met een code": fetches a draft kept on the server and continues where it was left.
#[component]
fn Resume(on_resumed: Callback<()>) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    let fail = move |key: &'static str| {
        error.set(Some(key));
        browser::focus_soon(move || input.get().map(Into::into));
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(code) = inspraak_api::quickscan::normalise_resume_code(&typed.get_untracked()) else {
            fail("quickscan.resume.invalid");
            return;
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let id = context.scan.with_value(|s| s.id.clone());
            let loaded = context.api.get_value().quickscan_draft(&id, &code).await;
            busy.set(false);
            match loaded {
                Ok(saved) if context.scan.with_value(|scan| saved.answers.validate_draft(scan).is_ok()) => {
                    context.update(|answers| *answers = saved.answers);
                    on_resumed.run(());
                    context.go_to(saved.step as usize);
                }
                Ok(_) => fail("quickscan.resume.invalid"),
                Err(e) if e.kind() == Some(inspraak_api::ProblemKind::NotFound) => fail("quickscan.resume.not_found"),
                Err(e) if e.kind() == Some(inspraak_api::ProblemKind::InvalidInput) => fail("quickscan.resume.invalid"),
                Err(ApiError::Problem(p)) if p.kind() == Some(inspraak_api::ProblemKind::TooManyRequests) => {
                    fail("quickscan.resume.too_many")
                }
                Err(e) => fail(e.message_key()),
            }
        });
    };
    view! {
        <div class="resume">
            <button type="button" class="button link" part="button" aria-controls="resume-form"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        browser::focus_soon(move || input.get().map(Into::into));
                    }
                }>
                {texts.get("quickscan.resume.toggle")}
            </button>
            <form id="resume-form" class="resume-form" novalidate hidden=move || !open.get() on:submit=on_submit>
                <label for="resume-code" class="label">{texts.get("quickscan.resume.label")}</label>
                <p id="resume-hint" class="hint">{texts.get("quickscan.resume.hint")}</p>
                <input id="resume-code" class="input code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" node_ref=input prop:value=move || typed.get()
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=move || if error.get().is_some() { "resume-hint resume-error" } else { "resume-hint" }
                    on:input=move |event| typed.set(event_target_value(&event))/>
                {move || error.get().map(|key| view! {
                    <p id="resume-error" class="error" part="error">{texts.get(key)}</p>
                })}
                <div class="actions">
                    <button type="submit" class="button" part="button" aria-disabled=move || busy.get().then_some("true")>
                        {texts.get("quickscan.resume.submit")}
                    </button>
                    <span class="status" role="status">{move || busy.get().then(|| texts.get("widget.loading"))}</span>
                </div>
            </form>
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
    let role = context.answers.with_untracked(|a| a.role);
    let statements = theme
        .statements
        .iter()
        .map(|statement| {
            let id = statement.id.clone();
            let chosen = id.clone();
            view! {
                <AgreeScale name=format!("s-{id}") legend=statement.text_for(role).pick(english).to_owned()
                    value=Signal::derive(move || context.answers.with(|a| a.statements.get(&chosen).copied()))
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
                    prop:value=move || context.answers.with(|a| a.grades.get(&current).map(u8::to_string).unwrap_or_default())
                    on:change=move |event| {
                        let grade = event_target_value(&event).parse::<u8>().ok();
                        let theme_id = theme_id.clone();
                        context.update(move |a| match grade {
                            Some(grade) => { a.grades.insert(theme_id, grade); }
                            None => { a.grades.remove(&theme_id); }
                        });
                    }>
                    <option value="">{texts.get("quickscan.grade.none")}</option>
                    {(1..=10u8).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=theme.title.pick(english).to_owned() heading_id=HEADING focus/>
            {theme.subgoal.map(|n| view! { <p class="meta">{texts.format("quickscan.subgoal", &[("number", &n.to_string())])}</p> })}
            {theme.intro.as_ref().map(|intro| view! { <p class="intro">{intro.pick(english).to_owned()}</p> })}
            <p class="hint">{texts.get("quickscan.theme.hint")}</p>
            <div class="statements">{statements}</div>
            {grade}
            <StepNav index/>
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
                        <AgreeScale name=format!("c-{id}") legend=text
                            value=Signal::derive(move || context.answers.with(|a| match a.custom.get(&chosen) {
                                Some(CustomAnswer::Scale(answer)) => Some(*answer),
                                _ => None,
                            }))
                            on_change=Callback::new(move |answer| {
                                let id = id.clone();
                                context.update(|a| { a.custom.insert(id, CustomAnswer::Scale(answer)); });
                            })/>
                    }
                    .into_any()
                }
                CustomKind::Text => {
                    let field = format!("c-{id}");
                    let current = id.clone();
                    let length = Memo::new(move |_| {
                        context.answers.with(|a| match a.custom.get(&current) {
                            Some(CustomAnswer::Text(text)) => text.chars().count(),
                            _ => 0,
                        })
                    });
                    let shown = id.clone();
                    view! {
                        <div class="open-question">
                            <label for=field.clone() class="label">{text}</label>
                            <p id=format!("{field}-hint") class="hint">
                                {texts.format("quickscan.custom.max", &[("max", &CUSTOM_TEXT_MAX_LEN.to_string())])}
                            </p>
                            <textarea id=field.clone() class="textarea" part="textarea" rows="4"
                                maxlength=CUSTOM_TEXT_MAX_LEN.to_string()
                                aria-describedby=format!("{field}-hint")
                                prop:value=move || context.answers.with(|a| match a.custom.get(&shown) {
                                    Some(CustomAnswer::Text(text)) => text.clone(),
                                    _ => String::new(),
                                })
                                on:input=move |event| {
                                    let value = event_target_value(&event);
                                    let id = id.clone();
                                    context.update(|a| {
                                        if value.trim().is_empty() {
                                            a.custom.remove(&id);
                                        } else {
                                            a.custom.insert(id, CustomAnswer::Text(value));
                                        }
                                    });
                                }></textarea>
                            <p class="meta counter" aria-hidden="true">
                                {move || format!("{} / {CUSTOM_TEXT_MAX_LEN}", length.get())}
                            </p>
                        </div>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    view! {
        <div class="step" part="step">
            <StepHeader step=index total title=texts.get("quickscan.custom.heading") heading_id=HEADING focus/>
            <p class="hint">{texts.get("quickscan.custom.hint")}</p>
            <div class="statements">{questions}</div>
            <StepNav index/>
        </div>
    }
}

/// The review: the role, and per theme what was answered and what was skipped, with a way back to each.
#[component]
pub fn ReviewStep(
    index: usize,
    total: usize,
    focus: bool,
    submitting: RwSignal<bool>,
    submit_error: RwSignal<Option<String>>,
    on_submit: Callback<()>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let answers = context.answers.get_untracked();
    let scan = context.scan.get_value();
    let step_of = |wanted: Step| context.steps.with_value(|steps| steps.iter().position(|s| *s == wanted).unwrap_or(0));
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
            let answered = theme.statements.len() - skipped.len();
            let title = theme.title.pick(english).to_owned();
            let step = step_of(Step::Theme(n));
            let count = texts.format(
                "quickscan.review.answered",
                &[("answered", &answered.to_string()), ("total", &theme.statements.len().to_string())],
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
            let go = texts.format("quickscan.review.go", &[("theme", &title)]);
            view! {
                <li class="review-theme">
                    <h3>{title.clone()}</h3>
                    <p>{count}</p>
                    {skipped_list}
                    <button type="button" class="button link" part="button" on:click=move |_| context.go_to(step)>{go}</button>
                </li>
            }
        })
        .collect_view();
    let custom_count = answers.custom.len();
    let custom = (!scan.custom_questions.is_empty()).then(|| {
        let step = step_of(Step::Custom);
        let count = texts.format(
            "quickscan.review.answered",
            &[("answered", &custom_count.to_string()), ("total", &scan.custom_questions.len().to_string())],
        );
        let title = texts.get("quickscan.custom.heading");
        view! {
            <li class="review-theme">
                <h3>{title}</h3>
                <p>{count}</p>
                <button type="button" class="button link" part="button" on:click=move |_| context.go_to(step)>
                    {texts.format("quickscan.review.go", &[("theme", title)])}
                </button>
            </li>
        }
    });
    view! {
        <div class="step review" part="review">
            <StepHeader step=index total title=texts.get("quickscan.review.heading") heading_id=HEADING focus/>
            <p class="hint">{texts.get("quickscan.review.hint")}</p>
            <p class="review-role">
                {role_line}" "
                <button type="button" class="button link" part="button" on:click=move |_| context.go_to(role_step)>
                    {texts.get("quickscan.review.change_role")}
                </button>
            </p>
            <ul class="review-themes" role="list">{themes}{custom}</ul>
            <SubmitBar label="quickscan.submit" busy="quickscan.submitting" submitting error=submit_error on_submit/>
            <StepNav index/>
        </div>
    }
}
