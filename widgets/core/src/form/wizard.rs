//! The one form wizard: a widget's answers and the step they are at, kept in this browser after every change; the
//! sending that makes a retry the same request; and the phase (filling in, closed, sent). A form widget configures
//! it with a [`Setup`] and draws its own steps, notices and confirmation ([`Pages`]); `submit.rs` sends.

use leptos::prelude::*;

use super::{
    draft::{Draft, DraftStore, Sending},
    steps::{Focus, Steps},
    submit::Submission,
};
use crate::{
    api_client::SubmitFailure,
    i18n::Texts,
    json::{FromJson, ToJson},
};

/// What a form widget tells its wizard.
pub struct Setup<A, D> {
    /// Where the draft is kept while filling in.
    pub drafts: DraftStore,
    /// Where the sent form is remembered, to show its confirmation again.
    pub done: DraftStore,
    /// The sent form this browser remembers, if any.
    pub sent: Option<D>,
    /// Whether the form takes answers; else it shows as closed.
    pub open: bool,
    /// How many steps, the review included.
    pub steps: usize,
    /// The first step drawn takes focus (after a retried load).
    pub focus_first: bool,
    /// The label of next after a jump from the review (a catalogue key), when the form goes straight back then.
    pub to_review: Option<&'static str>,
    /// The catalogue key of the notice that a draft was restored.
    pub restored: &'static str,
    /// The answers without the personal details, which this device keeps only when the resident asks
    /// ([`Wizard::remember`]); without it everything is kept.
    pub private: Option<fn(&A) -> A>,
    /// How this form words a submission that failed the way any can.
    pub failure: &'static SubmitFailure,
}

/// Where the resident is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase<D> {
    Filling,
    Closed,
    /// `just_now`: sent in this visit (else shown again from this browser's memory).
    Done {
        done: Box<D>,
        just_now: bool,
    },
}

/// How a widget draws what its wizard shows.
pub struct Pages<S, N, F, C> {
    /// Step `index`.
    pub step: S,
    /// The notice at the top while filling in, by its catalogue key.
    pub notice: N,
    /// The confirmation, and whether it was sent just now.
    pub done: F,
    /// The form no longer takes answers.
    pub closed: C,
}

/// A form being filled in: `A` the answers, `D` what is remembered of it once sent. `Copy`, so every handler can
/// hold it; the widget keeps it in its context.
pub struct Wizard<A: Send + Sync + 'static, D: Send + Sync + 'static> {
    pub answers: RwSignal<A>,
    pub steps: Steps,
    /// "Onthoud mijn gegevens op dit apparaat": the draft keeps the personal details too.
    pub remember: RwSignal<bool>,
    /// The notice at the top about the draft, by its catalogue key.
    pub notice: RwSignal<Option<&'static str>>,
    pub(super) phase: RwSignal<Phase<D>>,
    pub(super) submission: Submission,
    pub(super) sending: StoredValue<Sending>,
    pub(super) drafts: DraftStore,
    pub(super) done: DraftStore,
    private: Option<fn(&A) -> A>,
    pub(super) failure: &'static SubmitFailure,
    pub(super) texts: Texts,
}

impl<A: Send + Sync + 'static, D: Send + Sync + 'static> Clone for Wizard<A, D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Send + Sync + 'static, D: Send + Sync + 'static> Copy for Wizard<A, D> {}

impl<A, D> Wizard<A, D>
where
    A: Clone + Default + FromJson + ToJson + Send + Sync + 'static,
    D: Clone + ToJson + Send + Sync + 'static,
{
    /// The wizard of a form, continuing the draft in this browser when `restorable` accepts its answers. From here
    /// on every change is kept there while filling in.
    pub fn new(setup: Setup<A, D>, restorable: impl FnOnce(&A) -> bool) -> Self {
        let restored = setup.drafts.load::<Draft<A>>().filter(|draft| restorable(&draft.answers));
        let notice = restored.as_ref().map(|_| setup.restored);
        let draft = restored.unwrap_or_default();
        let phase = match setup.sent {
            Some(done) => Phase::Done { done: Box::new(done), just_now: false },
            None if !setup.open => Phase::Closed,
            None => Phase::Filling,
        };
        let wizard = Wizard {
            answers: RwSignal::new(draft.answers),
            steps: Steps::new(setup.steps, draft.step, setup.focus_first, setup.to_review),
            remember: RwSignal::new(draft.remember),
            notice: RwSignal::new(notice),
            phase: RwSignal::new(phase),
            submission: Submission::new(),
            sending: StoredValue::new(draft.sending.restored()),
            drafts: setup.drafts,
            done: setup.done,
            private: setup.private,
            failure: setup.failure,
            texts: expect_context::<Texts>(),
        };
        // Every change, while filling in; the first save also records when the form was opened.
        Effect::new(move |_| {
            wizard.answers.track();
            wizard.steps.current.track();
            wizard.remember.track();
            if wizard.phase.with_untracked(|phase| matches!(phase, Phase::Filling)) {
                wizard.keep_draft();
            }
        });
        wizard
    }

    /// Changes the answers; new answers get a new Idempotency-Key.
    pub fn update(self, change: impl FnOnce(&mut A)) {
        self.sending.update_value(Sending::renew);
        self.answers.update(change);
    }

    /// `answers` as this device may keep them: without the personal details unless the resident asked.
    pub fn kept(self, answers: A) -> A {
        match self.private {
            Some(without) if !self.remember.get_untracked() => without(&answers),
            _ => answers,
        }
    }

    pub(super) fn keep_draft(self) {
        self.drafts.save(&Draft {
            answers: self.kept(self.answers.get_untracked()),
            step: self.steps.index(),
            remember: self.remember.get_untracked(),
            sending: self.sending.get_value(),
        });
    }

    /// Forgets the draft and starts again, empty, at the first step.
    pub fn start_over(self) {
        self.drafts.clear();
        self.notice.set(None);
        self.sending.set_value(Sending::default());
        self.remember.set(false);
        self.answers.set(A::default());
        self.steps.arrived();
        self.steps.go_to(0, Focus::Heading);
    }

    /// Forgets the sent form too, to fill in another one.
    pub fn start_another(self) {
        self.done.clear();
        self.start_over();
        self.phase.set(Phase::Filling);
    }

    /// The widget's section, labelled by `title`: the steps under the notice while filling in, else the
    /// confirmation or that the form is closed. `kind` is its class and part.
    pub fn view<S, N, F, C>(self, kind: &'static str, title: String, pages: Pages<S, N, F, C>) -> impl IntoView
    where
        S: Fn(usize) -> AnyView + Copy + Send + Sync + 'static,
        N: Fn(&'static str) -> AnyView + Copy + Send + Sync + 'static,
        F: Fn(D, bool) -> AnyView + Copy + Send + Sync + 'static,
        C: Fn() -> AnyView + Copy + Send + Sync + 'static,
    {
        let Pages { step, notice, done, closed } = pages;
        let label = title.clone();
        view! {
            <section class=kind part=kind aria-label=label>
                <p class="scan-title">{title}</p>
                {move || match self.phase.get() {
                    Phase::Closed => closed(),
                    Phase::Done { done: sent, just_now } => done(*sent, just_now),
                    Phase::Filling => view! {
                        {move || self.notice.get().map(notice)}
                        {move || step(self.steps.current.with(|current| current.0))}
                    }
                    .into_any(),
                }}
            </section>
        }
    }
}
