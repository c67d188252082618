//! Forgotten and changed passwords. Forgetting answers the same 202, after about the same work,
//! whether or not the address has an account; a reset or a change revokes other sessions.

use super::auth::{account, cookie_token, normalize_email, signed_in};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, AuthUser};
use super::mailing;
use super::state::AppState;
use super::verify::MailQueued;
use crate::auth::{password, random_token, refresh, token_hash};
use crate::domain::error::FieldErrors;
use crate::domain::user::TokenPurpose;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /auth/password/forgot` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ForgotRequest {
    /// The account's address.
    pub email: String,
}

/// `POST /auth/password/reset` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The `token` of the mailed `/reset-password?token=` link.
    #[schema(max_length = 128)]
    pub token: String,
    /// The new password (8 to 256 characters, not a common one).
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
}

/// `POST /auth/password/change` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeRequest {
    /// The password now; not needed by an account that has none yet (social sign-in only).
    #[serde(default)]
    pub current_password: Option<String>,
    /// The new password (8 to 256 characters, not a common one).
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

fn check_new(field: &str, candidate: &str) -> ApiResult<()> {
    let mut errors = FieldErrors::default();
    if let Some(problem) = password::problem(candidate) {
        errors.check(true, field, problem);
    }
    errors.finish().map_err(Into::into)
}

/// Ask for a reset link. The answer never says whether the address has an account.
#[utoipa::path(post, path = "/api/v1/auth/password/forgot", tag = "auth", request_body = ForgotRequest,
    responses((status = 202, body = MailQueued, description = "The same for known and unknown addresses"),
              (status = 400, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn forgot(
    State(state): State<AppState>,
    AppJson(req): AppJson<ForgotRequest>,
) -> ApiResult<(StatusCode, Json<MailQueued>)> {
    let mut errors = FieldErrors::default();
    let email = normalize_email(&mut errors, &req.email);
    errors.finish()?;
    // One hash either way, so a known address takes as long as an unknown one.
    state.accounts.hashing.verify(random_token(), None).await?;
    match state.store.user_by_email(&email).await? {
        Some(user) => mailing::send(&state, &user, TokenPurpose::ResetPassword).await?,
        // The same store round trips as the mail would make, on a token that cannot exist.
        None => {
            let _ = state.store.take_account_token(&token_hash(&random_token())).await?;
            let _ = state.store.user_by_id("no-such-user").await?;
        }
    }
    Ok(MailQueued::new())
}

/// Set a new password with a mailed token (single-use, 1 h); every session is revoked and a new
/// one starts.
#[utoipa::path(post, path = "/api/v1/auth/password/reset", tag = "auth", request_body = ResetRequest,
    responses((status = 200, body = super::auth::AuthResponse, description = "Signed in; sets the refresh cookie"),
              (status = 400, body = ErrorBody, description = "Bad password, or a used, expired or unknown token"),
              (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn reset(State(state): State<AppState>, AppJson(req): AppJson<ResetRequest>) -> ApiResult<Response> {
    // A weak password must not spend the token.
    check_new("password", &req.password)?;
    let (_, mut user) = mailing::take(&state, req.token.trim(), TokenPurpose::ResetPassword).await?;
    user.password_hash = Some(state.accounts.hashing.hash(req.password).await?);
    // The link came through the mailbox, which is what verification proves.
    user.email_verified = true;
    state.store.update_user(&user).await?;
    state.store.revoke_user_sessions(&user.id, None).await?;
    signed_in(&state, &user, StatusCode::OK, None, None).await
}

/// Change (or, for a social-only account, set) the password; other sessions are revoked.
#[utoipa::path(post, path = "/api/v1/auth/password/change", tag = "auth", request_body = ChangeRequest, security(("bearer" = [])),
    responses((status = 204, description = "Changed; other sessions revoked"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody, description = "Wrong current password"),
              (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn change(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    headers: HeaderMap,
    AppJson(req): AppJson<ChangeRequest>,
) -> ApiResult<StatusCode> {
    let mut user = account(&state, &caller.id).await?;
    if let Some(phc) = user.password_hash.clone() {
        let current = req.current_password.unwrap_or_default();
        let wrong = || ApiError::unauthenticated("that is not your current password");
        if current.chars().count() > password::MAX_CHECKED_LEN {
            return Err(wrong());
        }
        if !state.accounts.hashing.verify(current, Some(phc)).await? {
            return Err(wrong());
        }
    }
    check_new("newPassword", &req.new_password)?;
    user.password_hash = Some(state.accounts.hashing.hash(req.new_password).await?);
    state.store.update_user(&user).await?;
    // This browser's sign-in stays; every other one ends.
    let keep = match cookie_token(&headers) {
        Some(token) => refresh::peek(&state.store, &token).await?.filter(|r| r.user_id == user.id).map(|r| r.family),
        None => None,
    };
    state.store.revoke_user_sessions(&user.id, keep.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
