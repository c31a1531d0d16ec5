//! Where the resident is in a form of steps and how they move on: the step shown, where focus goes when a step is
//! drawn, the header that says "stap N van M", and the navigation under each step.

use leptos::{html, prelude::*};

use crate::{browser, i18n::Texts};

/// Where focus goes when a step is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Nowhere: the first step on page load.
    Stay,
    Heading,
    /// The error summary of the step.
    Summary,
    /// A field, by its name in the form (a "Wijzig" on the review).
    Field(&'static str),
}

/// The steps of a form: which one shows and where focus goes when the next one is drawn. `Copy`, so every handler
/// can hold it.
#[derive(Clone, Copy)]
pub struct Steps {
    /// The step shown and where focus goes in it: one signal, since they always change together.
    pub(super) current: RwSignal<(usize, Focus)>,
    last: usize,
    /// The resident came from the review to change something: next goes straight back.
    returning: RwSignal<bool>,
    /// The label of next after a jump from the review to change something (a catalogue key, "terug naar het
    /// overzicht"), when the form goes straight back then; without it next goes on to the following step as always.
    to_review: Option<&'static str>,
}

impl Steps {
    /// `count` steps (the review last), starting at `at`; the first step drawn takes focus when `focus_first`
    /// (a retry after a failed load, whose button is gone), else focus stays where it is.
    pub fn new(count: usize, at: usize, focus_first: bool, to_review: Option<&'static str>) -> Steps {
        let last = count - 1;
        Steps {
            current: RwSignal::new((at.min(last), if focus_first { Focus::Heading } else { Focus::Stay })),
            last,
            returning: RwSignal::new(false),
            to_review,
        }
    }

    /// The index of the step shown, as it is now (not tracked).
    pub fn index(self) -> usize {
        self.current.with_untracked(|current| current.0)
    }

    pub fn count(self) -> usize {
        self.last + 1
    }

    /// The review's index.
    pub fn last(self) -> usize {
        self.last
    }

    /// Where focus goes in the step being drawn.
    pub fn focus(self) -> Focus {
        self.current.with_untracked(|current| current.1)
    }

    /// Whether the heading of the step being drawn takes focus. (`matches!` rather than `==`: comparing a
    /// `Focus::Field` would compile a string comparison for nothing.)
    pub fn focus_heading(self) -> bool {
        matches!(self.focus(), Focus::Heading)
    }

    /// Shows step `index` (the review at most), with focus on `focus` once it is drawn.
    pub fn go_to(self, index: usize, focus: Focus) {
        self.current.set((index.min(self.last), focus));
    }

    /// Shows step `index` to change something there, from the review (or with errors the review found): where
    /// the form has a `to_review` label, next then goes straight back to the review.
    pub fn change(self, index: usize, focus: Focus) {
        self.returning.set(self.to_review.is_some());
        self.go_to(index, focus);
    }

    /// The step next goes to from `index`.
    pub fn after(self, index: usize) -> usize {
        if self.returning.get_untracked() { self.last } else { index + 1 }
    }

    /// Back at the review, or starting over: next goes on as always.
    pub(super) fn arrived(self) {
        self.returning.set(false);
    }
}

/// The heading of a step with "stap N van M" and a progress bar. The heading takes focus whenever `step` changes
/// after the first render (so a screen reader announces the new step and Tab starts from there). Its ids are fixed:
/// one step shows at a time.
#[component]
pub fn StepHeader(
    /// 0-based index of this step
    step: usize,
    total: usize,
    #[prop(into)] title: String,
    /// move focus to the heading once drawn
    focus: bool,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let heading = NodeRef::<html::H2>::new();
    if focus {
        browser::focus_soon(move || heading.get().map(Into::into));
    }
    let (step, total) = (crate::num(step as u64 + 1), crate::num(total as u64));
    let count = texts.format("form.step_of", &[("step", &step), ("total", &total)]);
    view! {
        <div class="step-header" part="step-header">
            <p class="step-count" id="step-heading-count">{count}</p>
            <progress class="step-progress" part="step-progress" max=total value=step
                aria-labelledby="step-heading-count"></progress>
            <h2 id="step-heading" class="step-title" tabindex="-1" node_ref=heading>{title}</h2>
        </div>
    }
}

/// Keeps focus where it is while a button is pressed with a mouse or finger: leaving a field may check it, and an
/// error appearing above the button would move it away before the press ends, so the click would be lost.
pub fn keep_focus(event: leptos::ev::MouseEvent) {
    event.prevent_default();
}

/// Back and next under step `index` (no next on the review), then `extra`, what the form adds to every step's
/// navigation ("later verder", "concept verwijderen"): a view of one type for every step, so it is compiled once.
/// Next goes on ([`Steps::after`]), runs `on_next` instead (a step that checks something first), or with `submits`
/// submits the step's `<form>`, whose handler checks the step and moves on.
#[component]
pub fn StepNav<E: IntoView + 'static>(
    /// the form's steps (its wizard's)
    steps: Steps,
    index: usize,
    /// what the form adds under back and next
    extra: E,
    #[prop(optional)] on_next: Option<Callback<()>>,
    #[prop(optional)] submits: bool,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let next = (index < steps.last).then(|| {
        let go_on = move |_| match on_next {
            Some(on_next) => on_next.run(()),
            None if !submits => steps.go_to(steps.after(index), Focus::Heading),
            None => {}
        };
        // Not tracked: `returning` only changes as a step is drawn anew (or on the review, which has no next).
        let label = match steps.to_review {
            Some(to_review) if steps.returning.get_untracked() => texts.get(to_review),
            _ => texts.get("action.next"),
        };
        view! {
            <button type=if submits { "submit" } else { "button" } class="button primary" part="button"
                on:mousedown=keep_focus on:click=go_on>
                {label}
            </button>
        }
    });
    view! {
        <div class="step-nav">
            <div class="actions">
                {(index > 0).then(|| view! {
                    <button type="button" class="button" part="button" on:mousedown=keep_focus
                        on:click=move |_| steps.go_to(index - 1, Focus::Heading)>
                        {texts.get("action.back")}
                    </button>
                })}
                {next}
            </div>
            {extra}
        </div>
    }
}
