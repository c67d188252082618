//! Extractors that turn every rejection into the API.md error shape: JSON bodies, query
//! strings, path ids, the bearer token and the participant token.

use super::error::ApiError;
use super::state::AppState;
use crate::auth::{event_of_token, token_hash};
use crate::domain::command::{Caller, CallerUser};
use crate::domain::ids::looks_like_id;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Path, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use bytes::Bytes;
use serde::de::DeserializeOwned;

/// A JSON object body whose rejections are ours: 400 for a wrong content type, bad JSON, a body
/// that is not an object, wrong types, missing fields or unknown enum values; 413 for bodies
/// over the limit.
pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .is_some_and(|mime| mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json"));
        if !is_json {
            return Err(ApiError::invalid("send the body as JSON (Content-Type: application/json)"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::too_large("that is more than 1 MiB; pour a smaller glass")
            } else {
                ApiError::invalid(rejection.body_text())
            }
        })?;
        // serde would happily read a struct from a JSON array; every body of ours is an object.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError::invalid("the body must be a JSON object"));
        }
        serde_json::from_slice(&bytes).map(AppJson).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => ApiError::invalid(format!("invalid request body: {e}")),
            _ => ApiError::invalid(format!("malformed JSON: {e}")),
        })
    }
}

/// Query parameters with our rejection.
pub struct AppQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for AppQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| AppQuery(q.0))
            .map_err(|e: QueryRejection| ApiError::invalid(format!("invalid query: {}", e.body_text())))
    }
}

/// An id from the path; anything that could not be an id we issued is a 404 straight away.
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(id) =
            Path::<String>::from_request_parts(parts, state).await.map_err(|_| ApiError::not_found("no such thing"))?;
        if looks_like_id(&id) { Ok(PathId(id)) } else { Err(ApiError::not_found("no such event")) }
    }
}

/// Two ids from the path (`/events/{id}/participants/{pid}`).
pub struct PathIds(pub String, pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path((a, b)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("no such thing"))?;
        if looks_like_id(&a) && looks_like_id(&b) {
            Ok(PathIds(a, b))
        } else {
            Err(ApiError::not_found("no such thing"))
        }
    }
}

/// The signed-in user; 401 when the bearer token is missing or invalid.
#[derive(Debug, Clone)]
pub struct AuthUser(pub CallerUser);

/// The signed-in user if a bearer token is sent. A token that is sent but invalid is still a
/// 401: silently treating a forged token as "anonymous" would hide mistakes.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CallerUser>);

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| ApiError::unauthenticated("malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::unauthenticated("use Authorization: Bearer <access token>")),
    }
}

/// Checks an access token and returns the user it names.
pub fn user_from_token(state: &AppState, token: &str) -> Result<CallerUser, ApiError> {
    // Why a token failed is for the logs: the client only needs to know to refresh or sign in.
    let claims = state.keys.verify(token).map_err(|error| {
        tracing::debug!(%error, "access token refused");
        ApiError::unauthenticated("invalid or expired access token")
    })?;
    Ok(CallerUser { id: claims.sub, name: claims.name })
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match bearer(parts)? {
            Some(token) => Ok(MaybeUser(Some(user_from_token(state, token)?))),
            None => Ok(MaybeUser(None)),
        }
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match MaybeUser::from_request_parts(parts, state).await?.0 {
            Some(user) => Ok(AuthUser(user)),
            None => Err(ApiError::unauthenticated("sign in first: this needs an access token")),
        }
    }
}

/// Header carrying a guest's participant token.
pub const PARTICIPANT_TOKEN: &str = "x-participant-token";
/// Header carrying the organiser token of an event made without an account.
pub const ORGANIZER_TOKEN: &str = "x-organizer-token";

/// A secret sent in `header`, if one is there.
fn header_secret<'a>(parts: &'a Parts, header: &str) -> Option<&'a str> {
    parts.headers.get(header).and_then(|v| v.to_str().ok()).map(str::trim).filter(|t| !t.is_empty())
}

/// The hash of the organiser token, if one is sent. Organiser tokens name their event, so one
/// that cannot be this event's (a forged string, another event's token) is refused before the
/// event is even looked up, like an invalid bearer token.
fn organizer_secret(parts: &Parts) -> Result<Option<String>, ApiError> {
    let Some(token) = header_secret(parts, ORGANIZER_TOKEN) else { return Ok(None) };
    // Under `nest("/api/v1", …)` the request's own URI has lost its prefix; the original has it.
    let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |original| original.path());
    let path_event = path.strip_prefix("/api/v1/events/").and_then(|rest| rest.split('/').next());
    if let Some(event_id) = path_event.filter(|id| !id.is_empty())
        && event_of_token(token) != Some(event_id)
    {
        return Err(ApiError::forbidden("that X-Organizer-Token is not this event's"));
    }
    Ok(Some(token_hash(token)))
}

/// Everything that identifies the caller to an event: bearer user, participant token and
/// organiser token.
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = MaybeUser::from_request_parts(parts, state).await?.0;
        Ok(Caller {
            user,
            token_hash: header_secret(parts, PARTICIPANT_TOKEN).map(token_hash),
            organizer_token_hash: organizer_secret(parts)?,
        })
    }
}
