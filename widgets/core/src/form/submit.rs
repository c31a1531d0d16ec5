//! Sending a wizard's answers: once per press, with the Idempotency-Key and fill-in time that make a retry (also
//! after a reload) the same request, and the failures any form can meet worded the form's way.

use std::future::Future;

use inspraak_api::ProblemKind;
use leptos::{prelude::*, task::spawn_local};

use super::{
    draft::Sending,
    wizard::{Phase, Wizard},
};
use crate::{
    api_client::ApiError,
    browser,
    embed::Host,
    json::{FromJson, ToJson},
};

/// Whether a form's answers are on their way, and why the last try failed: the read half, for the review. Only the
/// wizard writes it. (Not a `ReadSignal` each: that compiles a second copy of the signal code for the two types,
/// 0.6 KB brotli a module, measured.)
#[derive(Clone, Copy)]
pub struct Submission {
    pub(super) busy: RwSignal<bool>,
    pub(super) error: RwSignal<Option<String>>,
}

impl Submission {
    pub(super) fn new() -> Submission {
        Submission { busy: RwSignal::new(false), error: RwSignal::new(None) }
    }

    /// Whether the answers are on their way (tracked).
    pub fn busy(self) -> bool {
        self.busy.get()
    }

    /// Why the last try failed, while that stands (tracked).
    pub fn error(self) -> Option<String> {
        self.error.get()
    }
}

/// How a submission ended, as the widget's `send` tells its wizard.
pub enum Sent<D> {
    /// Stored: `shown` is the confirmation drawn now, `kept` what this browser remembers of it where that is less
    /// (the personal details left out); `event` the DOM event that tells the page (the widget's in
    /// `widgets/registry.json`) with the two names and values of its `detail`.
    Stored { shown: D, kept: Option<D>, event: &'static str, detail: [(&'static str, String); 2] },
    /// Refused, and the widget shows why at the fields.
    RefusedAtFields,
    /// Refused for a reason the widget words: this catalogue key, under the submit button.
    Refused(&'static str),
    /// Failed the way any form can (no connection, no answer in time, too many, the server).
    Failed(ApiError),
}

impl<A, D> Wizard<A, D>
where
    A: Clone + Default + FromJson + ToJson + Send + Sync + 'static,
    D: Clone + ToJson + Send + Sync + 'static,
{
    /// Whether the answers are on their way and why the last try failed, for the review to show.
    pub fn submission(self) -> Submission {
        self.submission
    }

    /// Sends the answers, unless they are on their way already. `body` makes what is sent from the fill-in time,
    /// or says why the answers cannot go yet: a catalogue key shown under the button, or none when the widget shows
    /// it itself. `send` sends that body with the Idempotency-Key; `host` is told once it is stored.
    pub fn submit<B, F>(
        self,
        host: Host,
        body: impl FnOnce(u32) -> Result<B, Option<&'static str>>,
        send: impl FnOnce(B, String) -> F,
    ) where
        F: Future<Output = Sent<D>> + 'static,
    {
        if self.submission.busy.get_untracked() {
            return;
        }
        let seconds = self.sending.with_value(Sending::fill_seconds);
        let body = match body(seconds) {
            Ok(body) => body,
            Err(reason) => {
                if let Some(key) = reason {
                    self.submission.error.set(Some(self.texts.get(key).to_owned()));
                }
                return;
            }
        };
        // From here on this key stands for exactly this body, also after a reload.
        self.sending.update_value(|sending| sending.sent_seconds = Some(seconds));
        self.keep_draft();
        self.submission.error.set(None);
        self.submission.busy.set(true);
        let sent = send(body, self.sending.with_value(|sending| sending.key.clone()));
        spawn_local(async move {
            let sent = sent.await;
            self.submission.busy.set(false);
            let message = match sent {
                Sent::Stored { shown, kept, event, detail } => {
                    self.drafts.clear();
                    self.done.save(kept.as_ref().unwrap_or(&shown));
                    let [(first, one), (second, other)] = detail;
                    browser::dispatch(&host.0, event, &[(first, one.as_str()), (second, other.as_str())]);
                    self.phase.set(Phase::Done { done: Box::new(shown), just_now: true });
                    return;
                }
                Sent::RefusedAtFields => return,
                Sent::Refused(key) => self.texts.get(key).to_owned(),
                Sent::Failed(error) => {
                    // The key went with another body before: only a new one can get these answers in.
                    if error.kind() == Some(ProblemKind::IdempotencyKeyReused) {
                        self.update(|_| {});
                    }
                    error.submit_message(self.texts, self.failure)
                }
            };
            self.submission.error.set(Some(message));
        });
    }
}
