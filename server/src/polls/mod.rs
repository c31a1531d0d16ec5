//! Polls: the public routes a widget uses to show a poll and vote, and the admin routes to run one.

pub mod admin;
pub mod image_metadata;
pub mod images;
pub mod public;
pub mod store;
pub mod writer;

use crate::routes::{Guard, Routes};

/// `/v1/polls/…`: reading polls, voting and results. Votes are limited per address.
pub fn routes() -> Routes {
    Routes::public()
        .get("/polls/{id}", public::get_poll, Guard::NONE)
        .post("/polls/{id}/votes", public::cast_vote, Guard::JSON.per_address())
        .get("/polls/{id}/results", public::get_results, Guard::NONE)
        .get("/poll-images/{hash}", images::get_image, Guard::NONE)
}

/// `/v1/admin/polls/…`: creating, changing, closing and exporting polls, and making voting codes.
pub fn admin_routes() -> Routes {
    Routes::admin_for(inspraak_api::AccountRole::EDITORS)
        .get("/polls", admin::list_polls, Guard::NONE)
        .post("/polls", admin::create_poll, Guard::JSON)
        .get("/polls/{id}", admin::get_poll, Guard::NONE)
        .put("/polls/{id}", admin::replace_poll, Guard::JSON)
        .post("/polls/{id}/close", admin::close_poll, Guard::NONE)
        .get("/polls/{id}/codes", admin::code_counts, Guard::NONE)
        .post("/polls/{id}/codes", admin::create_codes, Guard::JSON)
        .get("/polls/{id}/results", admin::get_results, Guard::NONE)
        .get("/polls/{id}/results.csv", admin::export_results_csv, Guard::NONE)
        .put("/polls/{id}/feedback", admin::set_feedback, Guard::JSON)
        .post("/poll-images", images::upload_image, Guard::file(&inspraak_api::poll::IMAGE_CONTENT_TYPES))
}
