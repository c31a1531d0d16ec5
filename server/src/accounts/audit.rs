//! The audit trail: who changed what and when (with what a status was and became), and who looked at an
//! application's personal data. The guard writes a line for every change an admin route makes and for every view of
//! personal data it serves (`admin_auth::guard`); logins and failed logins are written where they happen. Read
//! back newest first, or as CSV.

use crate::{db::Conn, on};
use axum::{
    Json,
    extract::{Query, State},
    http::{Method, StatusCode},
    response::Response,
};
use inspraak_api::{AuditEntry, Problem};
use serde::Deserialize;

use super::store::{self, AuditFilter, NewAuditEntry};
use crate::{AppState, admin_auth::Actor, clock, csv_export, error::Result, problem::ApiResult};

/// What a handler tells the trail about the change it made: the status before and after, say. Put in the response's
/// extensions; the guard writes it with the line.
#[derive(Debug, Clone, Default)]
pub struct AuditChange {
    pub before: Option<String>,
    pub after: Option<String>,
    /// What the line names instead of the request's path (an erased application's path names its reference).
    pub target: Option<String>,
}

impl AuditChange {
    pub fn new(before: impl Into<String>, after: impl Into<String>) -> AuditChange {
        AuditChange { before: Some(before.into()), after: Some(after.into()), target: None }
    }

    /// A line that names `target` instead of the request's path.
    pub fn target(target: impl Into<String>) -> AuditChange {
        AuditChange { target: Some(target.into()), ..AuditChange::default() }
    }

    /// `response` carrying this change for the guard.
    pub fn on(self, mut response: Response) -> Response {
        response.extensions_mut().insert(self);
        response
    }
}

/// The name of what a route does, by its method and path under /v1/admin; `view` marks a GET of personal data, the
/// only reads the trail keeps.
const ACTIONS: &[(&str, &str, &str)] = &[
    ("POST", "/polls", "poll.create"),
    ("PUT", "/polls/{id}", "poll.update"),
    ("POST", "/polls/{id}/close", "poll.close"),
    ("POST", "/polls/{id}/codes", "poll.codes"),
    ("PUT", "/polls/{id}/feedback", "poll.feedback"),
    ("POST", "/poll-images", "poll.image_upload"),
    ("POST", "/quickscans", "quickscan.create"),
    ("POST", "/quickscans/{id}/rounds", "quickscan.round_open"),
    ("POST", "/quickscans/{id}/rounds/{round}/close", "quickscan.round_close"),
    ("POST", "/quickscans/{id}/rounds/{round}/progress", "quickscan.round_progress"),
    ("POST", "/quickscans/{id}/invitations", "quickscan.invitations"),
    ("DELETE", "/quickscans/{id}/responses/{response}", "quickscan.response_delete"),
    ("POST", "/progress/{municipality}/measurements", "progress.record"),
    ("PUT", "/challenge-forms/{id}", "challenge.form_save"),
    ("POST", "/challenge-forms/{id}/submissions/{reference}/status", "challenge.status"),
    ("DELETE", "/challenge-forms/{id}/submissions/{reference}", "challenge.erase"),
    ("GET", "/challenge-forms/{id}/submissions", "challenge.view_list"),
    ("GET", "/challenge-forms/{id}/submissions.csv", "challenge.export"),
    ("GET", "/challenge-forms/{id}/submissions/{reference}", "challenge.view"),
    ("GET", "/challenge-forms/{id}/submissions/{reference}/attachments/{attachment}", "challenge.download"),
    ("POST", "/challenge-submissions/by-email", "challenge.person_export"),
    ("DELETE", "/session", "session.logout"),
    ("POST", "/accounts", "account.create"),
    ("PUT", "/accounts/{id}", "account.update"),
    ("POST", "/accounts/{id}/password", "account.password"),
    ("POST", "/accounts/{id}/token", "account.token"),
    ("DELETE", "/accounts/{id}/token", "account.token_revoke"),
    ("DELETE", "/accounts/{id}", "account.delete"),
    ("GET", "/audit.csv", "audit.export"),
];

/// The action name of a request to `route` (as matched, with or without /v1/admin), if the trail keeps it: every
/// change, and the reads of personal data listed in [`ACTIONS`].
pub fn action(method: &Method, route: &str) -> Option<String> {
    let route = route.strip_prefix("/v1").unwrap_or(route);
    let route = route.strip_prefix("/admin").unwrap_or(route);
    let known =
        ACTIONS.iter().find(|(m, r, _)| *m == method.as_str() && *r == route).map(|(_, _, name)| (*name).to_owned());
    match known {
        Some(name) => Some(name),
        None if *method == Method::GET || *method == Method::HEAD => None,
        None => Some(format!("{method} {route}")),
    }
}

/// Writes one line.
pub async fn write(
    conn: &mut Conn,
    actor: &str,
    action: &str,
    target: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    store::insert_audit(conn, &NewAuditEntry { actor, action, target, before, after }, clock::now()).await
}

/// The line for a request the guard let through, when it succeeded and the trail keeps it.
pub async fn record_request(
    state: &AppState,
    actor: &Actor,
    method: &Method,
    route: &str,
    path: &str,
    status: StatusCode,
    change: AuditChange,
) -> Result<()> {
    if !status.is_success() {
        return Ok(());
    }
    let Some(action) = action(method, route) else { return Ok(()) };
    let mut conn = state.db.writer().await?;
    let entry = NewAuditEntry {
        actor: &actor.name,
        action: &action,
        target: change.target.as_deref().unwrap_or(path),
        before: change.before.as_deref(),
        after: change.after.as_deref(),
    };
    store::insert_audit(&mut conn, &entry, clock::now()).await
}

/// The path of an application in the admin API, as the trail names it.
pub fn application_path(form: &str, reference: &str) -> String {
    format!("/v1/admin/challenge-forms/{form}/submissions/{reference}")
}

/// What the trail names an erased application by: its form, no reference.
pub fn erased_application(form: &str) -> String {
    format!("/v1/admin/challenge-forms/{form}/submissions/(gewist)")
}

/// Takes an erased application out of the trail's lines, keeping who did what and when: their target no longer names
/// its reference (nor its attachments), and the status before and after loses the note, which may name the person.
/// Called in the erasure's own transaction; `secure_delete` overwrites what the lines said.
pub async fn forget_application(conn: &mut Conn, form: &str, reference: &str) -> Result<()> {
    let path = application_path(form, reference);
    on!(conn, |c| {
        sqlx::query(
            "UPDATE audit_log SET target = $1,
             before = CASE WHEN instr(before, ': ') > 0 THEN substr(before, 1, instr(before, ': ') - 1) ELSE before END,
             after = CASE WHEN instr(after, ': ') > 0 THEN substr(after, 1, instr(after, ': ') - 1) ELSE after END
         WHERE target = $2 OR substr(target, 1, length($2) + 1) = $2 || '/'",
        )
        .bind(erased_application(form))
        .bind(&path)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Which lines to read.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// At most this many lines (1–1000, default 100).
    pub limit: Option<i64>,
    /// Only lines older than the line with this id (the next page).
    pub before: Option<i64>,
    /// Only lines of this account.
    pub actor: Option<String>,
    /// Only lines whose target starts with this path (`/v1/admin/polls/speeltuin`, say).
    pub target: Option<String>,
}

impl AuditQuery {
    fn filter(&self, most: i64) -> AuditFilter {
        AuditFilter {
            limit: self.limit.unwrap_or(100).clamp(1, most),
            before_id: self.before,
            actor: self.actor.clone().filter(|a| !a.is_empty()),
            target_prefix: self.target.clone().filter(|t| !t.is_empty()),
        }
    }
}

/// The audit trail, newest first.
#[utoipa::path(get, path = "/v1/admin/audit", operation_id = "admin_list_audit", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(AuditQuery),
    responses((status = 200, description = "Lines of the audit trail, newest first", body = Vec<AuditEntry>),
              (status = 400, description = "limit or before is not a whole number", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "Only a beheerder reads the audit trail", body = Problem, content_type = "application/problem+json")))]
pub async fn list(State(state): State<AppState>, Query(query): Query<AuditQuery>) -> ApiResult<Json<Vec<AuditEntry>>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::audit(&mut conn, &query.filter(1000)).await?))
}

/// The audit trail as CSV (`id,at,actor,action,target,before,after`), newest first, with the same filters.
#[utoipa::path(get, path = "/v1/admin/audit.csv", operation_id = "admin_export_audit_csv", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(AuditQuery),
    responses((status = 200, description = "The audit trail as CSV", body = String, content_type = "text/csv"),
              (status = 400, description = "limit or before is not a whole number", body = Problem, content_type = "application/problem+json")))]
pub async fn export_csv(State(state): State<AppState>, Query(query): Query<AuditQuery>) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    let mut filter = query.filter(i64::MAX);
    if query.limit.is_none() {
        filter.limit = i64::MAX;
    }
    let entries = store::audit(&mut conn, &filter).await?;
    let mut rows = vec![["id", "at", "actor", "action", "target", "before", "after"].map(str::to_owned).to_vec()];
    for entry in entries {
        rows.push(vec![
            entry.id.to_string(),
            entry.at,
            entry.actor,
            entry.action,
            entry.target,
            entry.before.unwrap_or_default(),
            entry.after.unwrap_or_default(),
        ]);
    }
    csv_export::attachment("audit.csv", &rows)
}
