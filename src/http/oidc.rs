//! `GET /auth/oidc/{provider}/start` and `/callback`: social sign-in and linking. Every failure
//! sends the browser to `/login?error=<code>`; details go to the log.

use super::auth::{cookie, cookie_token, refresh_cookie};
use super::claim::GuestTokens;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::AppQuery;
use super::identities::{find_or_create, link, store_failure};
use super::state::AppState;
use crate::auth::oidc::flow::{self, Flow};
use crate::auth::oidc::{Failure, Provider};
use crate::auth::refresh;
use crate::auth::return_to::same_site_path;
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
