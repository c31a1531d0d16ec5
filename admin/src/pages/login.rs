//! Logging in: name and password, one message for a wrong pair (it does not say which half was wrong), the wait
//! after too many tries, and back to the address that was asked for.

use inspraak_api::{FieldError, FieldErrorCode, Login, SessionInfo};
use leptos::{html, prelude::*, task::spawn_local};

use crate::{
    LoginMessage, Me, api, home_of,
    router::{Nav, Page, ROOT},
    ui::{ErrorSummary, FormErrors, Notice, PageHeading, TextInput, failure_message, texts},
};

fn label_of(name: &str) -> Option<&'static str> {
    match name {
        "name" => Some("admin.login.name"),
        "password" => Some("admin.login.password"),
        _ => None,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = texts();
    let nav = expect_context::<Nav>();
    let me = expect_context::<Me>();
    let message = expect_context::<LoginMessage>();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let shown = message.0.get_untracked();
    let failure_ref = NodeRef::<html::Div>::new();

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut missing = Vec::new();
        if name.get_untracked().trim().is_empty() {
            missing.push(FieldError::new("name", FieldErrorCode::Required, ""));
        }
        if password.get_untracked().is_empty() {
            missing.push(FieldError::new("password", FieldErrorCode::Required, ""));
        }
        errors.set(missing);
        failure.set(None);
        if errors.0.with_untracked(|e| !e.is_empty()) {
            return;
        }
        busy.set(true);
        let login = Login { name: name.get_untracked().trim().to_owned(), password: password.get_untracked() };
        spawn_local(async move {
            let answer = api::login::<_, SessionInfo>(&login).await;
            busy.set(false);
            match answer {
                Ok(session) => {
                    message.0.set(None);
                    api::set_csrf(session.csrf_token.clone());
                    let role = session.role;
                    me.0.set(Some(session));
                    let back = nav
                        .0
                        .with_untracked(|l| l.param("terug"))
                        .filter(|b| b.starts_with(ROOT) && !b.starts_with(&Page::Login.href()));
                    nav.go(&back.unwrap_or_else(|| home_of(role).href()), true);
                }
                Err(error) => {
                    let text = if error.status() == Some(401) {
                        t.get("admin.login.wrong").to_owned()
                    } else {
                        failure_message(&error)
                    };
                    failure.set(Some(text));
                    password.set(String::new());
                    inspraak_widget_core::browser::focus_soon(move || failure_ref.get().map(Into::into));
                }
            }
        });
    };

    view! {
        <div class="login">
            <PageHeading title=t.get("admin.login.title")/>
            {shown.map(|key| view! { <Notice kind="info" message=t.get(key)/> })}
            <div tabindex="-1" node_ref=failure_ref>
                {move || failure.get().map(|text| view! { <Notice kind="error" message=text/> })}
            </div>
            <ErrorSummary errors labels=label_of/>
            <form class="form" novalidate on:submit=submit>
                <TextInput name="name" label=t.get("admin.login.name") value=name errors autocomplete="username" required=true/>
                <TextInput name="password" label=t.get("admin.login.password") value=password errors input_type="password"
                    autocomplete="current-password" required=true/>
                <div class="actions">
                    <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>
                        {t.get("admin.login.submit")}
                    </button>
                    <span role="status" class="status">{move || busy.get().then(|| t.get("admin.login.busy"))}</span>
                </div>
            </form>
            <p class="hint">{t.get("admin.login.help")}</p>
        </div>
    }
}
