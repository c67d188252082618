//! Routes only replicas call (HAProxy refuses `/internal/` from outside, and each request must
//! carry the replicas' shared token). Not part of the public API document.

use super::error::{ApiError, ApiResult};
use super::state::AppState;
use crate::cluster::{ForwardedAnswers, ForwardedCard, INTERNAL_HEADER};
use crate::domain::command::Command;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

/// Refuses anyone but another replica presenting the shared token.
fn require_replica(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let trusted = match (&state.cluster, headers.get(INTERNAL_HEADER)) {
        (Some(cluster), Some(token)) => cluster.is_internal(token.as_bytes()),
        _ => false,
    };
    if trusted { Ok(()) } else { Err(ApiError::forbidden("replicas only")) }
}

/// A socket's answers, forwarded by the replica the socket is connected to.
pub async fn answers(
    State(state): State<AppState>,
    Path(event_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    require_replica(&state, &headers)?;
    let forwarded: ForwardedAnswers =
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("unreadable forwarded answers: {e}")))?;
    let command = Command::Answer { participant_id: forwarded.participant_id, cells: forwarded.cells };
    let reply = state.registry.command(&event_id, command, forwarded.caller).await?;
    Ok(Json(json!({ "version": reply.version })))
}

/// A group-card change for an event this replica owns, sent by the replica that runs the bot.
pub async fn cards(
    State(state): State<AppState>,
    Path(event_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    require_replica(&state, &headers)?;
    let forwarded: ForwardedCard =
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("unreadable forwarded card: {e}")))?;
    let reply = state.registry.command(&event_id, forwarded.into_command(), Default::default()).await?;
    Ok(Json(json!({ "version": reply.version })))
}
