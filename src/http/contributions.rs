//! What participants add besides answers: places and comments.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, AppQuery, PathId};
use super::state::AppState;
use crate::domain::command::{Caller, Command};
use crate::domain::event::{Comment, Place};
use crate::domain::ids::new_entity_id;
use crate::domain::input::NewPlace;
use crate::domain::plan::Outcome;
use crate::persistence::CommentCursor;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

/// `GET /events/{id}/comments` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentsQuery {
    /// `nextCursor` of the previous page (or of the event's `comments`): continue with older ones.
    pub before: Option<String>,
    /// Page size, 1–100 (default 50); blank means the default.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// A page of an event's comments.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommentPage {
    /// Comments, oldest first, all older than the cursor the page was asked with.
    pub items: Vec<Comment>,
    /// Pass as `before` for the comments before these; `null` when there are none.
    pub next_cursor: Option<String>,
}

/// Page back through an event's comments, newest pages first. The event's own `comments` holds
/// the latest ones; a client asks for older ones here. Anyone who has the id may read them.
#[utoipa::path(get, path = "/api/v1/events/{id}/comments", tag = "comments",
    params(("id" = String, Path, description = "Event id"), CommentsQuery),
    responses((status = 200, body = CommentPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_comments(
    State(state): State<AppState>,
    PathId(id): PathId,
    AppQuery(query): AppQuery<CommentsQuery>,
) -> ApiResult<Json<CommentPage>> {
    let limit = match query.limit.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        None => 50,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| ApiError::invalid_field("limit", "must be 1–100"))?,
    };
    let before = match query.before.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => Some(
            CommentCursor::decode(text)
                .ok_or_else(|| ApiError::invalid_field("before", "is not a cursor we issued"))?,
        ),
    };
    // The event must exist (and its actor knows): an unknown id is a 404, not an empty page.
    state.registry.view(&id).await?;
    let mut page = state.store.comments_before(&id, before.as_ref(), limit + 1).await?;
    let more = page.len() > limit;
    page.truncate(limit);
    let next_cursor = page.last().filter(|_| more).map(|c| CommentCursor::of(c).encode());
    page.reverse();
    Ok(Json(CommentPage { items: page, next_cursor }))
}
