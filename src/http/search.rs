//! `GET /events`: search over the events the caller may see, answered by the stores' search
//! indexes (see `persistence::search`). This module reads and checks the query; the store
//! finds, orders and pages.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AppQuery, MaybeUser};
use super::state::AppState;
use crate::domain::error::FieldErrors;
use crate::domain::event::Status;
use crate::domain::search::{Near, SearchFilter, SortKey, words};
use crate::domain::view::EventSummary;
use crate::persistence::{Scope, SearchQuery};
use axum::Json;
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Longest `q` or `place`, in characters.
pub const MAX_QUERY_TEXT: usize = 200;
/// Most words in `q` or `place`: each one is an index lookup.
pub const MAX_QUERY_WORDS: usize = 8;
/// Widest `radiusKm`.
pub const MAX_RADIUS_KM: f64 = 1000.0;
/// `radiusKm` when `near` comes alone.
pub const DEFAULT_RADIUS_KM: f64 = 5.0;
/// Page size without `limit`.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest `limit`.
pub const MAX_LIMIT: usize = 100;

/// `GET /events` query. Every value may be left blank (`from=`), which means no filter.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words, or the starts of words, that must all appear in the title, description, place
    /// names or addresses; case and ё/е do not matter.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only events with a slot (or final time) ending after this RFC 3339 instant.
    #[param(value_type = Option<String>, example = "2026-12-01T00:00:00Z")]
    pub from: Option<String>,
    /// Only events with a slot (or final time) starting before this RFC 3339 instant.
    #[param(value_type = Option<String>, example = "2026-12-31T00:00:00Z")]
    pub to: Option<String>,
    /// Words, or the starts of words, that must all appear in a place name or address.
    #[param(max_length = 200)]
    pub place: Option<String>,
    /// `lat,lng` in degrees: only events with a place within `radiusKm` of it.
    #[param(example = "55.75,37.61")]
    pub near: Option<String>,
    /// Radius for `near`, above 0 and at most 1000 km (default 5).
    #[serde(rename = "radiusKm")]
    #[param(schema_with = blank_or_radius)]
    pub radius_km: Option<String>,
    /// `open` or `finalized`.
    #[param(schema_with = blank_or_status)]
    pub status: Option<String>,
    /// Only events the caller organises or takes part in (needs sign-in).
    #[param(schema_with = blank_or_boolean)]
    pub mine: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(schema_with = blank_or_page_size)]
    pub limit: Option<String>,
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

fn blank_or_radius() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    blank_or(
        ObjectBuilder::new().schema_type(Type::Number).exclusive_minimum(Some(0)).maximum(Some(MAX_RADIUS_KM)).build(),
    )
}

fn blank_or_status() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    blank_or(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["open", "finalized"])).build())
}

/// A query value with blanks read as absent.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// One page of events.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
    /// Summaries, soonest upcoming slot first; events whose slots have all started follow, the
    /// most recent first. A page may be short, or empty, and still have a `nextCursor`: each
    /// request reads a bounded part of the index.
    pub items: Vec<EventSummary>,
    /// Pass as `cursor` for the next page; `null` when nothing is left.
    pub next_cursor: Option<String>,
}

/// A checked `GET /events` query.
#[derive(Debug, PartialEq)]
pub struct ListRequest {
    /// What must match.
    pub filter: SearchFilter,
    /// Only the caller's own events.
    pub mine: bool,
    /// Page size.
    pub limit: usize,
    /// Continue after this key.
    pub after: Option<SortKey>,
}

fn encode_cursor(key: &SortKey) -> String {
    URL_SAFE_NO_PAD.encode(key.as_str())
}

fn decode_cursor(text: &str) -> Option<SortKey> {
    SortKey::parse(&String::from_utf8(URL_SAFE_NO_PAD.decode(text).ok()?).ok()?)
}

fn query_words(errors: &mut FieldErrors, field: &str, text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    if text.chars().count() > MAX_QUERY_TEXT {
        errors.add(field, format!("must be at most {MAX_QUERY_TEXT} characters"));
        return Vec::new();
    }
    let mut found: Vec<String> = words(text).collect();
    found.sort();
    found.dedup();
    if found.len() > MAX_QUERY_WORDS {
        errors.add(field, format!("must hold at most {MAX_QUERY_WORDS} words"));
    }
    found
}

fn instant(errors: &mut FieldErrors, field: &str, text: Option<&str>) -> Option<i64> {
    let parsed = text?.parse::<Timestamp>();
    match parsed {
        Ok(at) => Some(at.as_millisecond()),
        Err(_) => {
            errors.add(field, "must be an RFC 3339 instant, like 2026-12-01T18:00:00Z");
            None
        }
    }
}

fn near(errors: &mut FieldErrors, query: &ListQuery) -> Option<Near> {
    let radius_given = given(&query.radius_km);
    let radius_km = match radius_given.map(str::parse::<f64>) {
        None => Some(DEFAULT_RADIUS_KM),
        Some(Ok(r)) if r > 0.0 && r <= MAX_RADIUS_KM => Some(r),
        Some(_) => {
            errors.add("radiusKm", format!("must be a number of km above 0 and at most {MAX_RADIUS_KM}"));
            None
        }
    };
    let Some(text) = given(&query.near) else {
        errors.check(radius_given.is_some(), "near", "give near=lat,lng with radiusKm");
        return None;
    };
    let point = text
        .split_once(',')
        .and_then(|(lat, lng)| Some((lat.trim().parse::<f64>().ok()?, lng.trim().parse::<f64>().ok()?)));
    match point {
        Some((lat, lng)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) => {
            radius_km.map(|radius_km| Near { lat, lng, radius_km })
        }
        _ => {
            errors.add("near", "must be lat,lng in degrees, like 55.75,37.61");
            None
        }
    }
}

impl ListQuery {
    /// Checks every value, naming each bad one in the error's `fields`.
    pub fn parse(&self) -> Result<ListRequest, ApiError> {
        let mut errors = FieldErrors::default();
        let words = query_words(&mut errors, "q", given(&self.q));
        let place_words = query_words(&mut errors, "place", given(&self.place));
        let from = instant(&mut errors, "from", given(&self.from));
        let to = instant(&mut errors, "to", given(&self.to));
        if let (Some(from), Some(to)) = (from, to) {
            errors.check(to <= from, "to", "must be after from");
        }
        let near = near(&mut errors, self);
        let status = match given(&self.status) {
            None => None,
            Some("open") => Some(Status::Open),
            Some("finalized") => Some(Status::Finalized),
            Some(_) => {
                errors.add("status", "must be open or finalized");
                None
            }
        };
        let mine = match given(&self.mine) {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                errors.add("mine", "must be true or false");
                false
            }
        };
        let limit = match given(&self.limit).map(str::parse::<usize>) {
            None => DEFAULT_LIMIT,
            Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                errors.add("limit", format!("must be a whole number from 1 to {MAX_LIMIT}"));
                DEFAULT_LIMIT
            }
        };
        let after = match given(&self.cursor) {
            None => None,
            Some(text) => {
                let key = decode_cursor(text);
                errors.check(key.is_none(), "cursor", "is not a nextCursor this server gave out");
                key
            }
        };
        errors.finish()?;
        Ok(ListRequest { filter: SearchFilter { words, place_words, from, to, near, status }, mine, limit, after })
    }
}

/// Search the events the caller may see: public ones, plus (signed in) their own and those
/// they take part in. A link-only event is never listed for anyone else.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListQuery),
    responses((status = 200, body = EventPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> ApiResult<Json<EventPage>> {
    let request = query.parse()?;
    let scope = match (request.mine, user) {
        (true, Some(u)) => Scope::Mine(u.id),
        (true, None) => return Err(ApiError::unauthenticated("sign in to list your events")),
        (false, Some(u)) => Scope::PublicAndMine(u.id),
        (false, None) => Scope::Public,
    };
    let query = SearchQuery { scope, filter: request.filter, limit: request.limit, after: request.after };
    let page = state.store.search_events(&query).await?;
    Ok(Json(EventPage {
        items: page.events.iter().map(EventSummary::from).collect(),
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<ListRequest, ApiError> {
        let map: serde_json::Map<String, serde_json::Value> =
            pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::from(*v))).collect();
        serde_json::from_value::<ListQuery>(map.into()).expect("strings only").parse()
    }

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let key = SortKey::at("abc123", &[1, 2], 0);
        assert_eq!(decode_cursor(&encode_cursor(&key)), Some(key));
        assert!(decode_cursor("!!!").is_none());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("nope")).is_none());
    }

    #[test]
    fn blanks_mean_no_filter() {
        let blank =
            ["q", "from", "to", "place", "near", "radiusKm", "status", "mine", "limit", "cursor"].map(|k| (k, ""));
        let request = parse(&blank).expect("blank is fine");
        assert_eq!(
            request,
            ListRequest { filter: SearchFilter::default(), mine: false, limit: DEFAULT_LIMIT, after: None }
        );
    }

    #[test]
    fn every_bad_value_is_named() {
        let bad = [
            ("from", "yesterday"),
            ("near", "55.7"),
            ("radiusKm", "-1"),
            ("status", "closed"),
            ("limit", "101"),
            ("cursor", "nope"),
            ("mine", "yes"),
        ];
        let error = parse(&bad).expect_err("all bad");
        let fields: Vec<&str> = error.fields.keys().map(String::as_str).collect();
        assert_eq!(fields, ["cursor", "from", "limit", "mine", "near", "radiusKm", "status"]);
        let error = parse(&[("from", "2026-12-02T00:00:00Z"), ("to", "2026-12-01T00:00:00Z")]).expect_err("backwards");
        assert!(error.fields.contains_key("to"));
        let error = parse(&[("radiusKm", "3")]).expect_err("a radius needs a centre");
        assert!(error.fields.contains_key("near"));
        let error = parse(&[("q", "a b c d e f g h i")]).expect_err("nine words");
        assert!(error.fields.contains_key("q"));
        let error = parse(&[("near", "91,0")]).expect_err("no such latitude");
        assert!(error.fields.contains_key("near"));
    }

    #[test]
    fn good_values_become_the_filter() {
        let request = parse(&[
            ("q", "Ёлки  ПИВО"),
            ("place", "Bar"),
            ("near", "55.75, 37.61"),
            ("status", "finalized"),
            ("from", "2026-12-01T00:00:00Z"),
            ("mine", "true"),
            ("limit", "5"),
        ])
        .unwrap();
        assert_eq!(request.filter.words, ["елки", "пиво"]);
        assert_eq!(request.filter.place_words, ["bar"]);
        assert_eq!(request.filter.near, Some(Near { lat: 55.75, lng: 37.61, radius_km: DEFAULT_RADIUS_KM }));
        assert_eq!(request.filter.status, Some(Status::Finalized));
        assert!(request.mine && request.limit == 5 && request.filter.from.is_some() && request.filter.to.is_none());
    }
}
