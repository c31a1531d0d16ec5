//! The images of poll options: uploaded through the admin API, judged by their content (PNG, JPEG or WebP, never
//! SVG), kept in the database by the SHA-256 of their bytes, and served under that hash for a year.

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{
    FieldError, FieldErrorCode, PollImage, Problem, ProblemKind,
    poll::{IMAGE_CONTENT_TYPES, IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE},
};
use sha2::{Digest, Sha256};

use super::store;
use crate::{
    AppState,
    error::Error,
    problem::{ApiError, ApiResult},
    upload::{file_problem, read_limited},
};

/// An image's type and size in pixels, read from its first bytes; None for anything that is not a PNG, JPEG or
/// WebP whose size can be read.
pub fn sniff(content: &[u8]) -> Option<(&'static str, u32, u32)> {
    let be16 = |at: usize| Some(u32::from(u16::from_be_bytes(content.get(at..at + 2)?.try_into().ok()?)));
    let le16 = |at: usize| Some(u32::from(u16::from_le_bytes(content.get(at..at + 2)?.try_into().ok()?)));
    let le24 = |at: usize| {
        let b = content.get(at..at + 3)?;
        Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
    };
    let sized =
        |kind: &'static str, width: u32, height: u32| (width > 0 && height > 0).then_some((kind, width, height));
    if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        if content.get(12..16)? != b"IHDR" {
            return None;
        }
        let be32 = |at: usize| Some(u32::from_be_bytes(content.get(at..at + 4)?.try_into().ok()?));
        return sized("image/png", be32(16)?, be32(20)?);
    }
    if content.starts_with(b"\xFF\xD8\xFF") {
        // The segments up to the first start of frame, which holds the size.
        let mut at = 2;
        loop {
            if *content.get(at)? != 0xFF {
                return None;
            }
            let marker = *content.get(at + 1)?;
            match marker {
                0xFF => at += 1,
                0xD0..=0xD7 | 0x01 => at += 2,
                0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                    return sized("image/jpeg", be16(at + 7)?, be16(at + 5)?);
                }
                _ => at += 2 + usize::try_from(be16(at + 2)?).ok()?,
            }
        }
    }
    if content.starts_with(b"RIFF") && content.get(8..12)? == b"WEBP" {
        return match content.get(12..16)? {
            b"VP8 " if content.get(23..26)? == b"\x9d\x01\x2a" => {
                sized("image/webp", le16(26)? & 0x3fff, le16(28)? & 0x3fff)
            }
            b"VP8L" if *content.get(20)? == 0x2f => {
                let bits = u32::from_le_bytes(content.get(21..25)?.try_into().ok()?);
                sized("image/webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1)
            }
            b"VP8X" => sized("image/webp", le24(24)? + 1, le24(27)? + 1),
            _ => None,
        };
    }
    None
}

fn wrong_type(reason: String) -> ApiError {
    file_problem(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ProblemKind::UnsupportedMediaType,
        "Unsupported image type",
        FieldErrorCode::FileType,
        reason,
    )
}

fn too_large() -> ApiError {
    file_problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        ProblemKind::PayloadTooLarge,
        "Image too large",
        FieldErrorCode::TooLarge,
        format!("an image may be at most {IMAGE_MAX_BYTES} bytes (2 MiB)"),
    )
}

async fn read_image(body: Body) -> ApiResult<Vec<u8>> {
    read_limited(body, IMAGE_MAX_BYTES, too_large).await
}

/// Uploads an image for a poll option as the raw request body: PNG, JPEG or WebP, at most 2 MiB and 10000 pixels
/// wide or high (50 million pixels in all). The type is decided by the content (SVG and every other type are
/// refused, also when sent as image/png); a `Content-Type` that names another image type than the content is refused
/// too. Its metadata (EXIF, XMP, IPTC, text: camera, place, time, author) is removed before it is stored, except its
/// orientation and colour profile; the image data stays as it was. The same image uploaded twice is stored once. Give the `url`
/// of the answer as `options[].image.url` of a poll, with the image's alternative text.
#[utoipa::path(post, path = "/v1/admin/poll-images", tag = "admin", security(("admin_token" = [])),
    request_body(content(("image/png"), ("image/jpeg"), ("image/webp")), description = "The image: PNG, JPEG or WebP, at most 2 MiB"),
    responses(
        (status = 201, description = "Stored (or stored already); its url, type, bytes and size in pixels", body = PollImage),
        (status = 413, description = "Larger than 2 MiB (invalidParams: file, too_large)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a PNG, JPEG or WebP, or not the type its Content-Type says (invalidParams: file, file_type)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, larger than 10000 pixels a side or 50 million in all, or an image whose size in pixels cannot be read (invalidParams: file)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn upload_image(State(state): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult<Response> {
    let sent = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = sent.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let mime = if mime == "image/jpg" { "image/jpeg".to_owned() } else { mime };
    if !IMAGE_CONTENT_TYPES.contains(&mime.as_str()) {
        return Err(wrong_type(format!(
            "send the image with Content-Type {}, not '{sent}'",
            IMAGE_CONTENT_TYPES.join(", ")
        )));
    }
    let declared_length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > IMAGE_MAX_BYTES) {
        return Err(too_large());
    }
    let timeout = std::time::Duration::from_secs(state.config.upload_timeout);
    let content = tokio::time::timeout(timeout, read_image(body))
        .await
        .map_err(|_| crate::request::BodyTimeout(timeout).exceeded())??;
    if content.is_empty() {
        return Err(ApiError::invalid(vec![FieldError::new("file", FieldErrorCode::Required, "the image is empty")]));
    }
    let known = [b"\x89PNG".as_slice(), b"\xFF\xD8\xFF", b"RIFF"].iter().any(|magic| content.starts_with(magic));
    if !known {
        return Err(wrong_type("only PNG, JPEG and WebP images are accepted (no SVG)".into()));
    }
    let Some((content_type, width, height)) = sniff(&content) else {
        return Err(ApiError::invalid(vec![FieldError::new(
            "file",
            FieldErrorCode::Format,
            "the size of this image in pixels cannot be read: save it again as PNG, JPEG or WebP",
        )]));
    };
    if content_type != mime {
        return Err(wrong_type(format!("the image was sent as {mime} but its content is {content_type}")));
    }
    if width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE || u64::from(width) * u64::from(height) > IMAGE_MAX_PIXELS {
        return Err(ApiError::invalid(vec![FieldError::new(
            "file",
            FieldErrorCode::TooLarge,
            format!(
                "this image is {width} × {height} pixels; an image may be at most {IMAGE_MAX_SIDE} pixels wide or \
                 high and {} million pixels in all: make it smaller",
                IMAGE_MAX_PIXELS / 1_000_000
            ),
        )]));
    }
    let Some(super::image_metadata::Stripped { content, orientation }) =
        super::image_metadata::strip(&content, content_type)
    else {
        return Err(ApiError::invalid(vec![FieldError::new(
            "file",
            FieldErrorCode::Format,
            "this image is damaged or cut off: save it again as PNG, JPEG or WebP",
        )]));
    };
    let (width, height) =
        if super::image_metadata::turns_sideways(orientation) { (height, width) } else { (width, height) };
    let hash = hex::encode(Sha256::digest(&content));
    let image = PollImage {
        url: store::image_url(&hash),
        content_type: content_type.to_owned(),
        bytes: content.len() as u64,
        width,
        height,
    };
    let mut tx = state.db.begin().await?;
    store::save_image(&mut tx, &hash, &image, &content).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/v1/{}", image.url))], Json(image)).into_response())
}

/// An option's image. Its URL holds the SHA-256 of its bytes, so it never changes: it may be cached for a year.
#[utoipa::path(get, path = "/v1/poll-images/{hash}", tag = "polls",
    params(("hash" = String, Path, description = "The SHA-256 of the image's bytes, 64 hex digits")),
    responses(
        (status = 200, description = "The image (image/png, image/jpeg or image/webp)", content(
            (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp")
        )),
        (status = 404, description = "No such image", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_image(State(state): State<AppState>, Path(hash): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.reader().await?;
    let (content_type, content) = store::image(&mut conn, &hash).await?.ok_or_else(|| Error::not_found("image"))?;
    let mut response = content.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Opened by itself, the image is a document that may do nothing (no script, no form, no plug-in).
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; sandbox"),
    );
    // Shown on the municipalities' own sites, also those that isolate themselves (Cross-Origin-Embedder-Policy).
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
    if let Ok(tag) = HeaderValue::from_str(&format!("\"{hash}\"")) {
        headers.insert(header::ETAG, tag);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn the_size_is_read_from_each_kind() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 0x40, 0, 0, 0, 0xF0]);
        assert_eq!(sniff(&png), Some(("image/png", 320, 240)));
        // JPEG: SOI, an APP0 segment of 4 bytes, then SOF0 with height 2 and width 3.
        let jpeg = b"\xFF\xD8\xFF\xE0\0\x04ab\xFF\xC0\0\x11\x08\0\x02\0\x03";
        assert_eq!(sniff(jpeg), Some(("image/jpeg", 3, 2)));
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        vp8x.extend_from_slice(&[99, 0, 0, 49, 0, 0]);
        assert_eq!(sniff(&vp8x), Some(("image/webp", 100, 50)));
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x04ab"), None, "no frame: no size");
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), None);
    }
}
