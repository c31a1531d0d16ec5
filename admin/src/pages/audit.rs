//! The audit trail: who did what, when, and what a status was and became; newest first, a page at a time, for one
//! account if asked, and the whole trail as CSV (AVG accountability).

use inspraak_api::AuditEntry;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, Failure},
    ui::{FormErrors, Notice, PageHeading, TextInput, date_time, failure_message, texts},
};

const PAGE: usize = 50;

/// The reader's words for an action name; the name itself when it has none.
fn action_text(action: &str) -> String {
    let key = match action {
        "poll.create" => "admin.audit.action.poll_create",
        "poll.update" => "admin.audit.action.poll_update",
        "poll.close" => "admin.audit.action.poll_close",
        "poll.codes" => "admin.audit.action.poll_codes",
        "poll.feedback" => "admin.audit.action.poll_feedback",
        "poll.image_upload" => "admin.audit.action.image_upload",
        "quickscan.create" => "admin.audit.action.quickscan_create",
        "quickscan.round_open" => "admin.audit.action.round_open",
        "quickscan.round_close" => "admin.audit.action.round_close",
        "quickscan.round_progress" => "admin.audit.action.round_progress",
        "quickscan.invitations" => "admin.audit.action.invitations",
        "quickscan.response_delete" => "admin.audit.action.response_delete",
        "progress.record" => "admin.audit.action.progress_record",
        "challenge.form_save" => "admin.audit.action.form_save",
        "challenge.status" => "admin.audit.action.challenge_status",
        "challenge.erase" => "admin.audit.action.challenge_erase",
        "challenge.view_list" => "admin.audit.action.challenge_view_list",
        "challenge.export" => "admin.audit.action.challenge_export",
        "challenge.view" => "admin.audit.action.challenge_view",
        "challenge.download" => "admin.audit.action.challenge_download",
        "challenge.person_export" => "admin.audit.action.person_export",
        "session.login" => "admin.audit.action.login",
        "session.login_failed" => "admin.audit.action.login_failed",
        "session.logout" => "admin.audit.action.logout",
        "account.create" => "admin.audit.action.account_create",
        "account.update" => "admin.audit.action.account_update",
        "account.password" => "admin.audit.action.account_password",
        "account.token" => "admin.audit.action.account_token",
        "account.token_revoke" => "admin.audit.action.account_token_revoke",
        "account.delete" => "admin.audit.action.account_delete",
        "audit.export" => "admin.audit.action.audit_export",
        other => return other.to_owned(),
    };
    texts().get(key).to_owned()
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = texts();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let more = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let actor = RwSignal::new(String::new());
    let shown_actor = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let fetch = move |before: Option<i64>| {
        let who = shown_actor.get_untracked();
        loading.set(true);
        spawn_local(async move {
            let mut url = format!("{}?limit={PAGE}", api::path(&["audit"]));
            if let Some(before) = before {
                url.push_str(&format!("&before={before}"));
            }
            if !who.is_empty() {
                url.push_str(&format!("&actor={}", String::from(js_sys::encode_uri_component(&who))));
            }
            let answer: Result<Vec<AuditEntry>, Failure> = api::get(&url).await;
            loading.set(false);
            match answer {
                Ok(page) => {
                    more.set(page.len() == PAGE);
                    if before.is_some() {
                        entries.update(|all| all.extend(page));
                    } else {
                        entries.set(page);
                    }
                    failure.set(None);
                }
                Err(error) => failure.set(Some(failure_message(&error))),
            }
        });
    };
    fetch(None);
    let filter = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        shown_actor.set(actor.get_untracked().trim().to_lowercase());
        fetch(None);
    };
    let csv = move || {
        let who = shown_actor.get();
        if who.is_empty() {
            api::path(&["audit.csv"])
        } else {
            format!("{}?actor={}", api::path(&["audit.csv"]), String::from(js_sys::encode_uri_component(&who)))
        }
    };
    view! {
        <PageHeading title=t.get("admin.audit.title")/>
        <p class="intro">{t.get("admin.audit.intro")}</p>
        <form class="form form-inline" novalidate on:submit=filter>
            <TextInput name="actor" label=t.get("admin.audit.actor_filter") hint=t.get("admin.audit.actor_hint") value=actor errors/>
            <button type="submit" class="button secondary">{t.get("admin.audit.filter")}</button>
        </form>
        <p><a href=csv class="button secondary" download>{t.get("admin.audit.csv")}</a></p>
        {move || failure.get().map(|text| view! { <Notice kind="error" message=text/> })}
        <table class="table audit">
            <caption class="visually-hidden">{t.get("admin.audit.title")}</caption>
            <thead><tr>
                <th scope="col">{t.get("admin.audit.at")}</th>
                <th scope="col">{t.get("admin.audit.actor")}</th>
                <th scope="col">{t.get("admin.audit.action")}</th>
                <th scope="col">{t.get("admin.audit.target")}</th>
                <th scope="col">{t.get("admin.audit.change")}</th>
            </tr></thead>
            <tbody>
                <For each=move || entries.get() key=|e| e.id let:entry>
                    <tr>
                        <td>{date_time(&entry.at)}</td>
                        <td>{entry.actor.clone()}</td>
                        <td>{action_text(&entry.action)}</td>
                        <td class="target">{entry.target.trim_start_matches("/v1/admin").to_owned()}</td>
                        <td>{match (&entry.before, &entry.after) {
                            (Some(before), Some(after)) => texts().format("admin.audit.from_to", &[("before", before), ("after", after)]),
                            (None, Some(after)) => after.clone(),
                            _ => String::new(),
                        }}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        <p role="status" class="status">{move || if loading.get() { t.get("admin.loading") } else if entries.with(Vec::is_empty) { t.get("admin.audit.none") } else { "" }}</p>
        <Show when=move || more.get()>
            <button type="button" class="button secondary" on:click=move |_| fetch(entries.with_untracked(|e| e.last().map(|e| e.id)))>
                {t.get("admin.audit.more")}
            </button>
        </Show>
    }
}
