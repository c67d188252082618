//! `/events/{id}/participants`: join, answer, leave.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, PathId, PathIds};
use super::state::AppState;
use crate::auth::{event_token, token_hash};
use crate::domain::answer::Answers;
use crate::domain::command::{Caller, Command};
use crate::domain::ids::new_entity_id;
use crate::domain::plan::Outcome;
use crate::domain::view::ParticipantView;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /events/{id}/participants` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct JoinRequest {
    /// Display name. Signed-in callers may leave it out to use their account name.
    #[serde(default)]
    #[schema(example = "Anya")]
    pub name: Option<String>,
}

/// The participant, and for guests the secret that lets them edit it later.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JoinResponse {
    /// The participant.
    pub participant: ParticipantView,
    /// Send as `X-Participant-Token` to act as this guest; `null` for signed-in callers. Opaque
    /// (it starts with the event id); signing up with it in `participantTokens` keeps the answers.
    pub participant_token: Option<String>,
}

/// Join an event: signed-in callers once per event (again → the same participant, 200), guests
/// with just a name when the organiser allows guests.
#[utoipa::path(post, path = "/api/v1/events/{id}/participants", tag = "participants", request_body = JoinRequest,
    params(("id" = String, Path, description = "Event id")),
    responses((status = 201, body = JoinResponse, description = "Joined"), (status = 200, body = JoinResponse, description = "Already joined"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "Guests not allowed"),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn join(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<JoinRequest>,
) -> ApiResult<(StatusCode, Json<JoinResponse>)> {
    // A join is always a fresh identity for a guest, so a stray token header is ignored.
    let caller = Caller { token_hash: None, ..caller };
    let guest_token = caller.user.is_none().then(|| event_token(&id));
    let name = match (&body.name, &caller.user) {
        (Some(name), _) => name.clone(),
        (None, Some(user)) => user.name.clone(),
        (None, None) => String::new(),
    };
    let command =
        Command::Join { name, participant_id: new_entity_id(), token_hash: guest_token.as_deref().map(token_hash) };
    let reply = state.registry.command(&id, command, caller).await?;
    match reply.outcome {
        Outcome::Participant { participant, created } => {
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            let participant_token = if created { guest_token } else { None };
            Ok((status, Json(JoinResponse { participant: ParticipantView::from(&participant), participant_token })))
        }
        other => Err(ApiError::internal(format!("join answered {other:?}"))),
    }
}

/// Replace a participant's answers (their account, or their `X-Participant-Token`).
#[utoipa::path(put, path = "/api/v1/events/{id}/participants/{pid}/answers", tag = "participants", request_body = Answers,
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id"),
           ("X-Participant-Token" = Option<String>, Header, description = "A guest's participant token")),
    responses((status = 200, body = ParticipantView), (status = 400, body = ErrorBody, description = "Unknown slot or place ids"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "Finalised, or past the deadline")))]
pub async fn answers(
    State(state): State<AppState>,
    caller: Caller,
    PathIds(id, participant_id): PathIds,
    AppJson(answers): AppJson<Answers>,
) -> ApiResult<Json<ParticipantView>> {
    let reply = state.registry.command(&id, Command::ReplaceAnswers { participant_id, answers }, caller).await?;
    match reply.outcome {
        Outcome::Participant { participant, .. } => Ok(Json(ParticipantView::from(&participant))),
        other => Err(ApiError::internal(format!("answers answered {other:?}"))),
    }
}

/// Remove a participant and their answers (the organiser, or the participant themselves).
#[utoipa::path(delete, path = "/api/v1/events/{id}/participants/{pid}", tag = "participants",
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id"),
           ("X-Participant-Token" = Option<String>, Header, description = "A guest's participant token"),
           ("X-Organizer-Token" = Option<String>, Header, description = "The organiser token of an event made without an account")),
    responses((status = 204, description = "Removed"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    PathIds(id, participant_id): PathIds,
) -> ApiResult<StatusCode> {
    state.registry.command(&id, Command::RemoveParticipant { participant_id }, caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
