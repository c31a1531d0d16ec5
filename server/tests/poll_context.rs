//! Poll context (issue 17): what happens with the result, who may vote, the feedback after the close, and options
//! with a description, a link and an uploaded image, on the real router and a real SQLite file.

mod common;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use common::{Reply, TOKEN, TestApp, voter};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// A PNG header of `width` × `height` pixels (the server reads the size from it; it decodes nothing else).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
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
    let mut large = png(4000, 3000);
    large.resize(2 * 1024 * 1024 + 1, 0);
    file_problem(&upload(&app, "image/png", large, Some(TOKEN)).await, 413, "too_large");
    upload(&app, "image/png", png(1, 1), None).await.problem(401);
    assert_eq!(app.count("SELECT COUNT(*) FROM poll_images").await, 0);

    // JPEG (a start of frame after an APP0 segment) and WebP (VP8X) are read too; the same bytes are kept once.
    let jpeg = b"\xFF\xD8\xFF\xE0\0\x04ab\xFF\xC0\0\x11\x08\x01\xE0\x02\x80".to_vec();
    let first = upload(&app, "image/jpeg", jpeg.clone(), Some(TOKEN)).await.json();
    assert_eq!(
        (first["content_type"].as_str(), first["width"].as_u64(), first["height"].as_u64()),
        (Some("image/jpeg"), Some(640), Some(480))
    );
    assert_eq!(upload(&app, "image/jpg", jpeg.clone(), Some(TOKEN)).await.json(), first);
    let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
    webp.extend_from_slice(&[0x7f, 0x02, 0, 0xdf, 0x01, 0]);
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
    assert!(
        served.header("content-security-policy").is_some_and(|p| p.contains("default-src 'none'")),
        "{:?}",
        served.headers
    );
    assert_eq!(served.header("cross-origin-resource-policy"), Some("cross-origin"));
    app.get(&format!("/v1/poll-images/{}", "0".repeat(64))).await.problem(404);
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
    assert_eq!(kept["feedback"], feedback["feedback"]);
    app.admin(Method::PUT, "/v1/admin/polls/speeltuin/feedback", Some(&json!({"feedback": "  "}))).await;
    assert!(app.get("/v1/polls/speeltuin").await.json().get("feedback").is_none());
    app.admin(Method::PUT, "/v1/admin/polls/onbekend/feedback", Some(&feedback)).await.problem(404);
}
