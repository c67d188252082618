//! Routes only replicas call (HAProxy refuses `/internal/` from outside, and each request must
//! carry the replicas' shared token). Not part of the public API document.

use super::error::{ApiError, ApiResult};
use super::state::AppState;
use crate::cluster::{ForwardedAnswers, INTERNAL_HEADER};
use crate::domain::command::Command;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

/// A socket's answers, forwarded by the replica the socket is connected to.
pub async fn answers(
    State(state): State<AppState>,
    Path(event_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let trusted = match (&state.cluster, headers.get(INTERNAL_HEADER)) {
        (Some(cluster), Some(token)) => cluster.is_internal(token.as_bytes()),
        _ => false,
    };
    if !trusted {
        return Err(ApiError::forbidden("replicas only"));
    }
    let forwarded: ForwardedAnswers =
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("unreadable forwarded answers: {e}")))?;
    let command = Command::Answer { participant_id: forwarded.participant_id, cells: forwarded.cells };
    let reply = state.registry.command(&event_id, command, forwarded.caller).await?;
    Ok(Json(json!({ "version": reply.version })))
}
