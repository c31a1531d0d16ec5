//! The public progress route: what a badge shows.

use axum::{
    Json,
    extract::{Path, State},
};
use inspraak_api::{MunicipalityProgress, Problem};

use super::store;
use crate::{AppState, problem::ApiResult};

/// A municipality's status on the seven subgoals, each with its previous measurement.
#[utoipa::path(get, path = "/v1/progress/{municipality}", tag = "progress",
    params(("municipality" = String, Path, description = "The municipality id, e.g. `voorbeeld`")),
    responses(
        (status = 200, description = "The progress on all seven subgoals", body = MunicipalityProgress),
        (status = 404, description = "No such municipality", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_progress(
    State(state): State<AppState>,
    Path(municipality): Path<String>,
) -> ApiResult<Json<MunicipalityProgress>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::get_progress(&mut conn, &municipality).await?))
}
