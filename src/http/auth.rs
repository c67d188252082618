//! `/auth/*` and `/me`: registration, sign-in, refresh rotation and sign-out.

use super::claim::{Claimed, GuestTokens};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, AuthUser};
use super::mailing;
use super::state::AppState;
use crate::auth::{jwt, password, refresh};
use crate::domain::error::FieldErrors;
use crate::domain::ids::new_entity_id;
use crate::domain::input::{MAX_NAME, required_text};
use crate::domain::user::{Language, TokenPurpose, UserRecord, UserView};
use crate::persistence::StoreError;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /auth/register` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRequest {
    /// Email address (case-insensitive, unique).
    #[schema(example = "anya@example.com")]
    pub email: String,
    /// 8 to 256 characters, and not one of the most common passwords.
    #[schema(example = "correct horse battery", min_length = 8, max_length = 256)]
    pub password: String,
    /// Display name.
    #[schema(example = "Anya", min_length = 1, max_length = 80)]
    pub name: String,
    /// What the caller did before having an account, to keep.
    #[serde(flatten)]
    pub keep: GuestTokens,
}

/// `POST /auth/login` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
    /// What the caller did before signing in, to keep.
    #[serde(flatten)]
    pub keep: GuestTokens,
}

/// The response of register, login and refresh.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    /// Who is signed in.
    pub user: UserView,
    /// A JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// What register or login moved to the account from the tokens it was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed: Option<Claimed>,
}

/// Lower-cases an address and records a field error when it does not look like one.
pub(super) fn normalize_email(errors: &mut FieldErrors, email: &str) -> String {
    let email = email.trim().to_lowercase();
    let plausible = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    errors.check(!plausible, "email", "must be an email address like anya@example.com");
    email
}

pub(super) fn refresh_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{}={token}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
        refresh::COOKIE,
        refresh::COOKIE_PATH
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Replies with a fresh access token and sets the refresh cookie (sign-in of any kind).
pub(super) async fn signed_in(
    state: &AppState,
    user: &UserRecord,
    status: StatusCode,
    rotated: Option<String>,
    claimed: Option<Claimed>,
) -> ApiResult<Response> {
    // A refresh has already rotated its token; a sign-in starts a new family.
    let refresh_token = match rotated {
        Some(t) => t,
        None => refresh::issue(&state.store, &user.id, None).await?,
    };
    let access_token = state.keys.issue(&user.id, &user.name)?;
    let body = AuthResponse { user: UserView::from(user), access_token, expires_in: jwt::ACCESS_TTL_SECS, claimed };
    let mut response = (status, Json(body)).into_response();
    let max_age = refresh::TTL_DAYS * 24 * 3600;
    response.headers_mut().insert(header::SET_COOKIE, refresh_cookie(state, &refresh_token, max_age));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The caller's language for mail, from `Accept-Language`.
pub(super) fn language_of(headers: &HeaderMap) -> Language {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default()
}

/// Register with email and password.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = AuthResponse, description = "Registered and signed in; sets the refresh cookie"),
              (status = 400, body = ErrorBody, description = "Bad fields; `fields.password` names a short, long or common password"),
              (status = 409, body = ErrorBody, description = "Email taken"),
              (status = 413, body = ErrorBody), (status = 429, body = ErrorBody),
              (status = 503, body = ErrorBody, description = "Too many sign-ins at once; see `Retry-After`")))]
pub async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    AppJson(req): AppJson<RegisterRequest>,
) -> ApiResult<Response> {
    let mut errors = FieldErrors::default();
    req.keep.check(&mut errors);
    let email = normalize_email(&mut errors, &req.email);
    let name = required_text(&mut errors, "name", &req.name, MAX_NAME);
    if let Some(problem) = password::problem(&req.password) {
        errors.check(true, "password", problem);
    }
    errors.finish()?;
    let hash = state.accounts.hashing.hash(req.password).await?;
    let user = UserRecord::new(new_entity_id(), email, name, Some(hash), language_of(&headers));
    match state.store.insert_user(&user).await {
        Err(StoreError::Duplicate(_)) => {
            let mut e = ApiError::conflict("that email already has an account; try signing in");
            e.fields.insert("email".into(), "already registered".into());
            return Err(e);
        }
        other => other?,
    }
    mailing::send(&state, &user, TokenPurpose::VerifyEmail).await?;
    let claimed = req.keep.claim(&state, &user, &headers).await;
    signed_in(&state, &user, StatusCode::CREATED, None, Some(claimed)).await
}

/// Sign in with email and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = AuthResponse, description = "Signed in; sets the refresh cookie"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
              (status = 503, body = ErrorBody, description = "Too many sign-ins at once; see `Retry-After`")))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    AppJson(req): AppJson<LoginRequest>,
) -> ApiResult<Response> {
    let mut errors = FieldErrors::default();
    req.keep.check(&mut errors);
    errors.finish()?;
    let wrong = || ApiError::unauthenticated("that email and password do not match");
    if req.password.chars().count() > password::MAX_CHECKED_LEN {
        return Err(wrong());
    }
    let user = state.store.user_by_email(&req.email.trim().to_lowercase()).await?;
    let phc = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = state.accounts.hashing.verify(req.password, phc).await?;
    match user {
        Some(user) if matches => {
            let claimed = req.keep.claim(&state, &user, &headers).await;
            signed_in(&state, &user, StatusCode::OK, None, Some(claimed)).await
        }
        _ => Err(wrong()),
    }
}

/// The value of the cookie `name`, if the request carries one.
pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// The refresh token in the request's cookie.
pub(super) fn cookie_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, refresh::COOKIE)
}

/// Trade the refresh cookie for a new access token; the refresh token rotates.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    responses((status = 200, body = AuthResponse, description = "New access token; the refresh cookie is replaced"),
              (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn refresh(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let ended = || ApiError::unauthenticated("your session has ended; sign in again");
    let token = cookie_token(&headers).ok_or_else(ended)?;
    let (user_id, next) = refresh::rotate(&state.store, &token).await.map_err(|e| match e {
        refresh::RefreshError::Invalid(why) => {
            tracing::debug!(why, "refresh refused");
            ended()
        }
        refresh::RefreshError::Store(s) => s.into(),
    })?;
    let user =
        state.store.user_by_id(&user_id).await?.ok_or_else(|| ApiError::unauthenticated("the account is gone"))?;
    signed_in(&state, &user, StatusCode::OK, Some(next), None).await
}

/// Sign out: the refresh token (and its family) is revoked and the cookie cleared.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204, description = "Signed out")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = cookie_token(&headers) {
        refresh::revoke(&state.store, &token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, refresh_cookie(&state, "", 0));
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, AuthUser(user): AuthUser) -> ApiResult<Json<UserView>> {
    Ok(Json(UserView::from(&account(&state, &user.id).await?)))
}

/// The signed-in caller's record; 401 when the account was deleted since the token was issued.
pub(super) async fn account(state: &AppState, user_id: &str) -> ApiResult<UserRecord> {
    state.store.user_by_id(user_id).await?.ok_or_else(|| ApiError::unauthenticated("the account is gone"))
}
