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

/// Reads a body only another replica, presenting the shared token, may send.
fn from_replica<T: serde::de::DeserializeOwned>(state: &AppState, headers: &HeaderMap, body: &[u8]) -> ApiResult<T> {
    let trusted = match (&state.cluster, headers.get(INTERNAL_HEADER)) {
        (Some(cluster), Some(token)) => cluster.is_internal(token.as_bytes()),
        _ => false,
    };
    if !trusted {
        return Err(ApiError::forbidden("replicas only"));
    }
    serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("unreadable forwarded request: {e}")))
}

/// A socket's answers, forwarded by the replica the socket is connected to.
pub async fn answers(
    State(state): State<AppState>,
    Path(event_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let forwarded: ForwardedAnswers = from_replica(&state, &headers, &body)?;
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
    let forwarded: ForwardedCard = from_replica(&state, &headers, &body)?;
    let reply = state.registry.command(&event_id, forwarded.into_command(), Default::default()).await?;
    Ok(Json(json!({ "version": reply.version })))
}
