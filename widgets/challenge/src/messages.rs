//! What the resident reads when a field is not right: one specific Dutch (or English) sentence per field and
//! reason, whether the widget found it or the server named it in a 422.

use inspraak_api::{
    ChallengeForm, FieldError, FieldErrorCode as Code,
    challenge::{START_YEARS_AHEAD_MAX, SUPPORTERS_MAX, TERM_MONTHS_MAX},
};

use super::fields::{Answers, max_len};
use inspraak_widget_core::i18n::{Lang, Texts};
use inspraak_widget_core::num;

/// The catalogue key of the message for `code` on the field `name` (a path as in `invalidParams`).
pub fn message_key(name: &str, code: Code, form: &ChallengeForm) -> &'static str {
    let base = name.split('[').next().unwrap_or(name);
    match (base, code) {
        ("fill_seconds", _) => "challenge.error.too_fast",
        ("website", _) => "challenge.error.honeypot",
        (_, Code::TooLong) => "challenge.error.too_long",
        ("initiative.title", _) => "challenge.error.title",
        ("initiative.task", Code::Unknown) => "challenge.error.task_unknown",
        ("initiative.task", _) if form.tasks.is_empty() => "challenge.error.task_other",
        ("initiative.task", _) => "challenge.error.task",
        ("initiative.task_other", Code::OutOfRange) if !form.free_text_task => "challenge.error.task_listed",
        ("initiative.task_other", Code::OutOfRange) => "challenge.error.task_both",
        ("initiative.task_other", _) => "challenge.error.task_other",
        ("initiative.area", _) => "challenge.error.area",
        ("initiative.tie", _) => "challenge.error.tie",
        ("plan.target_group", _) => "challenge.error.target_group",
        ("plan.execution", _) => "challenge.error.execution",
        ("organisation.type", Code::OutOfRange) => "challenge.error.type_not_accepted",
        ("organisation.address", _) => "challenge.error.org_address",
        ("organisation.postcode", Code::Required) => "challenge.error.org_postcode",
        ("organisation.postcode", _) => "challenge.error.postcode_format",
        ("organisation.place", _) => "challenge.error.org_place",
        ("costs.funding", _) => "challenge.error.funding",
        ("costs.start_date", Code::TooSoon) => "challenge.error.start_date_soon",
        ("contact.address", _) => "challenge.error.address",
        ("contact.place", _) => "challenge.error.place",
        ("contact.authorised", _) => "challenge.error.authorised",
        ("plan.what", _) => "challenge.error.what",
        ("plan.why_better", _) => "challenge.error.why_better",
        ("plan.social_value", _) => "challenge.error.social_value",
        ("organisation.name", _) => "challenge.error.organisation",
        ("organisation.type", _) => "challenge.error.type",
        ("organisation.type_other", _) => "challenge.error.type_other",
        ("organisation.kvk", _) => "challenge.error.kvk",
        ("organisation.experience", _) => "challenge.error.experience",
        ("support.supporters", Code::Required) => "challenge.error.supporters",
        ("support.supporters", Code::Format) => "challenge.error.supporters_format",
        ("support.supporters", _) => "challenge.error.supporters_range",
        ("support.how_shown", _) => "challenge.error.how_shown",
        ("support.attachments", Code::TooMany) => "challenge.error.attachments_too_many",
        ("support.attachments", Code::Unknown) => "challenge.error.attachment_gone",
        ("support.attachments", _) => "challenge.error.attachment_invalid",
        ("costs.estimate", Code::Required) => "challenge.error.estimate",
        ("costs.estimate", Code::OutOfRange) => "challenge.error.estimate_zero",
        ("costs.budget", Code::Required) => "challenge.error.budget",
        ("costs.budget", Code::OutOfRange) => "challenge.error.budget_more",
        (_, Code::Ambiguous) => "challenge.error.amount_ambiguous",
        (_, Code::TooLarge) => "challenge.error.amount_too_large",
        ("costs.estimate" | "costs.budget", _) => "challenge.error.amount_format",
        ("costs.start_date", Code::Required) => "challenge.error.start_date",
        ("costs.start_date", Code::InPast) => "challenge.error.start_date_past",
        ("costs.start_date", Code::OutOfRange) => "challenge.error.start_date_far",
        ("costs.start_date", _) => "challenge.error.start_date_format",
        ("costs.term_months", Code::Required) => "challenge.error.term",
        ("costs.term_months", Code::Format) => "challenge.error.term_format",
        ("costs.term_months", _) => "challenge.error.term_range",
        ("cooperation.support_needed", _) => "challenge.error.support_needed",
        ("cooperation.quality", _) => "challenge.error.quality",
        ("cooperation.continuity", _) => "challenge.error.continuity",
        ("contact.name", _) => "challenge.error.contact_name",
        ("contact.email", Code::Required) => "challenge.error.email",
        ("contact.email", _) => "challenge.error.email_format",
        ("contact.phone", _) => "challenge.error.phone",
        ("contact.postcode", Code::Required) => "challenge.error.postcode",
        ("contact.postcode", _) => "challenge.error.postcode_format",
        ("contact.consent", _) => "challenge.error.consent",
        _ => "challenge.error.other",
    }
}

/// A whole number with the reader's thousands separator: 1.000.000 in Dutch, 1,000,000 in English.
pub fn grouped(n: u64, lang: Lang) -> String {
    inspraak_api::text::grouped(n, if lang == Lang::En { "," } else { "." })
}

/// The message for one error, with the limit or the file it is about filled in.
pub fn message(texts: Texts, form: &ChallengeForm, answers: &Answers, error: &FieldError) -> String {
    let mut key = message_key(&error.name, error.code, form);
    // Day, month and year typed, but no such day (31-4-2027): say so, rather than ask for the format.
    if key == "challenge.error.start_date_format"
        && answers.counts.get(super::fields::START_DATE).is_some_and(|typed| {
            inspraak_api::challenge::parse_dutch_date(typed) == Err(inspraak_api::challenge::DateError::NoSuchDay)
        })
    {
        key = "challenge.error.start_date_no_day";
    }
    let max = match error.name.as_str() {
        "support.supporters" => grouped(u64::from(SUPPORTERS_MAX), texts.lang),
        "costs.term_months" => num(TERM_MONTHS_MAX.into()),
        "support.attachments" => num(form.max_attachments.into()),
        name => grouped(max_len(name) as u64, texts.lang),
    };
    // "support.attachments[2]": the file by the name the resident knows it by.
    let file = error
        .name
        .strip_prefix("support.attachments[")
        .and_then(|rest| rest.trim_end_matches(']').parse::<usize>().ok())
        .and_then(|index| answers.files.get(index))
        .map(|file| file.file_name.clone())
        .unwrap_or_default();
    let weeks = num(form.lead_weeks.into());
    let earliest = inspraak_api::challenge::dutch_date(&inspraak_api::challenge::earliest_start(
        &super::ChallengeContext::today(),
        form.lead_weeks,
    ));
    texts.format(
        key,
        &[
            ("max", &max),
            ("file", &file),
            ("years", &num(START_YEARS_AHEAD_MAX.into())),
            ("weeks", &weeks),
            ("date", &earliest),
        ],
    )
}
