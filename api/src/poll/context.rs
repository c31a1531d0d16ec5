//! What a poll tells residents besides its question: what happens with the result (`outcome`), who may vote, and
//! after it closed what the municipality did with it (`feedback`); and per option a description, a link for more
//! information and an image with its alternative text.

use serde::{Deserialize, Serialize};

use crate::rules::names;
#[cfg(feature = "admin")]
use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::{check_text, is_calendar_date, is_https_url},
};

pub const DECIDED_BY_MAX_LEN: usize = 200;
pub const PUBLISHED_WHERE_MAX_LEN: usize = 300;
pub const ELIGIBILITY_MAX_LEN: usize = 300;
pub const FEEDBACK_MAX_LEN: usize = 4000;
pub const OPTION_DESCRIPTION_MAX_LEN: usize = 500;
pub const IMAGE_ALT_MAX_LEN: usize = 300;
/// The largest image the admin API takes, in bytes (2 MiB): larger is a photo straight from a camera, which a
/// widget should not make residents download.
pub const IMAGE_MAX_BYTES: u64 = 2 * 1024 * 1024;
/// The widest or highest image the admin API takes, in pixels, and the most pixels in all: a small file can unpack
/// into an image that takes a resident's phone gigabytes of memory to show.
pub const IMAGE_MAX_SIDE: u32 = 10_000;
pub const IMAGE_MAX_PIXELS: u64 = 50_000_000;
/// The content types of images the admin API takes, each known by its first bytes (never SVG: it can hold script).
pub const IMAGE_CONTENT_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];
/// Where the reference server serves an uploaded image, relative to the API root: then 64 hex digits of the
/// SHA-256 of its bytes.
pub const IMAGE_PATH_PREFIX: &str = "poll-images/";

/// Whether the result decides or advises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The result is advice to whoever decides.
    Advisory,
    /// The municipality has promised to carry out the result.
    Binding,
}

names!(OutcomeKind {
    Advisory => "advisory",
    Binding => "binding",
});

/// What happens with the result of a poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollOutcome {
    pub kind: OutcomeKind,
    /// Who decides, as a resident reads it after "Wie beslist?": e.g. "de gemeenteraad".
    pub decided_by: String,
    /// The day the outcome is published, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<String>,
    /// Where the outcome is published: e.g. "op www.gemeente.nl/speeltuin en in de Stadskrant".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_where: Option<String>,
}

/// An image of an option. Upload it first (`POST /v1/admin/poll-images`) and give the `url` that answer returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionImage {
    /// Relative to the API root: `poll-images/` and the SHA-256 of the bytes in hex.
    pub url: String,
    /// What the image shows, for who cannot see it (required).
    pub alt: String,
    /// In pixels, from the upload; the server fills it in (what a client sends is ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// In pixels, from the upload; the server fills it in (what a client sends is ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// An uploaded image, as the upload answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollImage {
    /// Give this as `options[].image.url`.
    pub url: String,
    pub content_type: String,
    /// The bytes as stored: without the metadata the upload carried (camera, place, author, comments).
    pub bytes: u64,
    /// The size as shown: turned as the photo's orientation says.
    pub width: u32,
    pub height: u32,
}

/// What the municipality did with the result, set after the poll closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollFeedback {
    /// Shown under "Wat hebben we gedaan?"; empty removes it.
    pub feedback: String,
}

/// Whether `url` is one the reference server gives an uploaded image.
pub fn is_image_url(url: &str) -> bool {
    url.strip_prefix(IMAGE_PATH_PREFIX)
        .is_some_and(|hash| hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

#[cfg(feature = "admin")]
pub(crate) fn check_outcome(errors: &mut Vec<FieldError>, outcome: &PollOutcome) {
    check_text(errors, "outcome.decided_by", &outcome.decided_by, DECIDED_BY_MAX_LEN, true);
    if let Some(date) = &outcome.published_on
        && !is_calendar_date(date)
    {
        errors.push(FieldError::new(
            "outcome.published_on",
            FieldErrorCode::Format,
            "outcome.published_on must be a date written YYYY-MM-DD",
        ));
    }
    if let Some(place) = &outcome.published_where {
        check_text(errors, "outcome.published_where", place, PUBLISHED_WHERE_MAX_LEN, false);
    }
}

#[cfg(feature = "admin")]
pub(crate) fn check_option(errors: &mut Vec<FieldError>, index: usize, option: &super::PollOption) {
    if let Some(description) = &option.description {
        check_text(
            errors,
            &crate::text::cat(&["options[", &crate::text::num(index as u64), "].description"]),
            description,
            OPTION_DESCRIPTION_MAX_LEN,
            false,
        );
    }
    if let Some(link) = &option.link
        && !is_https_url(link)
    {
        errors.push(FieldError::new(
            crate::text::cat(&["options[", &crate::text::num(index as u64), "].link"]),
            FieldErrorCode::Format,
            "a link must be an absolute https address",
        ));
    }
    if let Some(image) = &option.image {
        if !is_image_url(&image.url) {
            errors.push(FieldError::new(
                crate::text::cat(&["options[", &crate::text::num(index as u64), "].image.url"]),
                FieldErrorCode::Format,
                "give the url the image upload answered: poll-images/ and 64 hex digits",
            ));
        }
        check_text(
            errors,
            &crate::text::cat(&["options[", &crate::text::num(index as u64), "].image.alt"]),
            &image.alt,
            IMAGE_ALT_MAX_LEN,
            true,
        );
    }
}

/// What the OpenAPI document says of a poll's context beyond its types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{date, filled, text};

    let image_url = json!({ "pattern": "^poll-images/[0-9a-f]{64}$", "minLength": 76, "maxLength": 76 });
    schemas
        .object("PollOutcome")
        .field("decided_by", filled(DECIDED_BY_MAX_LEN))
        .field("published_on", date())
        .field("published_where", text(PUBLISHED_WHERE_MAX_LEN));
    schemas.object("OptionImage").field("url", image_url.clone()).field("alt", filled(IMAGE_ALT_MAX_LEN));
    schemas
        .object("PollImage")
        .field("url", image_url)
        .field("width", crate::schema::range(1, IMAGE_MAX_SIDE.into()))
        .field("height", crate::schema::range(1, IMAGE_MAX_SIDE.into()));
    schemas.object("PollFeedback").field("feedback", text(FEEDBACK_MAX_LEN));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_url_is_the_upload_path_and_a_sha256() {
        let hash = "0123456789abcdef".repeat(4);
        assert!(is_image_url(&format!("poll-images/{hash}")));
        assert!(!is_image_url(&format!("poll-images/{}", hash.to_uppercase())));
        assert!(!is_image_url(&format!("https://elders.example/poll-images/{hash}")));
        assert!(!is_image_url("poll-images/abc"));
        assert!(!is_image_url(&format!("poll-images/{hash}/../x")));
    }
}
