//! Invitation codes: a scan can let a role (the council, the college) answer only with a code from its invitation.
//! The code comes from the element's `invitation` attribute, from the page address (`?uitnodiging=ABCD-EFGH-JKMN`,
//! taken out of the address bar at once so it stays out of the history), or is typed in at the role step. It is
//! kept in this browser until the response is stored, and travels in the `Inspraak-Invitation` header, never in the
//! answers.

use inspraak_api::{FieldErrorCode, QuickscanAnswers, ResponseReceipt, quickscan::normalise_invitation};
use leptos::{html, prelude::*};

use super::ScanContext;
use inspraak_widget_core::{api_client::ApiError, browser, cat, i18n::Texts, joined};

/// The query parameter of an invitation link.
pub const PARAM: &str = "uitnodiging";

fn key(scan: &str) -> String {
    cat(&["inspraak:quickscan:invitation:", scan])
}

/// Keeps the code this widget was given (its `invitation` attribute, else the page address's `uitnodiging`, which is
/// taken out of the address bar).
pub fn take(attribute: Option<String>, scan: &str) {
    let code = attribute.or_else(from_address);
    if let Some(code) = code {
        browser::store(&key(scan), &code);
    }
}

/// `?uitnodiging=…` of the page, which is then replaced by the address without it.
fn from_address() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().ok()?;
    let mut code = None;
    let mut kept = Vec::new();
    for pair in search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix(PARAM).and_then(|rest| rest.strip_prefix('=')) {
            // A code is letters, digits and dashes: nothing in it is percent-encoded.
            Some(value) => code = Some(value.to_owned()),
            None => kept.push(pair),
        }
    }
    if code.is_some() {
        let query = if kept.is_empty() { String::new() } else { cat(&["?", &joined(&kept, "&")]) };
        let address = cat(&[&location.pathname().ok()?, &query, &location.hash().ok()?]);
        let _ = window.history().ok()?.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
    code.filter(|c| !c.trim().is_empty())
}

/// The code kept for `scan`, as typed.
fn kept(scan: &str) -> String {
    browser::stored(&key(scan)).unwrap_or_default()
}

/// Submits `answers` with the code kept for this scan, if any; a stored response uses the code up, so it is forgotten.
pub async fn submit(
    context: ScanContext,
    answers: &QuickscanAnswers,
    idempotency_key: &str,
) -> Result<ResponseReceipt, ApiError> {
    let scan = context.scan.with_value(|s| s.id.clone());
    let code = normalise_invitation(&kept(&scan));
    let result =
        context.api.get_value().submit_quickscan_invited(&scan, answers, idempotency_key, code.as_deref()).await;
    if result.is_ok() {
        browser::forget(&key(&scan));
    }
    result
}

/// The catalogue key for a refused invitation code, when that is why the response was refused.
pub fn problem(error: &ApiError) -> Option<&'static str> {
    let ApiError::Problem(problem) = error else { return None };
    let field = problem.invalid_params.iter().find(|f| f.name == "Inspraak-Invitation")?;
    Some(match field.code {
        FieldErrorCode::Required => "quickscan.invitation.required",
        FieldErrorCode::Used => "quickscan.invitation.used",
        FieldErrorCode::Mismatch => "quickscan.invitation.mismatch",
        FieldErrorCode::Format => "quickscan.invitation.format",
        _ => "quickscan.invitation.unknown",
    })
}

/// The code field of the role step, and whether the step may be left.
#[derive(Clone, Copy)]
pub struct Field {
    error: RwSignal<Option<&'static str>>,
    input: NodeRef<html::Input>,
}

impl Field {
    pub fn new() -> Field {
        Field { error: RwSignal::new(None), input: NodeRef::new() }
    }

    /// Whether the chosen role may go on: one that answers with a code needs a code that can be one. If not, says why
    /// at the field and moves the focus there.
    pub fn ready(self, context: ScanContext) -> bool {
        let invited = context
            .wizard
            .answers
            .with_untracked(|a| a.role)
            .is_some_and(|r| context.scan.with_value(|s| s.invitation_only(r)));
        let typed = kept(&context.scan.with_value(|s| s.id.clone()));
        let error = match (invited, typed.trim().is_empty()) {
            (false, _) => None,
            (true, true) => Some("quickscan.invitation.required"),
            (true, false) => normalise_invitation(&typed).is_none().then_some("quickscan.invitation.format"),
        };
        self.error.set(error);
        if error.is_some() {
            browser::focus_soon(move || self.input.get().map(Into::into));
        }
        error.is_none()
    }
}

/// "Uitnodigingscode", shown when the chosen role answers with a code.
#[component]
pub fn InvitationField(field: Field) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let scan = context.scan.with_value(|s| s.id.clone());
    let typed = RwSignal::new(kept(&scan));
    let shown = move || {
        context.wizard.answers.with(|a| a.role).is_some_and(|r| context.scan.with_value(|s| s.invitation_only(r)))
    };
    let error = field.error;
    move || {
        shown().then(|| {
            let scan = scan.clone();
            view! {
                <div class="invitation">
                    <label for="qs-invitation" class="label">{texts.get("quickscan.invitation.label")}</label>
                    <p id="qs-invitation-hint" class="hint">{texts.get("quickscan.invitation.hint")}</p>
                    <input id="qs-invitation" class="input code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" node_ref=field.input
                        prop:value=move || typed.get()
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=move || match error.get() {
                            Some(_) => "qs-invitation-hint qs-invitation-error",
                            None => "qs-invitation-hint",
                        }
                        on:input=move |event| {
                            let value = event_target_value(&event);
                            browser::store(&key(&scan), &value);
                            typed.set(value);
                            error.set(None);
                        }/>
                    {move || error.get().map(|key| view! {
                        <p id="qs-invitation-error" class="error" part="error">{texts.get(key)}</p>
                    })}
                </div>
            }
        })
    }
}
