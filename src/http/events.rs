//! `/events`: create, read, edit, delete and list.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppJson, AppQuery, MaybeUser, PathId};
use super::state::AppState;
use crate::actors::event_actor::now;
use crate::auth::{event_token, token_hash};
use crate::domain::command::{Caller, Command};
use crate::domain::event::{EventMeta, EventState, Organizer};
use crate::domain::ids::{new_entity_id, new_event_id};
use crate::domain::input::NewEvent;
use crate::domain::patch::EventPatch;
use crate::domain::view::{EventSummary, EventView};
use crate::persistence::{Cursor, EventQuery, Scope};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// A new event, and for an event made without an account the secret that runs it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedEvent {
    /// The event.
    #[serde(flatten)]
    pub event: EventView,
    /// Only when created without an account: send as `X-Organizer-Token` for every organiser
    /// action. Shown once and stored hashed; signing up with it in `organizerTokens` moves the
    /// event to the account (and retires the token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizer_token: Option<String>,
}

/// Create an event. A signed-in caller becomes its organiser; without a token the event gets a
/// guest organiser and the response carries its `organizerToken`.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = NewEvent, security((), ("bearer" = [])),
    responses((status = 201, body = CreatedEvent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    AppJson(body): AppJson<NewEvent>,
) -> ApiResult<(StatusCode, Json<CreatedEvent>)> {
    let id = new_event_id();
    let (organizer, organizer_token) = match user {
        Some(user) => (Organizer::account(user.id, user.name), None),
        None => (body.guest_organizer(new_entity_id())?, Some(event_token(&id))),
    };
    let mut meta = body.into_meta(id, organizer, now())?;
    meta.organizer_token_hash = organizer_token.as_deref().map(token_hash);
    state.store.insert_event(&meta).await?;
    metrics::counter!("prost_events_created_total").increment(1);
    let event = EventView::of(&EventState::assemble(meta, Vec::new(), Vec::new()));
    Ok((StatusCode::CREATED, Json(CreatedEvent { event, organizer_token })))
}

/// Read an event with its tally. Anyone who has the id may read it.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, _user: MaybeUser, PathId(id): PathId) -> ApiResult<Response> {
    let view = state.registry.view(&id).await?;
    // Encoded once per version: the same bytes answer every reader of it and, with replicas,
    // fill the shared cache, where the next reader on any replica finds them (a newer change
    // wins over this fill).
    let body = view.json();
    if let Some(cluster) = state.cluster.clone() {
        let (fill, version) = (body.clone(), view.version);
        tokio::spawn(async move { cluster.fill_view(&id, version, fill).await });
    }
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Edit an event (organiser only).
#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "events", request_body = EventPatch, security(("bearer" = []), ("organizerToken" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<EventPatch>,
) -> ApiResult<Json<Arc<EventView>>> {
    event_command(&state, &id, Command::Patch(Box::new(body)), caller).await
}

/// Delete an event (organiser only).
#[utoipa::path(delete, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = []), ("organizerToken" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn delete(State(state): State<AppState>, caller: Caller, PathId(id): PathId) -> ApiResult<StatusCode> {
    require_organizer_credentials(&caller)?;
    state.registry.command(&id, Command::Delete, caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Organiser-only operations need an account or an organiser token; saying so before looking
/// the event up also means a caller without either learns nothing about which ids exist.
pub fn require_organizer_credentials(caller: &Caller) -> ApiResult<()> {
    if caller.may_organize() {
        Ok(())
    } else {
        Err(ApiError::unauthenticated("sign in as the organiser, or send the event's X-Organizer-Token"))
    }
}

/// Runs a command whose answer is the whole event.
pub async fn event_command(
    state: &AppState,
    id: &str,
    command: Command,
    caller: Caller,
) -> ApiResult<Json<Arc<EventView>>> {
    if command.needs_organizer() {
        require_organizer_credentials(&caller)?;
    }
    let reply = state.registry.command(id, command, caller).await?;
    match reply.view {
        Some(view) => Ok(Json(view)),
        None => Ok(Json(state.registry.view(id).await?)),
    }
}

/// `GET /events` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Text in the title or description.
    pub q: Option<String>,
    /// Only events with a slot (or final time) ending after this RFC 3339 instant; blank: no limit.
    #[param(value_type = Option<String>, example = "2026-12-01T00:00:00Z")]
    #[serde(default, deserialize_with = "blank_is_none")]
    pub from: Option<Timestamp>,
    /// Only events with a slot (or final time) starting before this RFC 3339 instant; blank: no limit.
    #[param(value_type = Option<String>, example = "2026-12-31T00:00:00Z")]
    #[serde(default, deserialize_with = "blank_is_none")]
    pub to: Option<Timestamp>,
    /// Text in a place name or address.
    pub place: Option<String>,
    /// Only events the caller organises or takes part in (needs sign-in); blank means false.
    #[serde(default, deserialize_with = "blank_is_none")]
    #[param(schema_with = blank_or_boolean)]
    pub mine: Option<bool>,
    /// Page size, 1–100 (default 20); blank means the default.
    #[serde(default, deserialize_with = "blank_is_none")]
    #[param(schema_with = blank_or_page_size)]
    pub limit: Option<u32>,
    /// `nextCursor` from the previous page.
    pub cursor: Option<String>,
}

/// Query values may be left blank (`limit=`), which the schema has to admit next to the type.
fn blank_or(typed: utoipa::openapi::Object) -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    OneOfBuilder::new()
        .item(typed)
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(0)))
        .build()
        .into()
}

fn blank_or_page_size() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    blank_or(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(100)).build())
}

fn blank_or_boolean() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    blank_or(ObjectBuilder::new().schema_type(Type::Boolean).build())
}

/// Reads an optional query value, treating `from=` (present but empty) like an absent one.
fn blank_is_none<'de, D, T>(input: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    match Option::<String>::deserialize(input)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// One page of events.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
    /// Summaries, newest first.
    pub items: Vec<EventSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

fn encode_cursor(meta: &EventMeta) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}:{}", meta.created_at.as_millisecond(), meta.id))
}

fn decode_cursor(text: &str) -> Option<Cursor> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(text).ok()?).ok()?;
    let (ms, id) = raw.split_once(':')?;
    Some(Cursor { created_at: Timestamp::from_millisecond(ms.parse().ok()?).ok()?, id: id.to_string() })
}

impl ListQuery {
    /// The filters the store does not do itself: time range and place.
    fn keeps(&self, meta: &EventMeta) -> bool {
        let overlaps = |start: Timestamp, end: Timestamp| {
            self.from.is_none_or(|from| end > from) && self.to.is_none_or(|to| start < to)
        };
        let in_range = (self.from.is_none() && self.to.is_none())
            || meta.slots.iter().any(|s| overlaps(s.start, s.end))
            || meta.final_plan.as_ref().is_some_and(|f| overlaps(f.start, f.end));
        let place_ok = self.place.as_ref().map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty()).is_none_or(|p| {
            meta.places.iter().any(|pl| {
                pl.name.to_lowercase().contains(&p)
                    || pl.address.as_ref().is_some_and(|a| a.to_lowercase().contains(&p))
            })
        });
        in_range && place_ok
    }
}

/// List events the caller may see: public ones, plus their own and those they take part in.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListQuery),
    responses((status = 200, body = EventPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> ApiResult<Json<EventPage>> {
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError {
            fields: [("limit".into(), "must be 1–100".into())].into(),
            ..ApiError::invalid("limit must be 1–100")
        });
    }
    let scope = match (query.mine.unwrap_or(false), user) {
        (true, Some(u)) => Scope::Mine(u.id),
        (true, None) => return Err(ApiError::unauthenticated("sign in to list your events")),
        (false, Some(u)) => Scope::PublicAndMine(u.id),
        (false, None) => Scope::Public,
    };
    let after = match query.cursor.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => Some(decode_cursor(c).ok_or_else(|| ApiError::invalid("cursor is not one we issued"))?),
        None => None,
    };
    let text = query.q.as_ref().map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    let mut store_query = EventQuery { scope, text, limit: limit as usize * 2, after };
    let mut items = Vec::new();
    let mut last_seen: Option<EventMeta> = None;
    let mut exhausted = false;
    // Time and place filters run here, so keep reading store pages until this page is full.
    while items.len() < limit as usize && !exhausted {
        let batch = state.store.list_events(&store_query).await?;
        exhausted = batch.len() < store_query.limit;
        for meta in batch {
            if query.keeps(&meta) {
                items.push(EventSummary::from(&meta));
            }
            store_query.after = Some(Cursor { created_at: meta.created_at, id: meta.id.clone() });
            last_seen = Some(meta);
            if items.len() == limit as usize {
                break;
            }
        }
    }
    let next_cursor = match (&last_seen, items.len() == limit as usize) {
        (Some(meta), true) => Some(encode_cursor(meta)),
        _ => None,
    };
    Ok(Json(EventPage { items, next_cursor }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let meta = crate::persistence::contract::sample_event("abc123", "u1");
        let cursor = decode_cursor(&encode_cursor(&meta)).unwrap();
        assert_eq!(cursor.id, "abc123");
        assert_eq!(cursor.created_at, meta.created_at);
        assert!(decode_cursor("!!!").is_none());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("nope")).is_none());
    }
}
