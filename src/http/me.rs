//! The signed-in user's own account: editing it, unlinking a provider, taking everything out,
//! and leaving.

use super::auth::{account, normalize_email};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, AuthUser};
use super::mailing;
use super::state::AppState;
use crate::actors::RegistryError;
use crate::domain::answer::Answers;
use crate::domain::command::{Caller, CallerUser, Command};
use crate::domain::error::FieldErrors;
use crate::domain::event::EventState;
use crate::domain::input::{MAX_NAME, required_text};
use crate::domain::user::{IdentityView, Language, TokenPurpose, UserView};
use crate::domain::view::EventView;
use crate::persistence::{Cursor, EventQuery, Scope, StoreError};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most events an export or a deletion walks (organised and joined together).
pub const MAX_EVENTS: usize = 2_000;
/// Events read per listing page.
const PAGE: usize = 100;

/// `PATCH /me` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchMe {
    /// A new display name.
    #[schema(min_length = 1, max_length = 80)]
    pub name: Option<String>,
    /// A new address: it starts unverified, and a verification link is mailed to it.
    pub email: Option<String>,
}

/// Change the display name or the address.
#[utoipa::path(patch, path = "/api/v1/me", tag = "auth", request_body = PatchMe, security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The address belongs to another account"),
              (status = 429, body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    AppJson(req): AppJson<PatchMe>,
) -> ApiResult<Json<UserView>> {
    let mut user = account(&state, &caller.id).await?;
    let mut errors = FieldErrors::default();
    let name = req.name.as_deref().map(|n| required_text(&mut errors, "name", n, MAX_NAME));
    let email = req.email.as_deref().map(|e| normalize_email(&mut errors, e));
    errors.finish()?;
    if let Some(name) = name {
        user.name = name;
    }
    let new_email = email.filter(|e| *e != user.email);
    if let Some(email) = &new_email {
        user.email = email.clone();
        user.email_verified = false;
    }
    match state.store.update_user(&user).await {
        Err(StoreError::Duplicate(_)) => {
            let mut e = ApiError::conflict("that address already has an account");
            e.fields.insert("email".into(), "already registered".into());
            return Err(e);
        }
        other => other?,
    }
    if new_email.is_some() {
        mailing::send(&state, &user, TokenPurpose::VerifyEmail).await?;
    }
    Ok(Json(UserView::from(&user)))
}

/// Unlink a social-login provider, as long as another way to sign in remains.
#[utoipa::path(delete, path = "/api/v1/me/identities/{provider}", tag = "auth", security(("bearer" = [])),
    params(("provider" = String, Path, description = "Provider id")),
    responses((status = 204, description = "Unlinked"), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "Not linked"),
              (status = 409, body = ErrorBody, description = "It is the only way to sign in")))]
pub async fn unlink_identity(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    Path(provider): Path<String>,
) -> ApiResult<StatusCode> {
    let mut user = account(&state, &caller.id).await?;
    let Some(index) = user.identities.iter().position(|i| i.provider == provider) else {
        return Err(ApiError::not_found("that provider is not linked to this account"));
    };
    if user.ways_to_sign_in() <= 1 {
        return Err(ApiError::conflict(
            "this is your only way to sign in; set a password or link another provider first",
        ));
    }
    let identity = user.identities.remove(index);
    state.store.update_user(&user).await?;
    state.store.delete_identity(&identity.provider, &identity.subject).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account as exported.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedUser {
    /// As `GET /me` shows it.
    #[serde(flatten)]
    pub view: UserView,
    /// The language mail is written in.
    pub language: Language,
    /// When the account was made.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Linked providers, with the subject each knows the account by.
    pub identities: Vec<ExportedIdentity>,
    /// The Telegram chat reminders go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telegram_chat_id: Option<i64>,
}

/// A linked provider in an export.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedIdentity {
    /// As `GET /me` shows it.
    #[serde(flatten)]
    pub view: IdentityView,
    /// The provider's id for the person.
    pub subject: String,
}

/// Taking part in an event, in an export.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedParticipation {
    /// The event.
    pub event_id: String,
    /// Its title.
    pub title: String,
    /// The participant's id.
    pub participant_id: String,
    /// The name shown there.
    pub name: String,
    /// The answers given.
    pub answers: Answers,
    /// When they joined.
    #[schema(value_type = String, format = DateTime)]
    pub joined_at: Timestamp,
}

/// `GET /me/export`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// When this was made.
    #[schema(value_type = String, format = DateTime)]
    pub exported_at: Timestamp,
    /// The account (never the password hash).
    pub user: ExportedUser,
    /// Events the account organises, whole.
    pub organized: Vec<EventView>,
    /// Where the account takes part in other people's events.
    pub participations: Vec<ExportedParticipation>,
}

/// Every event the user organises or joined, read from the store, at most [`MAX_EVENTS`].
async fn events_of(state: &AppState, user_id: &str) -> ApiResult<Vec<EventState>> {
    let mut out = Vec::new();
    let mut after: Option<Cursor> = None;
    while out.len() < MAX_EVENTS {
        let query =
            EventQuery { scope: Scope::Mine(user_id.to_string()), text: None, limit: PAGE, after: after.clone() };
        let page = state.store.list_events(&query).await?;
        for meta in &page {
            if let Some(event) = state.store.load_event(&meta.id).await? {
                out.push(event);
            }
        }
        match page.last() {
            Some(last) if page.len() == PAGE => {
                after = Some(Cursor { created_at: last.created_at, id: last.id.clone() })
            }
            _ => break,
        }
    }
    Ok(out)
}

/// Everything stored about the caller, as JSON.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Export), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<Export>> {
    let user = account(&state, &caller.id).await?;
    let view = UserView::from(&user);
    let identities = user
        .identities
        .iter()
        .zip(&view.identities)
        .map(|(i, v)| ExportedIdentity { view: v.clone(), subject: i.subject.clone() })
        .collect();
    let mut organized = Vec::new();
    let mut participations = Vec::new();
    for event in events_of(&state, &user.id).await? {
        if event.meta.organizer.id == user.id {
            organized.push(EventView::of(&event));
            continue;
        }
        for p in event.participants.iter().filter(|p| p.user_id.as_deref() == Some(user.id.as_str())) {
            participations.push(ExportedParticipation {
                event_id: event.meta.id.clone(),
                title: event.meta.title.clone(),
                participant_id: p.id.clone(),
                name: p.name.clone(),
                answers: p.answers.clone(),
                joined_at: p.joined_at,
            });
        }
    }
    let exported = ExportedUser {
        language: user.language,
        created_at: user.created_at,
        telegram_chat_id: user.telegram.as_ref().map(|t| t.chat_id),
        identities,
        view,
    };
    Ok(Json(Export { exported_at: Timestamp::now(), user: exported, organized, participations }))
}

/// Runs one event command for the leaving user; an event that is already gone is fine.
async fn as_leaving_user(state: &AppState, event_id: &str, command: Command, user: &CallerUser) -> ApiResult<()> {
    let caller = Caller { user: Some(user.clone()), ..Caller::default() };
    match state.registry.command(event_id, command, caller).await {
        Ok(_) | Err(RegistryError::NotFound) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// Delete the account: its events, its places in other people's events (their watchers see
/// `participantLeft`), its identities, Telegram link and sessions.
#[utoipa::path(delete, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn delete(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<StatusCode> {
    let user = account(&state, &caller.id).await?;
    let me = CallerUser { id: user.id.clone(), name: user.name.clone() };
    // Through the events' actors, the only writers of events, so live watchers hear of it.
    for event in events_of(&state, &user.id).await? {
        if event.meta.organizer.id == user.id {
            as_leaving_user(&state, &event.meta.id, Command::Delete, &me).await?;
            continue;
        }
        let mine: Vec<String> = event
            .participants
            .iter()
            .filter(|p| p.user_id.as_deref() == Some(user.id.as_str()))
            .map(|p| p.id.clone())
            .collect();
        for participant_id in mine {
            as_leaving_user(&state, &event.meta.id, Command::RemoveParticipant { participant_id }, &me).await?;
        }
    }
    if user.telegram.is_some() {
        state.store.set_user_telegram(&user.id, None).await?;
    }
    state.store.delete_user(&user.id).await?;
    tracing::info!(user = %user.id, "account deleted at its owner's request");
    Ok(StatusCode::NO_CONTENT)
}
