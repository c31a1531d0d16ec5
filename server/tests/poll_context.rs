//! Poll context (issue 17): what happens with the result, who may vote, the feedback after the close, and options
//! with a description, a link and an uploaded image, on the real router and a real SQLite file.

mod common;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use common::{Reply, TOKEN, TestApp, voter};
use http_body_util::BodyExt;
use img_parts::{Bytes, png::PngChunk};
use serde_json::json;
use tower::ServiceExt;

/// A PNG of `width` × `height` pixels with `extra` chunks before its data: a whole file (the server reads its
/// container and size; it decodes no pixels, so the data chunk is a stand-in).
fn png_with(width: u32, height: u32, extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| PngChunk::new(*kind, Bytes::copy_from_slice(data)).encoder().bytes();
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&chunk(b"IHDR", &header));
    for (kind, data) in extra {
        bytes.extend_from_slice(&chunk(kind, data));
    }
    bytes.extend_from_slice(&chunk(b"IDAT", b"\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01"));
    bytes.extend_from_slice(&chunk(b"IEND", b""));
    bytes
}

fn png(width: u32, height: u32) -> Vec<u8> {
    png_with(width, height, &[])
}

/// A JPEG of `width` × `height` with `app` segments (marker, contents) after its JFIF header: a whole file whose
/// scan data is a stand-in.
fn jpeg_with(width: u16, height: u16, app: &[(u8, &[u8])]) -> Vec<u8> {
    let segment = |marker: u8, contents: &[u8]| {
        let mut bytes = vec![0xFF, marker];
        bytes.extend_from_slice(&u16::try_from(contents.len() + 2).unwrap().to_be_bytes());
        bytes.extend_from_slice(contents);
        bytes
    };
    let mut bytes = vec![0xFF, 0xD8];
    bytes.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    for (marker, contents) in app {
        bytes.extend(segment(*marker, contents));
    }
    let mut frame = vec![8];
    frame.extend_from_slice(&height.to_be_bytes());
    frame.extend_from_slice(&width.to_be_bytes());
    frame.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    bytes.extend(segment(0xC0, &frame));
    bytes.extend(segment(0xDA, &[3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]));
    bytes.extend_from_slice(&[0x12, 0x34, 0x56, 0xFF, 0x00, 0x78, 0xFF, 0xD9]);
    bytes
}

/// A WebP (extended format) of `width` × `height` with `extra` chunks after its image data.
fn webp_with(width: u32, height: u32, flags: u8, extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let chunk = |id: &[u8; 4], data: &[u8]| {
        let mut bytes = id.to_vec();
        bytes.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        bytes.extend_from_slice(data);
        if data.len() % 2 == 1 {
            bytes.push(0);
        }
        bytes
    };
    let mut header = vec![flags, 0, 0, 0];
    header.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    header.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &header));
    let size = (width - 1) | (height - 1) << 14;
    let mut lossless = vec![0x2f];
    lossless.extend_from_slice(&size.to_le_bytes());
    lossless.extend_from_slice(&[0, 0, 0]);
    body.extend(chunk(b"VP8L", &lossless));
    for (id, data) in extra {
        body.extend(chunk(id, data));
    }
    let mut bytes = b"RIFF".to_vec();
    bytes.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
    bytes.extend(body);
    bytes
}

/// An EXIF block (big-endian TIFF) with the orientation and a GPS position, as a phone writes one.
fn exif(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0 at 8: Make ("Telefoon" at 50), Orientation, the GPS directory at 60; then no next directory.
    tiff.extend_from_slice(&[0, 3]);
    tiff.extend_from_slice(&[0x01, 0x0F, 0, 2, 0, 0, 0, 9, 0, 0, 0, 50]);
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 60]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(b"Telefoon\0\0");
    // The GPS directory at 60: the latitude 52° 5' 0" (Utrecht) as three rationals at 78; then no next directory.
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 78, 0, 0, 0, 0]);
    for (numerator, denominator) in [(52u32, 1u32), (5, 1), (0, 1)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    assert_eq!(tiff.len(), 102);
    tiff
}

async fn upload(app: &TestApp, content_type: &str, bytes: Vec<u8>, token: Option<&str>) -> Reply {
    let mut request =
        Request::builder().method(Method::POST).uri("/v1/admin/poll-images").header("content-type", content_type);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = app.router.clone().oneshot(request.body(Body::from(bytes)).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn get_bytes(app: &TestApp, uri: &str) -> (Reply, Vec<u8>) {
    let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }, bytes)
}

#[tokio::test]
async fn a_poll_without_context_says_nothing_of_it() {
    let app = TestApp::new().await;
    let poll = app.create_poll("kaal", json!({})).await;
    for key in ["outcome", "eligibility", "feedback", "address"] {
        assert!(poll.get(key).is_none(), "{key} in {poll}");
    }
    for option in poll["options"].as_array().unwrap() {
        assert_eq!(option.as_object().unwrap().len(), 2, "only id and label: {option}");
    }
}

#[tokio::test]
async fn a_poll_keeps_its_context_and_the_image_size_from_the_upload() {
    let app = TestApp::new().await;
    let stored = upload(&app, "image/png", png(640, 480), Some(TOKEN)).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.text);
    let image = stored.json();
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(640), Some(480)));
    let url = image["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("poll-images/") && url.len() == 12 + 64, "{url}");

    let outcome = json!({"kind": "advisory", "decided_by": "de gemeenteraad", "published_on": "2027-03-15",
        "published_where": "op www.gemeente.nl/speeltuin"});
    let created = app
        .create_poll(
            "speeltuin",
            json!({
                "outcome": outcome,
                "eligibility": "Inwoners van 12 jaar en ouder",
                "address": "u",
                "options": [
                    {"id": "park", "label": "Speeltuin in het park", "description": "Met een klimrek.",
                     "link": "https://gemeente.example/park", "image": {"url": url, "alt": "Een klimrek onder bomen", "width": 1}},
                    {"id": "plein", "label": "Trapveldje op het plein"}
                ]
            }),
        )
        .await;
    let public = app.get("/v1/polls/speeltuin").await.json();
    assert_eq!(created, public);
    assert_eq!(public["outcome"], outcome);
    assert_eq!(public["eligibility"], "Inwoners van 12 jaar en ouder");
    assert_eq!(public["address"], "u");
    let park = &public["options"][0];
    assert_eq!(park["description"], "Met een klimrek.");
    assert_eq!(park["link"], "https://gemeente.example/park");
    assert_eq!(park["image"], json!({"url": url, "alt": "Een klimrek onder bomen", "width": 640, "height": 480}));
    assert!(public["options"][1].get("image").is_none());

    // A replace without the context takes it away again; the votes stay.
    app.vote("speeltuin", &["park"], &voter(1)).await;
    let mut plain = public.clone();
    for key in ["outcome", "eligibility", "address"] {
        plain.as_object_mut().unwrap().remove(key);
    }
    plain["options"] = json!([{"id": "park", "label": "Park"}, {"id": "plein", "label": "Plein"}]);
    let replaced = app.admin(Method::PUT, "/v1/admin/polls/speeltuin", Some(&plain)).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    let replaced = replaced.json();
    assert!(replaced.get("outcome").is_none() && replaced.get("address").is_none());
    assert_eq!(replaced["options"][0], json!({"id": "park", "label": "Park"}));
    assert_eq!(app.count("SELECT votes FROM poll_options WHERE id = 'park'").await, 1);
}

#[tokio::test]
async fn invalid_context_is_refused_field_by_field() {
    let app = TestApp::new().await;
    let unknown = format!("poll-images/{}", "ab".repeat(32));
    let body = json!({"id": "fout", "question": "Welke?",
    "outcome": {"kind": "binding", "decided_by": " ", "published_on": "15-03-2027"},
    "eligibility": "x".repeat(301),
    "options": [
        {"id": "a", "label": "A", "link": "http://gemeente.example/a"},
        {"id": "b", "label": "B", "image": {"url": "https://elders.example/b.png", "alt": ""}}
    ]});
    let fields = app.admin(Method::POST, "/v1/admin/polls", Some(&body)).await.invalid_fields();
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "options[0].link",
            "options[1].image.url",
            "options[1].image.alt",
            "outcome.decided_by",
            "outcome.published_on",
            "eligibility"
        ]
    );

    let never_uploaded = json!({"id": "fout", "question": "Welke?",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B", "image": {"url": unknown, "alt": "Iets"}}]});
    let fields = app.admin(Method::POST, "/v1/admin/polls", Some(&never_uploaded)).await.invalid_fields();
    assert_eq!(fields, [("options[1].image.url".to_owned(), "unknown".to_owned())]);
    let kind = json!({"id": "fout", "question": "Welke?", "outcome": {"kind": "misschien", "decided_by": "de raad"},
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]});
    app.admin(Method::POST, "/v1/admin/polls", Some(&kind)).await.problem(422);
    let address = json!({"id": "fout", "question": "Welke?", "address": "jij",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]});
    app.admin(Method::POST, "/v1/admin/polls", Some(&address)).await.problem(422);
    assert_eq!(app.count("SELECT COUNT(*) FROM polls").await, 0);
}

#[tokio::test]
async fn images_are_judged_by_their_content_and_size() {
    let app = TestApp::new().await;
    let file_problem = |reply: &Reply, status: u16, code: &str| {
        let body = reply.problem(status);
        assert_eq!(body["invalidParams"][0]["name"], "file", "{body}");
        assert_eq!(body["invalidParams"][0]["code"], code, "{body}");
    };
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    file_problem(&upload(&app, "image/svg+xml", svg.clone(), Some(TOKEN)).await, 415, "file_type");
    file_problem(&upload(&app, "image/png", svg, Some(TOKEN)).await, 415, "file_type");
    file_problem(&upload(&app, "image/png", b"GIF89a\x01\0\x01\0\0\0\0".to_vec(), Some(TOKEN)).await, 415, "file_type");
    file_problem(&upload(&app, "image/jpeg", png(10, 10), Some(TOKEN)).await, 415, "file_type");
    file_problem(&upload(&app, "image/png", Vec::new(), Some(TOKEN)).await, 422, "required");
    file_problem(&upload(&app, "image/jpeg", b"\xFF\xD8\xFF\xE0\0\x04ab".to_vec(), Some(TOKEN)).await, 422, "format");
    file_problem(&upload(&app, "image/png", png(0, 10), Some(TOKEN)).await, 422, "format");
    // Cut off after its header: the size can be read, the file cannot.
    file_problem(&upload(&app, "image/png", png(10, 10)[..40].to_vec(), Some(TOKEN)).await, 422, "format");
    // A few kilobytes that would unpack into more pixels than a phone can hold.
    file_problem(&upload(&app, "image/png", png(10_001, 10), Some(TOKEN)).await, 422, "too_large");
    file_problem(&upload(&app, "image/png", png(8000, 8000), Some(TOKEN)).await, 422, "too_large");
    let mut large = png(4000, 3000);
    large.resize(2 * 1024 * 1024 + 1, 0);
    file_problem(&upload(&app, "image/png", large, Some(TOKEN)).await, 413, "too_large");
    upload(&app, "image/png", png(1, 1), None).await.problem(401);
    assert_eq!(app.count("SELECT COUNT(*) FROM poll_images").await, 0);

    // JPEG (a start of frame after an APP0 segment) and WebP (VP8X) are read too; the same bytes are kept once.
    let jpeg = jpeg_with(640, 480, &[]);
    let first = upload(&app, "image/jpeg", jpeg.clone(), Some(TOKEN)).await.json();
    assert_eq!(
        (first["content_type"].as_str(), first["width"].as_u64(), first["height"].as_u64()),
        (Some("image/jpeg"), Some(640), Some(480))
    );
    assert_eq!(upload(&app, "image/jpg", jpeg.clone(), Some(TOKEN)).await.json(), first);
    let webp = webp_with(640, 480, 0, &[]);
    let webp_image = upload(&app, "image/webp", webp.clone(), Some(TOKEN)).await.json();
    assert_eq!((webp_image["width"].as_u64(), webp_image["height"].as_u64()), (Some(640), Some(480)));
    assert_eq!(app.count("SELECT COUNT(*) FROM poll_images").await, 2);

    // Served under its hash, for a year, never sniffed, under the API's policy.
    let (served, bytes) = get_bytes(&app, &format!("/v1/{}", first["url"].as_str().unwrap())).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(bytes, jpeg);
    assert_eq!(served.header("content-type"), Some("image/jpeg"));
    assert_eq!(served.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(served.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(served.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'; sandbox"));
    assert_eq!(served.header("cross-origin-resource-policy"), Some("cross-origin"));
    app.get(&format!("/v1/poll-images/{}", "0".repeat(64))).await.problem(404);
}

/// The stored image of an upload.
async fn stored(app: &TestApp, content_type: &str, bytes: Vec<u8>) -> (serde_json::Value, Vec<u8>) {
    let reply = upload(app, content_type, bytes, Some(TOKEN)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let image = reply.json();
    let (_, bytes) = get_bytes(app, &format!("/v1/{}", image["url"].as_str().unwrap())).await;
    (image, bytes)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[tokio::test]
async fn an_image_loses_what_could_tell_who_took_it_where_but_keeps_how_it_is_shown() {
    let app = TestApp::new().await;
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Jan Jansen</dc:creator></x:xmpmeta>";
    let icc = b"ICC_PROFILE\0\x01\x01kleurprofiel";
    let mut with_exif = b"Exif\0\0".to_vec();
    with_exif.extend(exif(6));

    // A phone photo, turned a quarter (orientation 6): the place, the phone, the author and a comment go; the
    // orientation, the colour profile and every byte of the image data stay.
    let photo = jpeg_with(
        640,
        480,
        &[(0xE1, &with_exif), (0xE1, xmp), (0xE2, icc), (0xED, b"Photoshop 3.0\0IPTC"), (0xFE, b"Vakantie")],
    );
    let (image, kept) = stored(&app, "image/jpeg", photo.clone()).await;
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(480), Some(640)), "shown upright");
    assert_eq!(image["bytes"].as_u64(), Some(kept.len() as u64));
    for gone in [b"Telefoon".as_slice(), b"Jan Jansen", b"IPTC", b"Vakantie"] {
        assert!(!contains(&kept, gone), "{:?} is still in the image", String::from_utf8_lossy(gone));
    }
    assert!(contains(&kept, b"kleurprofiel"), "the colour profile stays");
    let read = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&kept)).unwrap();
    assert_eq!(read.get_field(exif::Tag::Orientation, exif::In::PRIMARY).unwrap().value.get_uint(0), Some(6));
    assert_eq!(read.fields().count(), 1, "the orientation alone");
    let scan = photo.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    assert!(kept.ends_with(&photo[scan..]), "frame, scan and image data byte for byte");
    assert!(kept.starts_with(&photo[..20]), "the JFIF header first");

    // A progressive photo: what sits between its scans goes too, and so does what follows its end (a motion
    // photo's video, a second image with its own EXIF); the tables and scans stay.
    let mut progressive = jpeg_with(640, 480, &[]);
    progressive.truncate(progressive.len() - 2);
    // Scan data with a restart marker, then a fill byte before the next marker.
    progressive.extend_from_slice(b"\xFF\xD0\x21\xFF\xFF\xFE\0\x0dTweede scan\xFF\xC4\0\x05\x00\x01\x02");
    // An EXIF block after the first scan, which browsers do not read: gone, and the size not turned by it.
    let mut late_exif = vec![0xFF, 0xE1];
    late_exif.extend_from_slice(&u16::try_from(with_exif.len() + 2).unwrap().to_be_bytes());
    late_exif.extend_from_slice(&with_exif);
    progressive.extend_from_slice(&late_exif);
    progressive.extend_from_slice(b"\xFF\xDA\0\x08\x01\x01\0\0\x3F\0\x9a\xbc\xFF\xD9");
    let mut with_trailer = progressive.clone();
    with_trailer.extend_from_slice(b"ftypmp42 video van de tuin met geluid");
    let (image, kept) = stored(&app, "image/jpeg", with_trailer).await;
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(640), Some(480)));
    for gone in [b"Tweede scan".as_slice(), b"video", b"Exif", b"Telefoon"] {
        assert!(!contains(&kept, gone), "{:?} is still in the JPEG", String::from_utf8_lossy(gone));
    }
    assert!(contains(&kept, b"\x21\xFF\xD0") || contains(&kept, b"\xFF\xD0\x21"), "the restart marker stays");
    assert!(contains(&kept, b"\xFF\xC4\0\x05\x00\x01\x02") && kept.ends_with(b"\x9a\xbc\xFF\xD9"));

    // A JFIF header with a thumbnail (which can show what the photo was cropped from) keeps its header only.
    let mut jfif = jpeg_with(64, 48, &[]);
    let thumbnail = b"JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01DUH";
    jfif.splice(2..20, [&[0xFF, 0xE0, 0, 19][..], thumbnail].concat());
    let (_, kept) = stored(&app, "image/jpeg", jfif).await;
    assert_eq!(&kept[..20], b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    assert!(!contains(&kept, b"DUH"));
    // Cut off inside its image data: refused, as a damaged file.
    let reply = upload(&app, "image/jpeg", progressive[..progressive.len() - 4].to_vec(), Some(TOKEN)).await;
    assert_eq!(reply.problem(422)["invalidParams"][0]["name"], "file");

    // An upright photo keeps no EXIF at all.
    let mut upright = b"Exif\0\0".to_vec();
    upright.extend(exif(1));
    let (_, kept) = stored(&app, "image/jpeg", jpeg_with(64, 48, &[(0xE1, &upright)])).await;
    assert!(!contains(&kept, b"Exif"));

    // PNG: text chunks and the time go, an eXIf chunk keeps the orientation only.
    let png = png_with(
        300,
        200,
        &[
            (b"tEXt", b"Author\0Jan Jansen"),
            (b"iTXt", b"Comment\0\0\0\0\0Tuin"),
            (b"tIME", b"\x07\xea\x0c\x01\x0a\0\0"),
            (b"eXIf", &exif(8)),
            (b"sRGB", b"\0"),
            (b"caBX", b"c2pa Jan Jansen"),
            (b"prVt", b"Telefoon"),
        ],
    );
    let (image, kept) = stored(&app, "image/png", png).await;
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(200), Some(300)));
    for gone in [b"Jan Jansen".as_slice(), b"Tuin", b"tIME", b"Telefoon", b"caBX", b"prVt"] {
        assert!(!contains(&kept, gone), "{:?} is still in the PNG", String::from_utf8_lossy(gone));
    }
    assert!(contains(&kept, b"sRGB") && contains(&kept, b"eXIf"));
    let read = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&kept)).unwrap();
    assert_eq!(read.get_field(exif::Tag::Orientation, exif::In::PRIMARY).unwrap().value.get_uint(0), Some(8));

    // An eXIf chunk after the image data is one browsers do not apply: gone, and the size is not turned.
    let late = png_with(300, 200, &[]);
    let iend = late.len() - 12;
    let exif_chunk = PngChunk::new(*b"eXIf", Bytes::from(exif(6))).encoder().bytes();
    let late = [&late[..iend], &exif_chunk[..], &late[iend..]].concat();
    let (image, kept) = stored(&app, "image/png", late).await;
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(300), Some(200)));
    assert!(!contains(&kept, b"eXIf"));

    // WebP: EXIF (browsers do not turn a WebP by it), XMP, C2PA and unknown chunks go with their flags; alpha
    // and the colour profile stay.
    let extra: [(&[u8; 4], &[u8]); 4] =
        [(b"ICCP", b"kleurprofiel"), (b"EXIF", &exif(6)), (b"XMP ", xmp), (b"C2PA", b"Jan Jansen")];
    let (image, kept) = stored(&app, "image/webp", webp_with(320, 240, 0x20 | 0x10 | 0x08 | 0x04, &extra)).await;
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(320), Some(240)));
    for gone in [b"XMP ".as_slice(), b"EXIF", b"C2PA", b"Jan Jansen", b"Telefoon"] {
        assert!(!contains(&kept, gone), "{:?} is still in the WebP", String::from_utf8_lossy(gone));
    }
    assert!(contains(&kept, b"kleurprofiel"));
    assert_eq!(kept[20], 0x30, "VP8X flags: the colour profile and alpha");
    assert_eq!(u32::from_le_bytes(kept[4..8].try_into().unwrap()) as usize, kept.len() - 8, "the RIFF size fits");
}

#[tokio::test]
async fn feedback_comes_after_the_close_and_shows_with_the_poll() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    let feedback = json!({"feedback": "De gemeenteraad koos het park.\nDe speeltuin komt er in mei."});
    let early = app.admin(Method::PUT, "/v1/admin/polls/speeltuin/feedback", Some(&feedback)).await.problem(409);
    assert_eq!(early["type"], "urn:inspraak:problem:invalid-transition");
    app.admin(Method::POST, "/v1/admin/polls/speeltuin/close", None).await;
    let set = app.admin(Method::PUT, "/v1/admin/polls/speeltuin/feedback", Some(&feedback)).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert!(set.header("etag").is_some());
    assert_eq!(app.get("/v1/polls/speeltuin").await.json()["feedback"], feedback["feedback"]);
    // Written in a second tab on the version before: told, not overwritten (as a poll's own PUT).
    let read_before =
        app.admin(Method::GET, "/v1/admin/polls/speeltuin", None).await.header("etag").unwrap().to_owned();
    let auth = format!("Bearer {TOKEN}");
    let put = async |tag: &str, body: &serde_json::Value| {
        let headers = [("authorization", auth.as_str()), ("content-type", "application/json"), ("if-match", tag)];
        app.send(Method::PUT, "/v1/admin/polls/speeltuin/feedback", &headers, Some(&body.to_string())).await
    };
    let newer = json!({"feedback": "De speeltuin komt er in juni."});
    assert_eq!(put(&read_before, &newer).await.status, StatusCode::OK);
    let stale = put(&read_before, &json!({"feedback": "Oud"})).await.problem(412);
    assert_eq!(stale["type"], "urn:inspraak:problem:precondition-failed");
    assert_eq!(app.get("/v1/polls/speeltuin").await.json()["feedback"], newer["feedback"]);

    let long = json!({"feedback": "x".repeat(4001)});
    let fields = app.admin(Method::PUT, "/v1/admin/polls/speeltuin/feedback", Some(&long)).await.invalid_fields();
    assert_eq!(fields, [("feedback".to_owned(), "too_long".to_owned())]);
    // Replacing the poll keeps its feedback; an empty text removes it.
    let mut poll = app.admin(Method::GET, "/v1/admin/polls/speeltuin", None).await.json();
    // Closed at once after it opened: its window is that one moment, which a replace would refuse.
    poll.as_object_mut().unwrap().remove("opens_at");
    let kept = app.admin(Method::PUT, "/v1/admin/polls/speeltuin", Some(&poll)).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text);
    let kept = kept.json();
    assert_eq!(kept["feedback"], "De speeltuin komt er in juni.");
    app.admin(Method::PUT, "/v1/admin/polls/speeltuin/feedback", Some(&json!({"feedback": "  "}))).await;
    assert!(app.get("/v1/polls/speeltuin").await.json().get("feedback").is_none());
    app.admin(Method::PUT, "/v1/admin/polls/onbekend/feedback", Some(&feedback)).await.problem(404);
}

#[tokio::test]
async fn images_no_poll_uses_are_deleted_after_a_week() {
    let app = TestApp::new().await;
    let (used, _) = stored(&app, "image/png", png(64, 48)).await;
    let (unused, _) = stored(&app, "image/png", png(48, 64)).await;
    app.create_poll(
        "met-beeld",
        json!({"options": [{"id": "park", "label": "Park", "image": {"url": used["url"], "alt": "Het park"}},
                           {"id": "plein", "label": "Plein"}]}),
    )
    .await;
    let purge = async |days: i64| {
        let mut conn = app.db.writer().await.unwrap();
        let now = inspraak_server::clock::now() + days * 86_400;
        inspraak_server::polls::store::purge_unused_images(&mut conn, now).await.unwrap()
    };
    assert_eq!(purge(6).await, 0, "a week to put an upload in a poll");
    assert_eq!(purge(8).await, 1, "after it, the image no option names");
    let served = |image: &serde_json::Value| format!("/v1/{}", image["url"].as_str().unwrap());
    assert_eq!(app.get(&served(&used)).await.status, StatusCode::OK);
    app.get(&served(&unused)).await.problem(404);
    // The poll's image stays as long as an option names it.
    assert_eq!(purge(30).await, 0);
    assert_eq!(app.get(&served(&used)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_image_an_option_stops_showing_is_kept_a_week_from_then() {
    let app = TestApp::new().await;
    let (image, _) = stored(&app, "image/png", png(64, 48)).await;
    let options = json!([{"id": "park", "label": "Park", "image": {"url": image["url"], "alt": "Het park"}},
                         {"id": "plein", "label": "Plein"}]);
    let poll = app.create_poll("met-beeld", json!({"options": options})).await;
    // Shown for a month: the upload is long past.
    sqlx::query("UPDATE poll_images SET created_at = created_at - 30 * 86400").execute(&app.db.write).await.unwrap();
    let mut without = poll.clone();
    without.as_object_mut().unwrap().remove("status");
    without["options"][0].as_object_mut().unwrap().remove("image");
    let saved = app.admin(Method::PUT, "/v1/admin/polls/met-beeld", Some(&without)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let purge = async |days: i64| {
        let mut conn = app.db.writer().await.unwrap();
        let now = inspraak_server::clock::now() + days * 86_400;
        inspraak_server::polls::store::purge_unused_images(&mut conn, now).await.unwrap()
    };
    assert_eq!(purge(0).await, 0, "a week from when the option stopped showing it, to put it back");
    assert_eq!(purge(8).await, 1);
}
