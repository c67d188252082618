//! Locking the plan, unlocking it, and the calendar file of a locked plan.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::events::event_command;
use super::extract::{AppJson, PathId};
use super::state::AppState;
use crate::domain::command::{Caller, Command};
use crate::domain::event::Status;
use crate::domain::ics::{IcsEvent, calendar as ics_calendar};
use crate::domain::maplink::LatLng;
use crate::domain::view::EventView;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// `POST /events/{id}/finalize` body: `slotIds` (a run of back-to-back slots, as `tally.plans`
/// lists them) or the single `slotId`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeRequest {
    /// One chosen slot. With `slotIds` it must be one of them.
    #[serde(default)]
    pub slot_id: Option<String>,
    /// The chosen run of back-to-back slots, in any order; the plan runs from the first one's
    /// start to the last one's end.
    #[serde(default)]
    #[schema(max_items = 2000)]
    pub slot_ids: Option<Vec<String>>,
    /// The chosen place (required when the event has places).
    #[serde(default)]
    pub place_id: Option<String>,
}

/// Lock the plan: a run of slots and one place (organiser only).
///
/// A final plan freezes the vote: until the organiser reopens the event, answers (REST and
/// live), new places and finalising again are 409 `conflict`. Joining and commenting stay
/// open, so a latecomer still sees the plan and gets the reminder.
#[utoipa::path(post, path = "/api/v1/events/{id}/finalize", tag = "events", request_body = FinalizeRequest, security(("bearer" = []), ("organizerToken" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "Already final: reopen first")))]
pub async fn finalize(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<FinalizeRequest>,
) -> ApiResult<Json<Arc<EventView>>> {
    let command = Command::Finalize { slot_id: body.slot_id, slot_ids: body.slot_ids, place_id: body.place_id };
    event_command(&state, &id, command, caller).await
}

/// Unlock the plan again (organiser only).
#[utoipa::path(post, path = "/api/v1/events/{id}/reopen", tag = "events", security(("bearer" = []), ("organizerToken" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "Not finalised")))]
pub async fn reopen(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<Json<Arc<EventView>>> {
    event_command(&state, &id, Command::Reopen, caller).await
}

/// The finalised plan as an RFC 5545 calendar file.
#[utoipa::path(get, path = "/api/v1/events/{id}/calendar.ics", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/calendar", body = String, description = "The plan as iCalendar"),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "Not finalised yet")))]
pub async fn calendar(State(state): State<AppState>, PathId(id): PathId) -> ApiResult<Response> {
    let view = state.registry.view(&id).await?;
    let plan = match (&view.final_plan, view.status) {
        (Some(plan), Status::Finalized) => plan,
        _ => return Err(ApiError::conflict("no plan yet: the organiser has not finalised this event")),
    };
    let location = plan.place.as_ref().map(|p| match &p.address {
        Some(address) => format!("{}, {address}", p.name),
        None => p.name.clone(),
    });
    let geo = plan.place.as_ref().and_then(|p| LatLng::new(p.lat?, p.lng?));
    let link = format!("{}/e/{}", state.public_url, view.id);
    let uid = format!("{}@prost", view.id);
    let text = ics_calendar(&IcsEvent {
        uid: &uid,
        title: &view.title,
        description: view.description.as_deref(),
        start: plan.start,
        end: plan.end,
        stamp: view.updated_at,
        location: location.as_deref(),
        geo,
        url: Some(&link),
    });
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"prost-{}.ics\"", view.id)) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}
