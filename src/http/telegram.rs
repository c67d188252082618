//! Telegram endpoints: link codes for accounts and guests, unlinking, and Mini App sign-in.
//! With Telegram off every one of them answers 503 `unavailable`.

use super::auth::{AuthResponse, signed_in};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, AuthUser, PathIds};
use super::state::AppState;
use crate::auth::webapp::{self, WebAppError};
use crate::auth::{random_token, token_hash};
use crate::domain::command::Caller;
use crate::domain::ids::new_entity_id;
use crate::domain::telegram::{LINK_CODE_TTL_SECS, LinkCode, LinkTarget, TelegramAccount};
use crate::domain::user::{Language, UserRecord};
use crate::telegram::Telegram;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// A fresh link code and the deep link that uses it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TelegramLink {
    /// Single-use, URL-safe, at most 64 characters.
    pub code: String,
    /// `https://t.me/<bot>?start=<code>`.
    pub url: String,
    /// When the code stops working (15 minutes).
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: Timestamp,
}

/// Whether a participant's chat is linked.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantTelegram {
    /// A chat gets this participant's messages.
    pub linked: bool,
    /// Their first name on Telegram.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Their `@username`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /auth/telegram/webapp` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebAppSignIn {
    /// `Telegram.WebApp.initData`, as Telegram gave it.
    pub init_data: String,
}

fn telegram(state: &AppState) -> ApiResult<&Arc<Telegram>> {
    state.telegram.as_ref().ok_or_else(|| ApiError::unavailable("Telegram is not set up on this server"))
}

async fn new_link(state: &AppState, target: LinkTarget) -> ApiResult<Response> {
    let telegram = telegram(state)?;
    let username = match telegram.username() {
        Some(name) => name,
        None => telegram
            .refresh_me()
            .await
            .map_err(|_| ApiError::unavailable("Telegram is not answering right now; try again in a minute"))?,
    };
    let code = random_token();
    let expires_at = Timestamp::now()
        .checked_add(SignedDuration::from_secs(LINK_CODE_TTL_SECS))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    state.store.insert_link_code(&LinkCode { hash: token_hash(&code), target, expires_at }).await?;
    let url = format!("https://t.me/{username}?start={code}");
    Ok((StatusCode::CREATED, Json(TelegramLink { code, url, expires_at })).into_response())
}

/// Link the signed-in account's Telegram: send the bot `/start <code>` (open `url`).
#[utoipa::path(post, path = "/api/v1/me/telegram/link", tag = "telegram", security(("bearer" = [])),
    responses((status = 201, body = TelegramLink), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
              (status = 503, body = ErrorBody, description = "Telegram is off here")))]
pub async fn link_account(State(state): State<AppState>, AuthUser(user): AuthUser) -> ApiResult<Response> {
    new_link(&state, LinkTarget::Account { user_id: user.id }).await
}

/// Unlink the account's Telegram.
#[utoipa::path(delete, path = "/api/v1/me/telegram", tag = "telegram", security(("bearer" = [])),
    responses((status = 204, description = "Unlinked"), (status = 401, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn unlink_account(State(state): State<AppState>, AuthUser(user): AuthUser) -> ApiResult<StatusCode> {
    telegram(&state)?;
    state.store.set_user_telegram(&user.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks that the caller is this participant (their token or their account).
async fn own_participant(state: &AppState, caller: &Caller, event_id: &str, participant_id: &str) -> ApiResult<()> {
    let event = state.store.load_event(event_id).await?.ok_or_else(|| ApiError::not_found("no such event"))?;
    let participant = event.participant(participant_id).ok_or_else(|| ApiError::not_found("no such participant"))?;
    match (caller.owns(participant), caller.is_anonymous()) {
        (true, _) => Ok(()),
        (false, true) => Err(ApiError::unauthenticated("send this participant's token or sign in")),
        (false, false) => Err(ApiError::forbidden("only this participant can do that")),
    }
}

/// A link code that subscribes a Telegram chat to this participant's messages for this event.
#[utoipa::path(post, path = "/api/v1/events/{id}/participants/{pid}/telegram/link", tag = "telegram",
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id"),
           ("X-Participant-Token" = Option<String>, Header, description = "The guest's participant token")),
    responses((status = 201, body = TelegramLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn link_participant(
    State(state): State<AppState>,
    caller: Caller,
    PathIds(event_id, participant_id): PathIds,
) -> ApiResult<Response> {
    telegram(&state)?;
    own_participant(&state, &caller, &event_id, &participant_id).await?;
    new_link(&state, LinkTarget::Participant { event_id, participant_id }).await
}

/// Whether a Telegram chat gets this participant's messages (an extension of API.md).
#[utoipa::path(get, path = "/api/v1/events/{id}/participants/{pid}/telegram/link", tag = "telegram",
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id"),
           ("X-Participant-Token" = Option<String>, Header, description = "The guest's participant token")),
    responses((status = 200, body = ParticipantTelegram), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn participant_link(
    State(state): State<AppState>,
    caller: Caller,
    PathIds(event_id, participant_id): PathIds,
) -> ApiResult<Json<ParticipantTelegram>> {
    telegram(&state)?;
    own_participant(&state, &caller, &event_id, &participant_id).await?;
    let subscription = state.store.subscription(&event_id, &participant_id).await?;
    Ok(Json(ParticipantTelegram {
        linked: subscription.is_some(),
        first_name: subscription.as_ref().map(|s| s.first_name.clone()),
        username: subscription.and_then(|s| s.username),
    }))
}

/// Stop this participant's Telegram messages (an extension of API.md).
#[utoipa::path(delete, path = "/api/v1/events/{id}/participants/{pid}/telegram", tag = "telegram",
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id"),
           ("X-Participant-Token" = Option<String>, Header, description = "The guest's participant token")),
    responses((status = 204, description = "Unsubscribed"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn unlink_participant(
    State(state): State<AppState>,
    caller: Caller,
    PathIds(event_id, participant_id): PathIds,
) -> ApiResult<StatusCode> {
    telegram(&state)?;
    own_participant(&state, &caller, &event_id, &participant_id).await?;
    state.store.delete_subscription(&event_id, &participant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign in from the Telegram Mini App: the account linked to that Telegram user, or a new one.
#[utoipa::path(post, path = "/api/v1/auth/telegram/webapp", tag = "auth", request_body = WebAppSignIn,
    responses((status = 200, body = AuthResponse, description = "Signed in; sets the refresh cookie"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody, description = "Not signed by this bot, or stale"),
              (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn webapp_sign_in(
    State(state): State<AppState>,
    AppJson(body): AppJson<WebAppSignIn>,
) -> ApiResult<Response> {
    let token =
        state.bot_token.clone().ok_or_else(|| ApiError::unavailable("Telegram is not set up on this server"))?;
    let user = webapp::verify(&body.init_data, &token, Timestamp::now()).map_err(|e| match e {
        WebAppError::Malformed(_) => ApiError::invalid(e.to_string()),
        WebAppError::BadSignature | WebAppError::Stale => ApiError::unauthenticated(e.to_string()),
    })?;
    let account = TelegramAccount {
        chat_id: user.id,
        user_id: user.id,
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        language: user.language_code.clone(),
    };
    let record = match state.store.user_by_telegram(user.id).await? {
        Some(record) => record,
        None => {
            let name: String = user.first_name.trim().chars().take(crate::domain::input::MAX_NAME).collect();
            let language = match user.language_code.as_deref() {
                Some(code) if code.starts_with("ru") => Language::Ru,
                _ => Language::En,
            };
            // Unique and never deliverable (`.invalid` is reserved): the account signs in
            // through Telegram until its owner sets a real address.
            let email = format!("telegram-{}@users.telegram.invalid", user.id);
            let name = if name.is_empty() { "Telegram friend".into() } else { name };
            let record = UserRecord::new(new_entity_id(), email, name, None, language);
            state.store.insert_user(&record).await?;
            record
        }
    };
    state.store.set_user_telegram(&record.id, Some(&account)).await?;
    let record = state.store.user_by_id(&record.id).await?.unwrap_or(record);
    signed_in(&state, &record, StatusCode::OK, None, None).await
}
