//! What participants add besides answers: places and comments.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, PathId};
use super::state::AppState;
use crate::domain::command::{Caller, Command};
use crate::domain::event::{Comment, Place};
use crate::domain::ids::new_entity_id;
use crate::domain::input::NewPlace;
use crate::domain::plan::Outcome;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// Add a place (the organiser, or any participant when `participantsCanAddPlaces`).
///
/// 409 once the plan is final; past the deadline only the organiser may still add one.
#[utoipa::path(post, path = "/api/v1/events/{id}/places", tag = "places", request_body = NewPlace,
    params(("id" = String, Path, description = "Event id"),
           ("X-Participant-Token" = Option<String>, Header, description = "A guest's participant token"),
           ("X-Organizer-Token" = Option<String>, Header, description = "The organiser token of an event made without an account")),
    responses((status = 201, body = Place), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn add_place(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<NewPlace>,
) -> ApiResult<(StatusCode, Json<Place>)> {
    match state.registry.command(&id, Command::AddPlace(body), caller).await?.outcome {
        Outcome::Place(place) => Ok((StatusCode::CREATED, Json(place))),
        other => Err(ApiError::internal(format!("add place answered {other:?}"))),
    }
}

/// `POST /events/{id}/comments` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewComment {
    /// The comment.
    #[schema(example = "I'll bring the pretzels")]
    pub text: String,
}

/// Comment on an event (a participant, or the organiser).
#[utoipa::path(post, path = "/api/v1/events/{id}/comments", tag = "comments", request_body = NewComment,
    params(("id" = String, Path, description = "Event id"),
           ("X-Participant-Token" = Option<String>, Header, description = "A guest's participant token"),
           ("X-Organizer-Token" = Option<String>, Header, description = "The organiser token of an event made without an account")),
    responses((status = 201, body = Comment), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn comment(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<NewComment>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    let command = Command::Comment { comment_id: new_entity_id(), text: body.text };
    match state.registry.command(&id, command, caller).await?.outcome {
        Outcome::Comment(comment) => Ok((StatusCode::CREATED, Json(comment))),
        other => Err(ApiError::internal(format!("comment answered {other:?}"))),
    }
}
