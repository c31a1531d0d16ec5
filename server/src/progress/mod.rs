//! Progress on the seven subgoals: the public status a badge shows, and the back office's measurements.

pub mod admin;
pub mod public;
pub mod store;

use crate::routes::{Guard, Routes};

/// `/v1/progress/…`: where a municipality stands.
pub fn routes() -> Routes {
    Routes::public().get("/progress/{municipality}", public::get_progress, Guard::NONE)
}

/// `/v1/admin/progress/…`: recording measurements and exporting their history.
pub fn admin_routes() -> Routes {
    Routes::admin_for(inspraak_api::AccountRole::EDITORS)
        .get("/progress", admin::list_municipalities, Guard::NONE)
        .post("/progress/{municipality}/measurements", admin::record, Guard::JSON)
        .get("/progress/{municipality}/history", admin::history, Guard::NONE)
        .get("/progress/{municipality}/history.csv", admin::history_csv, Guard::NONE)
}
