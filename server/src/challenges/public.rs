//! The public Right to Challenge routes: the form a widget shows, uploading an attachment, and submitting an
//! application, which is stored durably before it is acknowledged with a reference number.

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::Response,
};
use inspraak_api::{
    ChallengeAttachment, ChallengeForm, ChallengeReceipt, ChallengeSubmission, FieldError, FieldErrorCode, Problem,
    ProblemKind, challenge::is_attachment_id, nl::parse_euro_cents,
};
use sha2::{Digest, Sha256};

use serde_json::json;

use super::store;
use crate::{
    AppState, clock,
    error::Error,
    idempotency,
    problem::{ApiError, ApiResult},
    rate_limit,
    request::JsonBody,
    upload::{file_problem, read_limited},
    write::{Reply, Write},
};

/// A form: the municipality, the tasks open to challenge, the decision term, privacy statement and limits.
#[utoipa::path(get, path = "/v1/challenge-forms/{id}", tag = "challenges",
    params(("id" = String, Path, description = "The form id")),
    responses(
        (status = 200, description = "The form", body = ChallengeForm),
        (status = 404, description = "No such form", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_form(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ChallengeForm>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::get_form(&mut conn, &id).await?.public))
}

/// The file types accepted, known by their first bytes: (content type, first bytes, extensions).
const FILE_TYPES: [(&str, &[u8], &[&str]); 3] = [
    ("application/pdf", b"%PDF-", &["pdf"]),
    ("image/jpeg", b"\xFF\xD8\xFF", &["jpg", "jpeg", "jfif"]),
    ("image/png", b"\x89PNG\r\n\x1a\n", &["png"]),
];

/// The content types of [`FILE_TYPES`], as the upload route declares them.
pub const CONTENT_TYPES: [&str; 3] = [FILE_TYPES[0].0, FILE_TYPES[1].0, FILE_TYPES[2].0];

fn wrong_type(reason: String) -> ApiError {
    file_problem(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ProblemKind::UnsupportedMediaType,
        "Unsupported file type",
        FieldErrorCode::FileType,
        reason,
    )
}

fn too_large(limit: u64) -> ApiError {
    file_problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        ProblemKind::PayloadTooLarge,
        "File too large",
        FieldErrorCode::TooLarge,
        format!("the file is larger than {limit} bytes"),
    )
}

/// The file name from `Content-Disposition: attachment; filename*=UTF-8''…` or `filename="…"`, without folders.
fn file_name(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_DISPOSITION)?.to_str().ok()?;
    let mut plain = None;
    for part in value.split(';').map(str::trim) {
        if let Some(encoded) = part.strip_prefix("filename*=") {
            let encoded = encoded.strip_prefix("UTF-8''").or_else(|| encoded.strip_prefix("utf-8''"))?;
            return percent_decode(encoded).map(|name| clean_file_name(&name));
        }
        if let Some(quoted) = part.strip_prefix("filename=") {
            plain = Some(clean_file_name(quoted.trim_matches('"')));
        }
    }
    plain
}

fn percent_decode(input: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(input.len());
    let mut iter = input.bytes();
    while let Some(b) = iter.next() {
        if b == b'%' {
            let hex = [iter.next()?, iter.next()?];
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).ok()
}

/// The Unicode direction controls (marks, embeddings, overrides, isolates): in a name they can make
/// `factuur\u{202E}fdp.exe` read as `factuurexe.pdf` in the back office.
const DIRECTION_CONTROLS: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
    '\u{2067}', '\u{2068}', '\u{2069}',
];

/// The last path component, without control characters or direction controls, at most 200 characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let kept = |c: &char| !c.is_control() && !DIRECTION_CONTROLS.contains(c);
    base.chars().filter(kept).take(200).collect::<String>().trim().to_owned()
}

/// Uploads one attachment (PDF, JPEG or PNG) as the raw request body, before submitting the application that
/// lists its id. `Content-Type` (the file's type, or application/octet-stream) and `Content-Disposition` (its name)
/// are required, so a browser sends an upload only after a CORS preflight. The type is decided by the content; a
/// name or `Content-Type` that claims another type is refused. Uploads that no application takes are deleted after
/// a day; they have a small limit per address and a cap in bytes for all clients together (503 past it).
#[utoipa::path(post, path = "/v1/challenge-forms/{id}/attachments", tag = "challenges",
    params(
        ("id" = String, Path, description = "The form id"),
        ("Content-Disposition" = String, Header, description = "attachment; filename*=UTF-8''plan.pdf"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried upload store one file"),
    ),
    request_body(content(("application/pdf"), ("image/jpeg"), ("image/png")), description = "The file: PDF, JPEG or PNG, at most the form's max_attachment_bytes"),
    responses(
        (status = 201, description = "Stored; put the id in support.attachments", body = ChallengeAttachment),
        (status = 404, description = "No such form", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the form allows (invalidParams: file, too_large)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a PDF, JPEG or PNG, or not what its name or type says (invalidParams: file, file_type)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, no Content-Disposition, or this form takes no attachments", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Uploads not yet taken by an application fill their cap; wait Retry-After seconds", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let form = {
        let mut conn = state.db.reader().await?;
        store::get_form(&mut conn, &id).await?.public
    };
    if form.max_attachments == 0 {
        return Err(ApiError::invalid(vec![FieldError::new(
            "file",
            FieldErrorCode::TooMany,
            "this form takes no attachments",
        )]));
    }
    // Both headers are required: neither is one a cross-site form may send, so a browser asks first (a CORS
    // preflight) and only the allowed origins' pages can upload.
    let sent_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = sent_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if !(CONTENT_TYPES.contains(&mime.as_str()) || mime == "image/jpg" || mime == "application/octet-stream") {
        return Err(wrong_type(format!(
            "send the file with Content-Type {} (or application/octet-stream), not '{sent_type}'",
            CONTENT_TYPES.join(", ")
        )));
    }
    if !headers.contains_key(header::CONTENT_DISPOSITION) {
        return Err(ApiError::invalid(vec![FieldError::new(
            "Content-Disposition",
            FieldErrorCode::Required,
            "send the file name as Content-Disposition: attachment; filename*=UTF-8''<name>",
        )]));
    }
    let limit = form.max_attachment_bytes;
    let declared_length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit) {
        return Err(too_large(limit));
    }
    // Uploads no application took are capped for everyone together, so no flood of them fills the disk.
    let cap = state.config.unlinked_uploads_mib.saturating_mul(1024 * 1024);
    {
        let mut conn = state.db.reader().await?;
        let (held, oldest) = store::unlinked_bytes(&mut conn).await?;
        if held.saturating_add(declared_length.unwrap_or(limit)) > cap {
            let wait = oldest.map_or(3600, |created| created + store::UNLINKED_ATTACHMENT_SECONDS - clock::now());
            return Ok(rate_limit::busy(u64::try_from(wait).unwrap_or(60).clamp(60, 86_400)));
        }
    }
    // The body is read here, not by an extractor, so the API's 64 KiB limit does not apply; the form's does, and
    // --upload-timeout.
    let timeout = crate::request::BodyTimeout(std::time::Duration::from_secs(state.config.upload_timeout));
    let content = tokio::time::timeout(timeout.0, read_file(body, limit)).await.map_err(|_| timeout.exceeded())??;
    if content.is_empty() {
        return Err(ApiError::invalid(vec![FieldError::new("file", FieldErrorCode::Required, "the file is empty")]));
    }

    let Some((content_type, _, extensions)) =
        FILE_TYPES.iter().find(|(_, magic, _)| content.starts_with(magic)).copied()
    else {
        return Err(wrong_type("only PDF, JPEG and PNG files are accepted".into()));
    };
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty() && v != "application/octet-stream");
    if let Some(declared) = declared {
        let declared = if declared == "image/jpg" { "image/jpeg".to_owned() } else { declared };
        if declared != content_type {
            return Err(wrong_type(format!("the file was sent as {declared} but its content is {content_type}")));
        }
    }
    let name = file_name(&headers).filter(|name| !name.is_empty());
    if let Some(name) = &name {
        let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
        if !extensions.contains(&extension.as_str()) {
            return Err(wrong_type(format!("the file is called {name} but its content is {content_type}")));
        }
    }

    let digest = hex::encode(Sha256::digest(&content));
    let fingerprint = format!("{}\n{digest}", name.as_deref().unwrap_or(""));
    // The file name may name a person: the answer is kept as the upload's id, and a retry reads it again.
    let answer = |attachment: &ChallengeAttachment| {
        Ok(Reply::created(attachment)?
            .redo(json!({ "attachment": attachment.id }))
            .about(idempotency::resource("attachment", &attachment.id)))
    };
    // The bytes go to the attachments' file with its own writer, before the description takes the write
    // connection for a moment: votes never wait for a file to be synced. A retry finds its first answer first.
    let random: [u8; 16] = rand::random();
    let attachment = ChallengeAttachment {
        id: hex::encode(random),
        file_name: name.unwrap_or_else(|| format!("bijlage.{}", extensions[0])),
        content_type: content_type.to_owned(),
        bytes: content.len() as u64,
    };
    let retry = write.is_retry(&state).await?;
    if !retry {
        store::save_file(&state.db, &attachment.id, &content).await?;
    }
    let stored = write
        .run_or_redo(
            &state,
            fingerprint.as_bytes(),
            async |tx| {
                store::insert_attachment(tx, &id, &attachment).await?;
                answer(&attachment)
            },
            async |tx, note| {
                let attachment = store::find_attachment(tx, &id, note["attachment"].as_str().unwrap_or_default())
                    .await?
                    .ok_or_else(|| Error::NotFound("The upload made with this Idempotency-Key is gone.".into()))?;
                answer(&attachment)
            },
        )
        .await;
    if stored.as_ref().map_or(true, |response| response.headers().contains_key("idempotent-replayed")) && !retry {
        // Not described after all (refused, or a retry that raced this one): the bytes go again.
        store::delete_files(&state.db, std::slice::from_ref(&attachment.id)).await?;
    }
    stored
}

/// Reads an uploaded file of at most `limit` bytes.
async fn read_file(body: Body, limit: u64) -> ApiResult<Vec<u8>> {
    read_limited(body, limit, || too_large(limit)).await
}

/// Submits an application. It is validated with the same rules as the widget's (a 422 names every invalid field),
/// stored durably, and answered with its reference number and decision deadline. A retry with the same
/// `Idempotency-Key` and body gets the same answer and stores nothing new.
#[utoipa::path(post, path = "/v1/challenge-forms/{id}/submissions", tag = "challenges",
    params(
        ("id" = String, Path, description = "The form id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried submission count once"),
    ),
    request_body = ChallengeSubmission,
    responses(
        (status = 201, description = "Stored", body = ChallengeReceipt),
        (status = 404, description = "No such form", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid application; invalidParams names each field", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    write: Write,
    body: JsonBody<ChallengeSubmission>,
) -> ApiResult<Response> {
    let JsonBody { value: application, raw } = body;
    let now = clock::now();
    let today = clock::netherlands_date(now);
    let mut queued = false;
    let mut mailed = false;
    let reply = write
        .run(&state, &raw, async |tx| {
            let stored = store::get_form(tx, &id).await?;
            let form = &stored.public;
            let mut errors = application.validate(form, &today.to_string()).err().unwrap_or_default();
            let wanted = &application.support.attachments;
            let available = store::unlinked_attachments(tx, &id, wanted).await?;
            for (index, attachment) in wanted.iter().enumerate() {
                if is_attachment_id(attachment) && !available.contains(attachment) {
                    errors.push(FieldError::new(
                        format!("support.attachments[{index}]"),
                        FieldErrorCode::Unknown,
                        "no upload with this id (uploads are kept for a day)",
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(Error::Invalid(errors).into());
            }
            let application = application.normalised().only_asked(form);
            let cents = |typed: &str| {
                parse_euro_cents(typed)
                    .ok()
                    .and_then(|c| i64::try_from(c).ok())
                    .ok_or_else(|| ApiError::Internal(format!("validated amount {typed} does not parse")))
            };

            let year = today.year();
            let number = store::next_number(tx, &id, year).await?;
            let reference = format!("UR-{year}-{number:04}");
            let decision_by = clock::decision_by(today, form.decision_weeks);
            store::insert_submission(
                tx,
                &store::NewSubmission {
                    form: &id,
                    reference: &reference,
                    year,
                    number,
                    application: &application,
                    estimate_cents: cents(&application.costs.estimate)?,
                    budget_cents: cents(&application.costs.budget)?,
                    submitted_at: now,
                    submitted_on: &today.to_string(),
                    decision_by: &decision_by.to_string(),
                    purge_after: now + i64::from(form.retention_days) * 86_400,
                },
            )
            .await?;
            store::link_attachments(tx, &id, &reference, &application.support.attachments).await?;
            if stored.webhook_url.is_some() {
                store::add_delivery(tx, &id, &reference, clock::now_ms()).await?;
                queued = true;
            }
            if state.mailer.settings().is_some() {
                let record = store::get_submission(tx, &id, &reference).await?;
                mailed = super::mail::queue(
                    tx,
                    &state.mailer,
                    &record,
                    "ontvangst",
                    super::mail::acknowledgement(form, &record),
                )
                .await?;
            }
            let about = idempotency::resource("application", &format!("{id}/{reference}"));
            Ok(Reply::created(&ChallengeReceipt {
                reference,
                form: id.clone(),
                submitted_on: today.to_string(),
                decision_weeks: form.decision_weeks,
                decision_by: decision_by.to_string(),
            })?
            .about(about))
        })
        .await?;
    // After the commit: the worker finds what is due in the database.
    if queued {
        state.deliveries.wake();
    }
    if mailed {
        state.mailer.wake();
    }
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_content_disposition_without_folders() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_DISPOSITION, "attachment; filename=\"../../etc/plan.pdf\"".parse().unwrap());
        assert_eq!(file_name(&headers).as_deref(), Some("plan.pdf"));
        headers.insert(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"x.pdf\"; filename*=UTF-8''handtekeningen%20co%C3%B6peratie.pdf".parse().unwrap(),
        );
        assert_eq!(file_name(&headers).as_deref(), Some("handtekeningen coöperatie.pdf"));
        headers.insert(header::CONTENT_DISPOSITION, "attachment; filename*=UTF-8''bad%zz".parse().unwrap());
        assert_eq!(file_name(&headers), None);
    }

    #[test]
    fn file_names_lose_unicode_direction_controls() {
        let mut headers = HeaderMap::new();
        for control in DIRECTION_CONTROLS {
            let encoded: String = format!("factuur{control}fdp.exe.pdf")
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b == b'.' { char::from(b).to_string() } else { format!("%{b:02X}") }
                })
                .collect();
            headers.insert(
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}").parse().unwrap(),
            );
            assert_eq!(file_name(&headers).as_deref(), Some("factuurfdp.exe.pdf"), "U+{:04X}", u32::from(control));
        }
    }
}
