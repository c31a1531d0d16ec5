//! Accounts, for a beheerder: who may work in the back office and in which role; a new account with its password shown
//! once, another role, switching an account off, a new password, and a bearer token for automation (shown once).

use inspraak_api::{Account, AccountChange, AccountRole, IssuedSecret, NewAccount, NewPassword};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    Me, api, role_key,
    ui::{
        ErrorSummary, FormErrors, Notice, PageHeading, SelectInput, TextInput, date_time, failure_message, load,
        loaded, texts,
    },
};

fn role_options() -> Vec<(String, String)> {
    let t = texts();
    AccountRole::ALL.iter().map(|r| (r.as_str().to_owned(), t.get(role_key(*r)).to_owned())).collect()
}

fn label_of(name: &str) -> Option<&'static str> {
    match name {
        "name" => Some("admin.accounts.name"),
        "role" => Some("admin.accounts.role"),
        "password" => Some("admin.accounts.password"),
        _ => None,
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let t = texts();
    let (state, retry) = load(|| api::get::<Vec<Account>>(&api::path(&["accounts"])));
    let secret = RwSignal::new(None::<(String, String, String)>);
    let failure = RwSignal::new(None::<String>);
    let me = expect_context::<Me>();
    let issue = move |id: String, what: &'static str| {
        failure.set(None);
        spawn_local(async move {
            let answer = match what {
                "token" => api::post_empty::<IssuedSecret>(&api::path(&["accounts", &id, "token"])).await,
                _ => api::send::<_, IssuedSecret>(
                    "POST",
                    &api::path(&["accounts", &id, "password"]),
                    &NewPassword::default(),
                    None,
                )
                .await
                .map(|(s, _)| s),
            };
            match answer {
                Ok(issued) => {
                    let (key, value) = match (issued.token, issued.password) {
                        (Some(token), _) => ("admin.accounts.new_token", token),
                        (None, Some(password)) => ("admin.accounts.new_password", password),
                        _ => return,
                    };
                    secret.set(Some((key.to_owned(), issued.account.name, value)));
                    retry();
                }
                Err(error) => failure.set(Some(failure_message(&error))),
            }
        });
    };
    let change = move |id: String, change: AccountChange| {
        failure.set(None);
        spawn_local(async move {
            match api::send::<_, Account>("PUT", &api::path(&["accounts", &id]), &change, None).await {
                Ok(_) => retry(),
                Err(error) => failure.set(Some(failure_message(&error))),
            }
        });
    };
    view! {
        <PageHeading title=t.get("admin.accounts.title")/>
        <p class="intro">{t.get("admin.accounts.intro")}</p>
        {move || secret.get().map(|(key, name, value)| view! {
            <div class="notice notice-warning" role="alert">
                <p>{texts().format(if key == "admin.accounts.new_token" { "admin.accounts.new_token" } else { "admin.accounts.new_password" }, &[("name", &name)])}</p>
                <p><code class="secret">{value}</code></p>
                <p>{t.get("admin.accounts.shown_once")}</p>
            </div>
        })}
        {move || failure.get().map(|text| view! { <Notice kind="error" message=text/> })}
        {loaded(state, retry, move |accounts: Vec<Account>| {
            let own = me.0.with_untracked(|m| m.as_ref().map(|m| m.name.clone()));
            view! {
                <table class="table">
                    <caption class="visually-hidden">{t.get("admin.accounts.title")}</caption>
                    <thead><tr>
                        <th scope="col">{t.get("admin.accounts.name")}</th>
                        <th scope="col">{t.get("admin.accounts.role")}</th>
                        <th scope="col">{t.get("admin.accounts.state")}</th>
                        <th scope="col">{t.get("admin.accounts.created")}</th>
                        <th scope="col">{t.get("admin.accounts.actions")}</th>
                    </tr></thead>
                    <tbody>
                        {accounts.into_iter().map(|account| {
                            let name = account.name.clone();
                            // The API names an account by its id: its name may be a person's, kept out of URLs.
                            let id = account.id.clone();
                            let (n1, n2, n3, n4) = (id.clone(), id.clone(), id.clone(), name.clone());
                            let disabled = account.disabled;
                            let is_me = own.as_deref() == Some(name.as_str());
                            let role_id = format!("role-{name}");
                            view! {
                                <tr>
                                    <th scope="row">{name.clone()}</th>
                                    <td>
                                        <label for=role_id.clone() class="visually-hidden">{texts().format("admin.accounts.role_of", &[("name", &name)])}</label>
                                        <select id=role_id class="select" on:change=move |e| {
                                            change(n1.clone(), AccountChange { role: AccountRole::from_name(&event_target_value(&e)), disabled: None })
                                        }>
                                            {AccountRole::ALL.iter().map(|r| view! {
                                                <option value=r.as_str() selected=*r == account.role>{t.get(role_key(*r))}</option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                    <td>{t.get(if disabled { "admin.accounts.disabled" } else { "admin.accounts.enabled" })}
                                        {account.has_token.then(|| view! { <br/><span class="meta">{t.get("admin.accounts.has_token")}</span> })}</td>
                                    <td>{date_time(&account.created_at)}</td>
                                    <td class="row-actions">
                                        <button type="button" class="button subtle" on:click=move |_| issue(n2.clone(), "password")>
                                            {t.get("admin.accounts.reset_password")}<span class="visually-hidden">{format!(" ({name})")}</span>
                                        </button>
                                        <button type="button" class="button subtle" on:click=move |_| issue(n3.clone(), "token")>
                                            {t.get("admin.accounts.make_token")}<span class="visually-hidden">{format!(" ({})", n4)}</span>
                                        </button>
                                        {(!is_me).then(|| {
                                            let n5 = account.id.clone();
                                            view! {
                                                <button type="button" class="button subtle" on:click=move |_| change(n5.clone(), AccountChange { role: None, disabled: Some(!disabled) })>
                                                    {t.get(if disabled { "admin.accounts.enable" } else { "admin.accounts.disable" })}
                                                    <span class="visually-hidden">{format!(" ({})", account.name)}</span>
                                                </button>
                                            }
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <NewAccountForm on_made=Callback::new(move |(name, password): (String, Option<String>)| {
            if let Some(password) = password {
                secret.set(Some(("admin.accounts.new_password".into(), name, password)));
            }
            retry();
        })/>
    }
}

#[component]
fn NewAccountForm(on_made: Callback<(String, Option<String>)>) -> impl IntoView {
    let t = texts();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new("redacteur".to_owned());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let new = NewAccount {
            name: name.get_untracked().trim().to_lowercase(),
            role: AccountRole::from_name(&role.get_untracked()).unwrap_or(AccountRole::Redacteur),
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
        };
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let answer = api::send::<_, IssuedSecret>("POST", &api::path(&["accounts"]), &new, None).await;
            busy.set(false);
            match answer {
                Ok((issued, _)) => {
                    errors.clear();
                    name.set(String::new());
                    password.set(String::new());
                    on_made.run((issued.account.name, issued.password));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    if error.fields().is_empty() {
                        failure.set(Some(failure_message(&error)));
                    }
                }
            }
        });
    };
    view! {
        <section class="section" aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">{t.get("admin.accounts.new")}</h2>
            {move || failure.get().map(|text| view! { <Notice kind="error" message=text/> })}
            <form class="form" novalidate on:submit=submit>
                <ErrorSummary errors labels=label_of/>
                <TextInput name="name" label=t.get("admin.accounts.name") hint=t.get("admin.accounts.name_hint") value=name errors autocomplete="off"/>
                <SelectInput name="role" label=t.get("admin.accounts.role") hint=t.get("admin.accounts.role_hint") options=role_options() value=role errors/>
                <TextInput name="password" label=t.get("admin.accounts.password") hint=t.get("admin.accounts.password_hint") value=password errors input_type="password" autocomplete="new-password"/>
                <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>{t.get("admin.accounts.create")}</button>
            </form>
        </section>
    }
}
