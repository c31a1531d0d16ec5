//! The back office's Right to Challenge routes: forms, the applications with their workflow and files, CSV export,
//! and what the AVG asks for: erasure of one application and an export of one person's data.

use crate::db::Conn;
use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{
    ChallengeStatus, FieldError, FieldErrorCode, NewChallengeForm, Problem, ProblemKind, StatusChange, nl::valid_email,
};
use serde::{Deserialize, Serialize};

use super::store::{self, AdminForm, SubmissionRecord};
use crate::{
    AppState,
    accounts::audit::AuditChange,
    clock, csv_export,
    error::{Error, Result},
    idempotency,
    problem::{ApiError, ApiResult},
    request::JsonBody,
    write::{Reply, Write},
};

/// Validates and stores a form, with a webhook only to a target `webhook::check_url` allows (http and loopback
/// only with `dev_webhooks`); true when it is new. The caller commits.
pub async fn save_form(conn: &mut Conn, new: &NewChallengeForm, dev_webhooks: bool) -> Result<bool> {
    new.validate().map_err(Error::Invalid)?;
    if let Some(url) = &new.webhook_url {
        super::webhook::check_url(url, dev_webhooks)
            .map_err(|reason| Error::Invalid(vec![FieldError::new("webhook_url", FieldErrorCode::Format, reason)]))?;
    }
    store::save_form(conn, new).await
}

/// Moves an application on in the workflow, with its decision term: a request to complete it suspends the term,
/// and whatever follows the request ends the suspension and moves the decision date on by the days it lasted.
/// Queues the applicant's mail where the form sends one on status changes and `mailer` is on. The caller commits
/// (and wakes the mailer after).
pub async fn change_status(
    conn: &mut Conn,
    form: &str,
    reference: &str,
    change: &StatusChange,
    mailer: &super::mail::Mailer,
) -> Result<SubmissionRecord> {
    let today = clock::netherlands_date(clock::now()).to_string();
    change.validate(&today).map_err(Error::Invalid)?;
    let stored_form = store::get_form(conn, form).await?.public;
    let current = store::get_submission(conn, form, reference).await?;
    if !current.status.may_become(change.status) {
        return Err(Error::conflict(
            ProblemKind::InvalidTransition,
            "Status change not allowed",
            format!(
                "An application that is {} cannot become {}: ontvangen, in_behandeling and aanvulling_gevraagd lead \
                 on (besluit_genomen from in_behandeling, buiten_behandeling from aanvulling_gevraagd, ingetrokken \
                 from any of them); besluit_genomen, buiten_behandeling and ingetrokken are final.",
                current.status.as_str(),
                change.status.as_str()
            ),
        ));
    }
    if change.status == ChallengeStatus::BuitenBehandeling
        && let Some(due) = current.supplement_due.as_deref()
        && today.as_str() <= due
    {
        return Err(Error::conflict(
            ProblemKind::InvalidTransition,
            "The term has not passed",
            format!(
                "The applicant may complete the application until {due}; only after that can it be left undecided."
            ),
        ));
    }
    let (stored_decision, suspended_days) = store::stored_term(conn, form, reference).await?;
    // A request that ends now moves the decision date on by the days it lasted.
    let (decision_by, suspended_days) = match current.suspended_since.as_deref() {
        Some(since) => {
            let days = inspraak_api::challenge::days_between(since, &today).unwrap_or(0).max(0);
            let moved = inspraak_api::challenge::add_days(&stored_decision, days).unwrap_or(stored_decision);
            (moved, suspended_days + days)
        }
        None => (stored_decision, suspended_days),
    };
    let asked = change.status == ChallengeStatus::AanvullingGevraagd;
    let term = store::Term {
        decision_by: &decision_by,
        suspended_since: asked.then_some(today.as_str()),
        supplement_due: change.term.as_deref().map(str::trim).filter(|_| asked),
        supplement_missing: change.missing.as_deref().map(str::trim).filter(|_| asked),
        suspended_days,
    };
    store::set_status(conn, form, reference, change, &term, clock::now()).await?;
    let record = store::get_submission(conn, form, reference).await?;
    if stored_form.status_mail {
        let text = super::mail::status_change(&stored_form, &record);
        super::mail::queue(conn, mailer, &record, record.status.as_str(), text).await?;
    }
    Ok(record)
}

/// Every form, with its webhook (not its token).
#[utoipa::path(get, path = "/v1/admin/challenge-forms", tag = "admin", security(("admin_token" = [])),
    responses((status = 200, description = "All forms", body = Vec<AdminForm>),
              (status = 401, description = "No or wrong admin token", body = Problem, content_type = "application/problem+json")))]
pub async fn list_forms(State(state): State<AppState>) -> ApiResult<Json<Vec<AdminForm>>> {
    let mut conn = state.db.reader().await?;
    let mut forms = Vec::new();
    for id in store::form_ids(&mut conn).await? {
        forms.push(store::get_form(&mut conn, &id).await?.into());
    }
    Ok(Json(forms))
}

/// One form, with its webhook (not its token).
#[utoipa::path(get, path = "/v1/admin/challenge-forms/{id}", operation_id = "admin_get_challenge_form", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id")),
    responses((status = 200, description = "The form", body = AdminForm),
              (status = 404, description = "No such form", body = Problem, content_type = "application/problem+json")))]
pub async fn get_form(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<AdminForm>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::get_form(&mut conn, &id).await?.into()))
}

/// Creates a form (201) or replaces it (200). Applications already received keep their reference, decision
/// deadline and deletion date.
#[utoipa::path(put, path = "/v1/admin/challenge-forms/{id}", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id")),
    request_body = NewChallengeForm,
    responses((status = 201, description = "Created", body = AdminForm),
              (status = 200, description = "Replaced", body = AdminForm),
              (status = 422, description = "Invalid form; invalidParams names each field", body = Problem, content_type = "application/problem+json")))]
pub async fn put_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody<NewChallengeForm>,
) -> ApiResult<Response> {
    let new = &body.value;
    if new.id != id {
        return Err(ApiError::invalid(vec![FieldError::new(
            "id",
            FieldErrorCode::OutOfRange,
            "the id in the body must equal the id in the path",
        )]));
    }
    let mut tx = state.db.begin().await?;
    let created = save_form(&mut tx, new, state.config.dev_webhooks).await?;
    let form: AdminForm = store::get_form(&mut tx, &id).await?.into();
    tx.commit().await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, [(header::LOCATION, format!("/v1/challenge-forms/{id}"))], Json(form)).into_response())
}

/// Every application to a form, oldest first.
#[utoipa::path(get, path = "/v1/admin/challenge-forms/{id}/submissions", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id")),
    responses((status = 200, description = "The applications", body = Vec<SubmissionRecord>),
              (status = 404, description = "No such form", body = Problem, content_type = "application/problem+json")))]
pub async fn list_submissions(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<SubmissionRecord>>> {
    let mut conn = state.db.reader().await?;
    store::get_form(&mut conn, &id).await?;
    Ok(Json(store::submissions(&mut conn, &id).await?))
}

/// One application.
#[utoipa::path(get, path = "/v1/admin/challenge-forms/{id}/submissions/{reference}", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id"), ("reference" = String, Path, description = "e.g. UR-2026-0042")),
    responses((status = 200, description = "The application", body = SubmissionRecord),
              (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json")))]
pub async fn get_submission(
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
) -> ApiResult<Json<SubmissionRecord>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::get_submission(&mut conn, &id, &reference).await?))
}

/// Moves an application on: ontvangen → in_behandeling → besluit_genomen (with an outcome); aanvulling_gevraagd
/// (with `term` and `missing`) from ontvangen or in_behandeling suspends the decision term until the application is
/// in_behandeling again, or buiten_behandeling once the term passed; ingetrokken until a decision. Any other move
/// is 409. The applicant gets a mail where the form's status_mail is on.
#[utoipa::path(post, path = "/v1/admin/challenge-forms/{id}/submissions/{reference}/status", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id"), ("reference" = String, Path, description = "e.g. UR-2026-0042"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried change count once")),
    request_body = StatusChange,
    responses((status = 200, description = "The application with its new status", body = SubmissionRecord),
              (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "Not the next status", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Outcome missing or out of place", body = Problem, content_type = "application/problem+json")))]
pub async fn set_status(
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
    write: Write,
    body: JsonBody<StatusChange>,
) -> ApiResult<Response> {
    // The application holds personal data, so it is not kept with the answer: a retry gets it as it is now.
    let about = idempotency::resource("application", &format!("{id}/{reference}"));
    let before = std::sync::Mutex::new(None);
    let response = write
        .run_or_redo(
            &state,
            &body.raw,
            async |tx| {
                let current = store::get_submission(tx, &id, &reference).await?;
                let record = change_status(tx, &id, &reference, &body.value, &state.mailer).await?;
                if let Ok(mut before) = before.lock() {
                    *before = Some((describe_status(&current), describe_status(&record)));
                }
                Ok(Reply::ok(&record)?.redo(serde_json::json!({})).about(about.clone()))
            },
            async |tx, _| {
                let record = store::get_submission(tx, &id, &reference).await?;
                Ok(Reply::ok(&record)?.redo(serde_json::json!({})).about(about.clone()))
            },
        )
        .await?;
    // A retry changes nothing, so only the first answer carries a change for the audit trail.
    let change = before.into_inner().ok().flatten();
    if change.is_some() {
        state.mailer.wake();
    }
    Ok(match change {
        Some((before, after)) => AuditChange::new(before, after).on(response),
        None => response,
    })
}

/// A status for the audit trail: `besluit_genomen (toegekend): <note>`.
fn describe_status(record: &SubmissionRecord) -> String {
    let mut text = record.status.as_str().to_owned();
    if let Some(outcome) = record.outcome {
        text = format!("{text} ({})", outcome.as_str());
    }
    if let Some(note) = record.note.as_deref().filter(|n| !n.is_empty()) {
        text = format!("{text}: {note}");
    }
    text
}

/// Deletes an application with its files, its webhook delivery and the answers kept for retries about it (right to
/// erasure); the database's free pages are overwritten and its WAL emptied, so no file keeps a copy.
#[utoipa::path(delete, path = "/v1/admin/challenge-forms/{id}/submissions/{reference}", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id"), ("reference" = String, Path, description = "e.g. UR-2026-0042")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_submission(
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let Some(files) = store::delete_submission(&mut tx, &id, &reference).await? else {
        return Err(Error::not_found("application").into());
    };
    tx.commit().await?;
    store::delete_files(&state.db, &files).await?;
    state.db.forget_old_pages().await;
    // The trail's line of the erasure names the form, not the reference that is gone.
    Ok(AuditChange::target(crate::accounts::audit::erased_application(&id)).on(StatusCode::NO_CONTENT.into_response()))
}

/// An attachment of an application, as a download.
#[utoipa::path(get, path = "/v1/admin/challenge-forms/{id}/submissions/{reference}/attachments/{attachment}", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id"), ("reference" = String, Path, description = "e.g. UR-2026-0042"),
           ("attachment" = String, Path, description = "The attachment id")),
    responses((status = 200, description = "The file (application/pdf, image/jpeg or image/png)", body = Vec<u8>, content_type = "application/octet-stream"),
              (status = 404, description = "No such attachment", body = Problem, content_type = "application/problem+json")))]
pub async fn download_attachment(
    State(state): State<AppState>,
    Path((id, reference, attachment)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    let file = store::attachment_file(&mut conn, &id, &reference, &attachment)
        .await?
        .ok_or_else(|| Error::not_found("attachment"))?;
    let content = store::file_content(&state.db, &attachment)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("the bytes of attachment {attachment} are missing")))?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (header::CONTENT_DISPOSITION, content_disposition(&file.file_name)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        content,
    )
        .into_response())
}

/// `attachment` with an ASCII fallback name and the real one percent-encoded (RFC 6266).
fn content_disposition(name: &str) -> String {
    let fallback: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b".-_~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The applications of a form as rows: a header, then one row per application.
pub fn csv_rows(records: &[SubmissionRecord]) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "reference",
            "status",
            "outcome",
            "submitted_on",
            "decision_by",
            "title",
            "task",
            "task_other",
            "area",
            "what",
            "why_better",
            "social_value",
            "organisation",
            "organisation_type",
            "type_other",
            "kvk",
            "experience",
            "supporters",
            "how_shown",
            "attachments",
            "estimate_cents",
            "budget_cents",
            "start_date",
            "term_months",
            "support_needed",
            "quality",
            "continuity",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_address",
            "contact_postcode",
            "contact_place",
            "organisation_address",
            "organisation_postcode",
            "organisation_place",
            "suspended_since",
            "supplement_due",
            "note",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for r in records {
        let a = &r.application;
        rows.push(vec![
            r.reference.clone(),
            r.status.as_str().to_owned(),
            r.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
            r.submitted_on.clone(),
            r.decision_by.clone(),
            a.initiative.title.clone(),
            a.initiative.task.clone(),
            a.initiative.task_other.clone(),
            a.initiative.area.clone(),
            a.plan.what.clone(),
            a.plan.why_better.clone(),
            a.plan.social_value.clone(),
            a.organisation.name.clone(),
            a.organisation.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            a.organisation.type_other.clone(),
            a.organisation.kvk.clone(),
            a.organisation.experience.clone(),
            a.support.supporters.map(|n| n.to_string()).unwrap_or_default(),
            a.support.how_shown.clone(),
            r.attachments.len().to_string(),
            r.estimate_cents.to_string(),
            r.budget_cents.to_string(),
            a.costs.start_date.clone(),
            a.costs.term_months.map(|n| n.to_string()).unwrap_or_default(),
            a.cooperation.support_needed.clone(),
            a.cooperation.quality.clone(),
            a.cooperation.continuity.clone(),
            a.contact.name.clone(),
            a.contact.email.clone(),
            a.contact.phone.clone(),
            a.contact.address.clone(),
            a.contact.postcode.clone(),
            a.contact.place.clone(),
            a.organisation.address.clone(),
            a.organisation.postcode.clone(),
            a.organisation.place.clone(),
            r.suspended_since.clone().unwrap_or_default(),
            r.supplement_due.clone().unwrap_or_default(),
            r.note.clone().unwrap_or_default(),
        ]);
    }
    rows
}

/// The applications of a form as CSV (formulas neutralised), amounts in cents.
#[utoipa::path(get, path = "/v1/admin/challenge-forms/{id}/submissions.csv", tag = "admin", security(("admin_token" = [])),
    params(("id" = String, Path, description = "The form id")),
    responses((status = 200, description = "The applications as CSV", body = String, content_type = "text/csv"),
              (status = 404, description = "No such form", body = Problem, content_type = "application/problem+json")))]
pub async fn export_csv(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    store::get_form(&mut conn, &id).await?;
    let records = store::submissions(&mut conn, &id).await?;
    csv_export::attachment(&format!("{id}-uitdaagrecht.csv"), &csv_rows(&records))
}

/// Whose data to export; in the body, because an e-mail address does not belong in a URL.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PersonQuery {
    pub email: String,
}

/// Everything stored about one person (AVG art. 15): their applications to any form, found by contact e-mail.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonData {
    pub email: String,
    pub submissions: Vec<SubmissionRecord>,
}

/// Every application with this contact e-mail address, to any form, with its files listed (AVG inzageverzoek).
#[utoipa::path(post, path = "/v1/admin/challenge-submissions/by-email", tag = "admin", security(("admin_token" = [])),
    request_body = PersonQuery,
    responses((status = 200, description = "The person's applications (possibly none)", body = PersonData),
              (status = 422, description = "Not an e-mail address", body = Problem, content_type = "application/problem+json")))]
pub async fn person_data(State(state): State<AppState>, body: JsonBody<PersonQuery>) -> ApiResult<Json<PersonData>> {
    let email = body.value.email.trim().to_owned();
    if !valid_email(&email) {
        return Err(ApiError::invalid(vec![FieldError::new("email", FieldErrorCode::Format, "not an e-mail address")]));
    }
    let mut conn = state.db.reader().await?;
    let submissions = store::submissions_by_email(&mut conn, &email).await?;
    Ok(Json(PersonData { email, submissions }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_safe_and_keep_the_real_name_encoded() {
        assert_eq!(
            content_disposition("plan coöp\".pdf"),
            "attachment; filename=\"plan co_p_.pdf\"; filename*=UTF-8''plan%20co%C3%B6p%22.pdf"
        );
    }
}
