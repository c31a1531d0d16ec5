//! Attachments to the application (a list of signatures, a photo): each file is uploaded as soon as it is chosen,
//! listed with a remove button, and kept in the draft by its id. The server decides the type by the content; its
//! refusals are told in the resident's words.

use inspraak_api::{ChallengeAttachment, FieldErrorCode, ProblemKind};
use leptos::{html, prelude::*, task::spawn_local};

use super::{ChallengeContext, fields::control_id};
use inspraak_widget_core::{
    api_client::ApiError,
    browser,
    form::{FieldMessage, described_by},
    i18n::{Lang, Texts},
};
use inspraak_widget_core::{cat, joined, num};

const NAME: &str = "support.attachments";
const ACCEPT: &str = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/// A size as people read it: "5 MB", "1,5 MB", "300 kB".
pub fn file_size(bytes: u64, lang: Lang) -> String {
    // In tenths of the unit, rounded; whole numbers only (no float formatting in the module).
    let (unit_bytes, unit) = if bytes >= 1024 * 1024 { (1024 * 1024, "MB") } else { (1024, "kB") };
    let tenths = ((bytes * 10 + unit_bytes / 2) / unit_bytes).max(10);
    let text =
        if tenths.is_multiple_of(10) || tenths >= 100 { num((tenths + 5) / 10) } else { lang.tenths(tenths as i64) };
    cat(&[&text, " ", unit])
}

/// Why an upload was refused, in the resident's words.
fn upload_failure(texts: Texts, error: &ApiError, file: &str, limit: &str) -> String {
    let values = [("file", file), ("size", limit)];
    let key = match error {
        ApiError::Problem(problem) if problem.kind() == Some(ProblemKind::NotFound) => "challenge.error.form_gone",
        ApiError::Problem(problem) => match problem.invalid_params.first().map(|e| e.code) {
            Some(FieldErrorCode::FileType) => "challenge.upload.type",
            Some(FieldErrorCode::TooLarge) => "challenge.upload.too_large",
            Some(FieldErrorCode::Required) => "challenge.upload.empty",
            Some(FieldErrorCode::TooMany) => "challenge.upload.too_many",
            _ if problem.kind() == Some(ProblemKind::TooManyRequests) => "challenge.upload.busy",
            _ => "challenge.upload.failed",
        },
        ApiError::Network | ApiError::Timeout => "challenge.upload.network",
        ApiError::Unexpected(_) => "challenge.upload.failed",
    };
    texts.format(key, &values)
}

#[component]
pub fn Attachments(label: String) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ChallengeContext>();
    let (max_files, max_bytes) = context.form.with_value(|f| (f.max_attachments as usize, f.max_attachment_bytes));
    let limit = file_size(max_bytes, texts.lang);
    let id = control_id(NAME);
    let input = NodeRef::<html::Input>::new();
    let refused = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(None::<String>);
    let checks = context.error_of(NAME, true);
    let error = Signal::derive(move || {
        let mut messages = refused.get();
        messages.extend(checks.get());
        (!messages.is_empty()).then(|| joined(&messages, " "))
    });
    let files = Signal::derive(move || context.wizard.answers.with(|a| a.files.clone()));
    let full = move || files.with(Vec::len) >= max_files;
    // The errors about files (gone from the server, too many) go once the list changes.
    let set_files = move |change: &dyn Fn(&mut Vec<ChallengeAttachment>)| {
        context.wizard.update(|a| {
            let mut files = a.files.clone();
            change(&mut files);
            a.set_files(files);
        });
        context.errors.update(|errors| errors.retain(|e| !e.name.starts_with(NAME)));
    };

    let limit_for_upload = limit.clone();
    let chosen = move |_| {
        let Some(element) = input.get_untracked() else { return };
        let Some(list) = element.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        element.set_value("");
        refused.set(Vec::new());
        let limit = limit_for_upload.clone();
        spawn_local(async move {
            for file in chosen {
                let name = file.name();
                if context.wizard.answers.with_untracked(|a| a.files.len()) >= max_files {
                    let max = num(max_files as u64);
                    refused.update(|r| r.push(texts.format("challenge.upload.max", &[("file", &name), ("max", &max)])));
                    continue;
                }
                if file.size() > max_bytes as f64 {
                    refused.update(|r| {
                        r.push(texts.format("challenge.upload.too_large", &[("file", &name), ("size", &limit)]))
                    });
                    continue;
                }
                status.set(Some(texts.format("challenge.upload.busy_with", &[("file", &name)])));
                let form = context.form.with_value(|f| f.id.clone());
                let result = context.api.get_value().upload_attachment(&form, &file, &browser::random_id()).await;
                match result {
                    Ok(attachment) => {
                        status.set(Some(texts.format("challenge.upload.done", &[("file", &attachment.file_name)])));
                        set_files(&|files| files.push(attachment.clone()));
                    }
                    Err(error) => {
                        status.set(None);
                        refused.update(|r| r.push(upload_failure(texts, &error, &name, &limit)));
                    }
                }
            }
        });
    };

    let list = move || {
        files
            .get()
            .into_iter()
            .map(|file| {
                let size = file_size(file.bytes, texts.lang);
                let id = file.id.clone();
                let name = file.file_name.clone();
                let remove = move |_| {
                    set_files(&|files| files.retain(|f| f.id != id));
                    refused.set(Vec::new());
                    status.set(Some(texts.format("challenge.upload.removed", &[("file", &name)])));
                    browser::focus_soon(move || input.get().map(Into::into));
                };
                view! {
                    <li>
                        <span class="file-name">{file.file_name.clone()}</span>" "
                        <span class="meta">"("{size}")"</span>" "
                        <button type="button" class="button link" part="button" on:click=remove>
                            {texts.get("challenge.upload.remove")}
                            <span class="visually-hidden">" "{file.file_name.clone()}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let hint = texts.format("challenge.hint.attachments", &[("size", &limit), ("max", &num(max_files as u64))]);
    let describe = {
        let id = id.clone();
        move || described_by(&id, true, error.with(Option::is_some))
    };
    view! {
        <div id=cat(&[&id, "-group"]) class="field attachments" part="field">
            <label for=id.clone() class="label">{label}</label>
            <p id=cat(&[&id, "-hint"]) class="hint">{hint}</p>
            // Uploads answer later: a refusal is read out when it appears.
            <div aria-live="polite"><FieldMessage id=id.clone() error/></div>
            <ul class="files" part="files" hidden=move || files.with(Vec::is_empty)>{list}</ul>
            <input type="file" id=id.clone() class="file-input" multiple accept=ACCEPT node_ref=input
                disabled=full aria-describedby=describe
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                on:change=chosen/>
            <p class="meta upload-status" role="status">
                {move || status.get()}
                {move || full().then(|| texts.get("challenge.upload.full"))}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_written_as_people_read_them() {
        const MB: u64 = 1024 * 1024;
        assert_eq!(file_size(5 * MB, Lang::Nl), "5 MB");
        assert_eq!(file_size(3 * MB / 2, Lang::Nl), "1,5 MB");
        assert_eq!(file_size(3 * MB / 2, Lang::En), "1.5 MB");
        assert_eq!(file_size(12 * MB + MB / 3, Lang::Nl), "12 MB");
        assert_eq!(file_size(300 * 1024, Lang::Nl), "300 kB");
        assert_eq!(file_size(100, Lang::Nl), "1 kB");
        assert_eq!(file_size(1536, Lang::Nl), "1,5 kB");
    }
}
