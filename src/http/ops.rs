//! Health, readiness, metrics and the OpenAPI document.

use super::error::{ApiError, ApiResult};
use super::openapi::document;
use super::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: the database answers, and Redis too when replicas coordinate through it.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready"), (status = 503, body = super::error::ErrorBody, description = "A dependency is down")))]
pub async fn readyz(State(state): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
    state.store.ping().await.map_err(|e| ApiError::unavailable(format!("database: {e}")))?;
    let mut ready = json!({"status": "ready", "database": "ok"});
    if let Some(cluster) = &state.cluster {
        cluster.ping().await.map_err(|e| ApiError::unavailable(format!("redis: {e}")))?;
        ready["redis"] = json!("ok");
        ready["replica"] = json!(cluster.me.id);
    }
    // Reported, never fatal: without Telegram, votes and plans still work, and the outbox
    // keeps the messages until it is back.
    if let Some(telegram) = &state.telegram {
        ready["telegram"] = json!(if telegram.is_reachable() { "ok" } else { "unreachable" });
    }
    Ok(Json(ready))
}

/// Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, content_type = "text/plain", body = String, description = "Prometheus metrics")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    metrics::gauge!("prost_event_actors_alive").set(state.registry.alive() as f64);
    let mut response = crate::telemetry::metrics().render().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
    response
}

/// The OpenAPI document as JSON.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, content_type = "application/json", body = Object, description = "This document")))]
pub async fn openapi_json() -> Json<serde_json::Value> {
    Json(document())
}

/// The OpenAPI document as YAML.
#[utoipa::path(get, path = "/api/openapi.yaml", tag = "operations",
    responses((status = 200, content_type = "application/yaml", description = "This document")))]
pub async fn openapi_yaml() -> ApiResult<Response> {
    let yaml = serde_norway::to_string(&document()).map_err(|e| ApiError::internal(e.to_string()))?;
    let mut response = yaml.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/yaml"));
    Ok(response)
}
