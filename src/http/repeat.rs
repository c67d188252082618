//! `POST /events/{id}/copy`: "same again", a new event like one the caller can see, its slots
//! moved by some days (see `domain::repeat`).

use super::error::{ApiResult, ErrorBody};
use super::events::{CreatedEvent, insert_new, stored_event};
use super::extract::{AppJson, AuthUser, PathId};
use super::state::AppState;
use crate::actors::event_actor::now;
use crate::domain::event::Organizer;
use crate::domain::ids::new_event_id;
use crate::domain::repeat::{self, DEFAULT_SHIFT_DAYS};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /events/{id}/copy` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CopyRequest {
    /// Days to move every slot (and the grid) by, on the event's own calendar: 7 (the default)
    /// is "same again next week", negative moves back.
    #[serde(default)]
    #[schema(minimum = -366, maximum = 366, default = 7, example = 7)]
    pub shift_days: Option<i64>,
}

/// Same again.
///
/// A new event organised by the caller, like one they can see: the same title, description,
/// zone, visibility, places and settings, the slots (or grid) moved by `shiftDays` (default 7),
/// no participants, not finalised. It is checked like `POST /events`: a move that leaves no slot
/// in the future is a 400 on `shiftDays`.
#[utoipa::path(post, path = "/api/v1/events/{id}/copy", tag = "events", request_body = CopyRequest,
    security(("bearer" = [])), params(("id" = String, Path, description = "The event to copy")),
    responses((status = 201, body = CreatedEvent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn copy(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    PathId(id): PathId,
    AppJson(body): AppJson<CopyRequest>,
) -> ApiResult<(StatusCode, Json<CreatedEvent>)> {
    let source = stored_event(&state, &id).await?;
    let days = body.shift_days.unwrap_or(DEFAULT_SHIFT_DAYS);
    let organizer = Organizer::account(user.id, user.name);
    let meta = repeat::again(&source.meta, days, new_event_id(), organizer, now())?;
    let event = insert_new(&state, meta).await?;
    Ok((StatusCode::CREATED, Json(CreatedEvent { event, organizer_token: None })))
}
