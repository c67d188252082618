//! Email verification: the mailed link's token, and sending a fresh link.

use super::auth::account;
use super::error::{ApiResult, ErrorBody};
use super::extract::{AppJson, AuthUser};
use super::mailing;
use super::state::AppState;
use crate::domain::user::{TokenPurpose, UserView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /auth/verify-email` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequest {
    /// The `token` of the mailed `/verify-email?token=` link.
    #[schema(max_length = 128)]
    pub token: String,
}

/// `POST /auth/verify-email` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedResponse {
    /// The account, now with `emailVerified: true`.
    pub user: UserView,
}

/// The body of every 202 that queued (or may have queued) a mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailQueued {
    /// What to tell the person.
    pub message: String,
}

impl MailQueued {
    /// The one answer, whatever happened behind it.
    pub fn new() -> (StatusCode, Json<MailQueued>) {
        let message =
            "If that address has an account here, a mail is on its way; check your inbox (and the spam folder).";
        (StatusCode::ACCEPTED, Json(MailQueued { message: message.into() }))
    }
}

/// Verify an address with the mailed token (single-use, 24 h).
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = VerifyRequest,
    responses((status = 200, body = VerifiedResponse), (status = 400, body = ErrorBody, description = "Used, expired or unknown token"),
              (status = 429, body = ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    AppJson(req): AppJson<VerifyRequest>,
) -> ApiResult<Json<VerifiedResponse>> {
    let (_, mut user) = mailing::take(&state, req.token.trim(), TokenPurpose::VerifyEmail).await?;
    if !user.email_verified {
        user.email_verified = true;
        state.store.update_user(&user).await?;
    }
    Ok(Json(VerifiedResponse { user: UserView::from(&user) }))
}

/// Mail a fresh verification link to the signed-in user's address (nothing when it is verified).
#[utoipa::path(post, path = "/api/v1/auth/verify-email/resend", tag = "auth", security(("bearer" = [])),
    responses((status = 202, body = MailQueued), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn resend(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> ApiResult<(StatusCode, Json<MailQueued>)> {
    let user = account(&state, &caller.id).await?;
    if !user.email_verified {
        mailing::send(&state, &user, TokenPurpose::VerifyEmail).await?;
    }
    Ok(MailQueued::new())
}
