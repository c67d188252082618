//! `GET /auth/oidc/{provider}/start` and `/callback`: social sign-in and linking. Every failure
//! sends the browser to `/login?error=<code>`; details go to the log.

use super::auth::{cookie, cookie_token, language_of, refresh_cookie};
use super::claim::GuestTokens;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::AppQuery;
use super::state::AppState;
use crate::auth::oidc::flow::{self, Flow};
use crate::auth::oidc::{Failure, Provider, VerifiedIdentity};
use crate::auth::return_to::same_site_path;
use crate::auth::{refresh, token_hash};
use crate::domain::ids::new_entity_id;
use crate::domain::input::MAX_NAME;
use crate::domain::user::{Identity, UserRecord};
use crate::persistence::StoreError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::Deserialize;
use subtle::ConstantTimeEq;
use utoipa::IntoParams;

/// Most guest tokens a social sign-in carries through the provider.
const MAX_FLOW_TOKENS: usize = 10;

/// `start` query.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// A path on this site to land on afterwards; anything else is ignored.
    pub return_to: Option<String>,
    /// `1` links the provider to the account whose refresh cookie comes with the request.
    pub link: Option<String>,
    /// Comma-separated guest `participantToken`s to keep (at most 10).
    pub participant_tokens: Option<String>,
    /// Comma-separated `organizerToken`s of events made without an account, to keep (at most 10).
    pub organizer_tokens: Option<String>,
}

/// A comma-separated list of tokens, bounded in count and length (they ride in the flow cookie).
fn token_list(list: Option<&str>) -> Vec<String> {
    list.iter()
        .flat_map(|t| t.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .take(MAX_FLOW_TOKENS)
        .map(str::to_string)
        .collect()
}

/// `callback` query, as the provider sends it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    /// The authorization code.
    pub code: Option<String>,
    /// The state sent at start.
    pub state: Option<String>,
    /// Set when the provider refused (`access_denied`).
    pub error: Option<String>,
}

fn redirect(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    let value = HeaderValue::from_str(location).unwrap_or_else(|_| HeaderValue::from_static("/"));
    response.headers_mut().insert(header::LOCATION, value);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn flow_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    // Lax, not Strict: the provider's redirect back is a cross-site navigation.
    let cookie = format!(
        "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}",
        flow::COOKIE,
        flow::COOKIE_PATH
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn failed(state: &AppState, failure: Failure) -> Response {
    let mut response = redirect(&format!("/login?error={}", failure.code()));
    response.headers_mut().append(header::SET_COOKIE, flow_cookie(state, "", 0));
    response
}

fn provider<'a>(state: &'a AppState, id: &str) -> ApiResult<&'a Provider> {
    state.accounts.providers.get(id).ok_or_else(|| ApiError::not_found("no such sign-in provider here"))
}

/// Start signing in (or, with `link=1`, linking) through a provider.
#[utoipa::path(get, path = "/api/v1/auth/oidc/{provider}/start", tag = "auth",
    params(("provider" = String, Path, description = "Provider id from `GET /config`"), StartQuery),
    responses((status = 302, description = "To the provider's authorization endpoint (or `/login?error=oidc_unavailable`)"),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody, description = "Unknown provider"),
              (status = 429, body = ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AppQuery(query): AppQuery<StartQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let provider = provider(&state, &id)?;
    let link_user = match query.link.as_deref() {
        Some("1" | "true") => match cookie_token(&headers) {
            Some(token) => refresh::peek(&state.store, &token).await?.map(|r| r.user_id),
            None => None,
        },
        _ => None,
    };
    let started = match state.accounts.providers.start(provider).await {
        Ok(started) => started,
        Err(failure) => return Ok(failed(&state, failure)),
    };
    let flow = Flow {
        provider: provider.settings.id.clone(),
        state: started.state,
        nonce: started.nonce,
        verifier: started.verifier,
        return_to: query.return_to.as_deref().and_then(same_site_path),
        link_user,
        participant_tokens: token_list(query.participant_tokens.as_deref()),
        organizer_tokens: token_list(query.organizer_tokens.as_deref()),
        expires_at: Timestamp::now().as_second() + flow::TTL_SECS,
    };
    let mut response = redirect(&started.url);
    let value = flow.encode(&state.accounts.secret);
    response.headers_mut().append(header::SET_COOKIE, flow_cookie(&state, &value, flow::TTL_SECS));
    Ok(response)
}

/// Where the provider sends the browser back.
#[utoipa::path(get, path = "/api/v1/auth/oidc/{provider}/callback", tag = "auth",
    params(("provider" = String, Path, description = "Provider id"), CallbackQuery),
    responses((status = 302, description = "To `returnTo` signed in (refresh cookie set), or to `/login?error=<code>`: \
        `oidc_state`, `oidc_denied`, `oidc_token`, `oidc_email_unverified`, `oidc_unavailable`, `oidc_already_linked`"),
              (status = 404, body = ErrorBody, description = "Unknown provider"), (status = 429, body = ErrorBody)))]
pub async fn callback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AppQuery(query): AppQuery<CallbackQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let provider = provider(&state, &id)?;
    match complete(&state, provider, query, &headers).await {
        Ok(response) => Ok(response),
        Err(failure) => {
            tracing::info!(provider = %id, code = failure.code(), "social sign-in failed");
            Ok(failed(&state, failure))
        }
    }
}

async fn complete(
    state: &AppState,
    provider: &Provider,
    query: CallbackQuery,
    headers: &HeaderMap,
) -> Result<Response, Failure> {
    let flow = cookie(headers, flow::COOKIE)
        .and_then(|value| Flow::decode(&state.accounts.secret, &value, Timestamp::now().as_second()))
        .filter(|flow| flow.provider == provider.settings.id)
        .ok_or(Failure::State)?;
    let sent_state = query.state.unwrap_or_default();
    if !bool::from(sent_state.as_bytes().ct_eq(flow.state.as_bytes())) {
        return Err(Failure::State);
    }
    if let Some(error) = query.error {
        tracing::info!(provider = %provider.settings.id, %error, "the provider refused the sign-in");
        return Err(Failure::Denied);
    }
    let code = query.code.filter(|c| !c.is_empty() && c.len() <= 2048).ok_or(Failure::Token)?;
    let identity = state.accounts.providers.finish(provider, &code, &flow.verifier, &flow.nonce).await?;
    if let Some(user_id) = &flow.link_user {
        link(state, provider, &identity, user_id).await?;
        let target = flow.return_to.unwrap_or_else(|| "/settings".into());
        let separator = if target.contains('?') { '&' } else { '?' };
        let mut response = redirect(&format!("{target}{separator}linked={}", provider.settings.id));
        response.headers_mut().append(header::SET_COOKIE, flow_cookie(state, "", 0));
        return Ok(response);
    }
    let user = find_or_create(state, provider, &identity, headers).await?;
    let guest = GuestTokens {
        participant_tokens: Some(flow.participant_tokens),
        organizer_tokens: Some(flow.organizer_tokens),
    };
    guest.claim(state, &user, &HeaderMap::new()).await;
    let token = refresh::issue(&state.store, &user.id, None).await.map_err(store_failure)?;
    let mut response = redirect(&flow.return_to.unwrap_or_else(|| "/".into()));
    let max_age = refresh::TTL_DAYS * 24 * 3600;
    response.headers_mut().append(header::SET_COOKIE, flow_cookie(state, "", 0));
    response.headers_mut().append(header::SET_COOKIE, refresh_cookie(state, &token, max_age));
    Ok(response)
}

fn store_failure(error: StoreError) -> Failure {
    tracing::warn!(%error, "the store failed during a social sign-in");
    Failure::Unavailable
}

fn identity_record(provider: &Provider, identity: &VerifiedIdentity) -> Identity {
    Identity {
        provider: provider.settings.id.clone(),
        subject: identity.subject.clone(),
        provider_name: provider.settings.name.clone(),
        email: identity.email.clone(),
        linked_at: Timestamp::now(),
    }
}

/// Links the identity to `user_id` (from settings).
async fn link(
    state: &AppState,
    provider: &Provider,
    identity: &VerifiedIdentity,
    user_id: &str,
) -> Result<(), Failure> {
    let store = &state.store;
    match store.user_by_identity(&provider.settings.id, &identity.subject).await.map_err(store_failure)? {
        Some(owner) if owner.id == user_id => return Ok(()),
        Some(_) => return Err(Failure::AlreadyLinked),
        None => {}
    }
    let mut user = store.user_by_id(user_id).await.map_err(store_failure)?.ok_or(Failure::State)?;
    attach(state, provider, identity, &mut user).await
}

/// Claims the identity for `user` and lists it on the account.
async fn attach(
    state: &AppState,
    provider: &Provider,
    identity: &VerifiedIdentity,
    user: &mut UserRecord,
) -> Result<(), Failure> {
    match state.store.insert_identity(&provider.settings.id, &identity.subject, &user.id).await {
        Err(StoreError::Duplicate(_)) => return Err(Failure::AlreadyLinked),
        other => other.map_err(store_failure)?,
    }
    user.identities.retain(|i| i.provider != provider.settings.id);
    user.identities.push(identity_record(provider, identity));
    state.store.update_user(user).await.map_err(store_failure)
}

/// The account this identity signs into: found by provider and subject, or the account with
/// the same address when the provider vouches for it, or a new one.
async fn find_or_create(
    state: &AppState,
    provider: &Provider,
    identity: &VerifiedIdentity,
    headers: &HeaderMap,
) -> Result<UserRecord, Failure> {
    let store = &state.store;
    let id = &provider.settings.id;
    if let Some(user) = store.user_by_identity(id, &identity.subject).await.map_err(store_failure)? {
        return Ok(user);
    }
    let email = identity.email.clone().filter(|e| e.contains('@') && e.len() <= 254);
    if let Some(email) = &email
        && let Some(mut existing) = store.user_by_email(email).await.map_err(store_failure)?
    {
        // An address the provider does not vouch for is no proof of owning the account.
        if !identity.email_verified {
            return Err(Failure::EmailUnverified);
        }
        attach(state, provider, identity, &mut existing).await?;
        if !existing.email_verified {
            existing.email_verified = true;
            store.update_user(&existing).await.map_err(store_failure)?;
        }
        return Ok(existing);
    }
    let verified = email.is_some() && identity.email_verified;
    let address = email.unwrap_or_else(|| {
        let tag: String = token_hash(&format!("{id}/{}", identity.subject)).chars().take(20).collect();
        format!("{id}-{tag}@{}", crate::mail::PLACEHOLDER_DOMAIN)
    });
    let name: String = identity.name.as_deref().unwrap_or("").trim().chars().take(MAX_NAME).collect();
    let name = if name.is_empty() { "Friend".to_string() } else { name };
    let mut user = UserRecord::new(new_entity_id(), address, name, None, language_of(headers));
    user.email_verified = verified;
    match store.insert_user(&user).await {
        // The address was taken a moment ago (another tab's sign-in): start over from the top.
        Err(StoreError::Duplicate(_)) => return Err(Failure::State),
        other => other.map_err(store_failure)?,
    }
    if let Err(failure) = attach(state, provider, identity, &mut user).await {
        // Another sign-in claimed this identity first: it made the account, not this one.
        let _ = store.delete_user(&user.id).await;
        return match store.user_by_identity(id, &identity.subject).await.map_err(store_failure)? {
            Some(winner) => Ok(winner),
            None => Err(failure),
        };
    }
    Ok(user)
}
