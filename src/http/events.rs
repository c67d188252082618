//! `/events`: create, read, edit and delete (the listing is `search`).

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, MaybeUser, PathId};
use super::state::AppState;
use crate::actors::event_actor::now;
use crate::auth::{event_token, token_hash};
use crate::domain::command::{Caller, Command};
use crate::domain::event::{EventMeta, EventState, Organizer};
use crate::domain::ids::{new_entity_id, new_event_id};
use crate::domain::input::NewEvent;
use crate::domain::patch::EventPatch;
use crate::domain::view::EventView;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// A new event, and for an event made without an account the secret that runs it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedEvent {
    /// The event.
    #[serde(flatten)]
    pub event: EventView,
    /// Only when created without an account: send as `X-Organizer-Token` for every organiser
    /// action. Shown once and stored hashed; signing up with it in `organizerTokens` moves the
    /// event to the account (and retires the token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizer_token: Option<String>,
}

/// Create an event. A signed-in caller becomes its organiser; without a token the event gets a
/// guest organiser and the response carries its `organizerToken`.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = NewEvent, security((), ("bearer" = [])),
    responses((status = 201, body = CreatedEvent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    AppJson(body): AppJson<NewEvent>,
) -> ApiResult<(StatusCode, Json<CreatedEvent>)> {
    let id = new_event_id();
    let (organizer, organizer_token) = match user {
        Some(user) => (Organizer::account(user.id, user.name), None),
        None => (body.guest_organizer(new_entity_id())?, Some(event_token(&id))),
    };
    let mut meta = body.into_meta(id, organizer, now())?;
    meta.organizer_token_hash = organizer_token.as_deref().map(token_hash);
    let event = insert_new(&state, meta).await?;
    Ok((StatusCode::CREATED, Json(CreatedEvent { event, organizer_token })))
}

/// Stores a new event (made or copied) and returns its view.
pub async fn insert_new(state: &AppState, meta: EventMeta) -> ApiResult<EventView> {
    state.store.insert_event(&meta).await?;
    metrics::counter!("prost_events_created_total").increment(1);
    Ok(EventView::of(&EventState::assemble(meta, Vec::new(), Vec::new())))
}

/// The event as stored (which holds every acknowledged change), or 404.
pub async fn stored_event(state: &AppState, id: &str) -> ApiResult<EventState> {
    state.store.load_event(id).await?.ok_or_else(|| crate::actors::RegistryError::NotFound.into())
}

/// The event, for an organiser-only read or side effect that is not a command: 401 without
/// organiser credentials, 404 when there is no such event, 403 for anyone but its organiser.
pub async fn organised_event(state: &AppState, caller: &Caller, id: &str, action: &str) -> ApiResult<EventState> {
    require_organizer_credentials(caller)?;
    let event = stored_event(state, id).await?;
    if caller.is_organizer(&event) {
        Ok(event)
    } else {
        Err(ApiError::forbidden(format!("only the organiser can {action}")))
    }
}

/// Read an event with its tally. Anyone who has the id may read it.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, _user: MaybeUser, PathId(id): PathId) -> ApiResult<Response> {
    let view = state.registry.view(&id).await?;
    // Encoded once per version: the same bytes answer every reader of it and, with replicas,
    // fill the shared cache, where the next reader on any replica finds them (a newer change
    // wins over this fill).
    let body = view.json();
    if let Some(cluster) = state.cluster.clone() {
        let (fill, version) = (body.clone(), view.version);
        tokio::spawn(async move { cluster.fill_view(&id, version, fill).await });
    }
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Edit an event (organiser only).
#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "events", request_body = EventPatch, security(("bearer" = []), ("organizerToken" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<EventPatch>,
) -> ApiResult<Json<Arc<EventView>>> {
    event_command(&state, &id, Command::Patch(Box::new(body)), caller).await
}

/// Delete an event (organiser only).
#[utoipa::path(delete, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = []), ("organizerToken" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn delete(State(state): State<AppState>, caller: Caller, PathId(id): PathId) -> ApiResult<StatusCode> {
    require_organizer_credentials(&caller)?;
    state.registry.command(&id, Command::Delete, caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Organiser-only operations need an account or an organiser token; saying so before looking
/// the event up also means a caller without either learns nothing about which ids exist.
pub fn require_organizer_credentials(caller: &Caller) -> ApiResult<()> {
    if caller.may_organize() {
        Ok(())
    } else {
        Err(ApiError::unauthenticated("sign in as the organiser, or send the event's X-Organizer-Token"))
    }
}

/// Runs a command whose answer is the whole event.
pub async fn event_command(
    state: &AppState,
    id: &str,
    command: Command,
    caller: Caller,
) -> ApiResult<Json<Arc<EventView>>> {
    if command.needs_organizer() {
        require_organizer_credentials(&caller)?;
    }
    let reply = state.registry.command(id, command, caller).await?;
    match reply.view {
        Some(view) => Ok(Json(view)),
        None => Ok(Json(state.registry.view(id).await?)),
    }
}
