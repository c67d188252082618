//! The one place where failures become the API.md error shape:
//! `{"error": {"code", "message", "fields"?}}` with the matching status.

use crate::actors::{CommandError, RegistryError};
use crate::domain::DomainError;
use crate::persistence::StoreError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Machine-readable code.
    pub code: &'static str,
    /// Human text.
    pub message: String,
    /// Field problems.
    pub fields: BTreeMap<String, String>,
    /// Seconds to wait (`Retry-After`): for 429, and for 503 when load is shed.
    pub retry_after: Option<u64>,
}

/// The body of every error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid_argument`, `unauthenticated`, `permission_denied`, `not_found`, `conflict`,
    /// `payload_too_large`, `rate_limited`, `unavailable` or `internal`; and, beyond API.md's
    /// list, `method_not_allowed` (405) and `uri_too_long` (414).
    pub code: &'static str,
    /// Human text.
    pub message: String,
    /// Field path → problem.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), fields: BTreeMap::new(), retry_after: None }
    }
    /// An error of a status and code outside the usual constructors (405 `method_not_allowed`,
    /// 414 `uri_too_long`).
    pub fn new_with(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(status, code, message)
    }
    /// 400 `invalid_argument`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_argument", message)
    }
    /// 400 `invalid_argument` naming one field, whose problem is also the message.
    pub fn invalid_field(field: &str, message: &str) -> Self {
        ApiError { fields: [(field.to_string(), message.to_string())].into(), ..Self::invalid(message) }
    }
    /// 401 `unauthenticated`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }
    /// 403 `permission_denied`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "permission_denied", message)
    }
    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    /// 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }
    /// 413 `payload_too_large`.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
    }
    /// 429 `rate_limited` with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "slow down, the bar is crowded; try again shortly",
        );
        e.retry_after = Some(retry_after.max(1));
        e
    }
    /// 503 `unavailable` with `Retry-After`: too much expensive work at once.
    pub fn busy(retry_after: u64) -> Self {
        let mut e = Self::unavailable("the bar is packed right now; try again in a moment");
        e.retry_after = Some(retry_after.max(1));
        e
    }
    /// 503 `unavailable`: a dependency is down; retrying later may work.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }
    /// The same error, telling the client when to try again (`Retry-After`): what a server
    /// shedding load says, so clients back off instead of giving up.
    pub fn retry_in(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }
    /// 500 `internal`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// Rebuilds an error another replica sent (a forwarded command's refusal), keeping its code
    /// when it is one of ours.
    pub fn from_body(status: StatusCode, body: &[u8]) -> Self {
        #[derive(serde::Deserialize)]
        struct Wire {
            error: WireDetail,
        }
        #[derive(serde::Deserialize)]
        struct WireDetail {
            code: String,
            message: String,
            #[serde(default)]
            fields: BTreeMap<String, String>,
        }
        const CODES: [&str; 11] = [
            "invalid_argument",
            "unauthenticated",
            "permission_denied",
            "not_found",
            "conflict",
            "payload_too_large",
            "rate_limited",
            "unavailable",
            "internal",
            "method_not_allowed",
            "uri_too_long",
        ];
        match serde_json::from_slice::<Wire>(body) {
            Ok(wire) => {
                let code = CODES.iter().find(|c| **c == wire.error.code).copied().unwrap_or("internal");
                ApiError { fields: wire.error.fields, ..Self::new(status, code, wire.error.message) }
            }
            Err(_) => Self::unavailable("the replica that holds this event answered strangely; try again"),
        }
    }

    /// The body, for the WebSocket `error` message too.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: ErrorDetail { code: self.code, message: self.message.clone(), fields: self.fields.clone() } }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, message = %self.message, "request failed");
        }
        let mut response = (self.status, Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::InvalidArgument { message, fields } => ApiError { fields, ..ApiError::invalid(message) },
            DomainError::Unauthenticated(m) => ApiError::unauthenticated(m),
            DomainError::PermissionDenied(m) => ApiError::forbidden(m),
            DomainError::NotFound(m) => ApiError::not_found(m),
            DomainError::Conflict(m) => ApiError::conflict(m),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(what) => ApiError::conflict(format!("{what} is already taken")),
            StoreError::Unavailable(m) => ApiError::unavailable(format!("storage is not answering: {m}")),
            // Nothing was written: the event changed hands mid-command, and a retry lands on the
            // new owner.
            StoreError::Conflict { .. } => {
                ApiError::unavailable("this event just moved to another replica; try again in a moment")
            }
        }
    }
}

impl From<CommandError> for ApiError {
    fn from(e: CommandError) -> Self {
        match e {
            CommandError::Domain(d) => d.into(),
            CommandError::Store(s) => s.into(),
            // Shed load says when to come back, so clients retry instead of giving up.
            expired @ CommandError::Expired => ApiError::unavailable(expired.to_string()).retry_in(1),
            fast @ CommandError::TooFast(wait) => {
                ApiError { message: fast.to_string(), ..ApiError::rate_limited(wait) }
            }
        }
    }
}

impl From<RegistryError> for ApiError {
    fn from(e: RegistryError) -> Self {
        match e {
            RegistryError::NotFound => {
                ApiError::not_found("no such event: maybe it was deleted, or the link lost a letter")
            }
            RegistryError::Unavailable(m) => ApiError::unavailable(m),
            RegistryError::Command(c) => c.into(),
            RegistryError::Elsewhere(_) => {
                ApiError::unavailable("this event just moved to another replica; try again in a moment")
            }
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::internal(format!("{e:#}"))
    }
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<crate::auth::hashing::HashingError> for ApiError {
    fn from(error: crate::auth::hashing::HashingError) -> Self {
        match error {
            crate::auth::hashing::HashingError::Busy => ApiError::busy(crate::auth::hashing::RETRY_AFTER_SECS),
            crate::auth::hashing::HashingError::Failed(e) => ApiError::internal(e),
        }
    }
}
