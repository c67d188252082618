//! The OpenAPI document, generated from the handlers and their types.

use super::{auth, contributions, events, finalize, live, ops, participants};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Adds the bearer scheme that `security(("bearer" = []))` refers to.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// Prost's public API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Prost API", version = "1", description = "When can we all meet, and where? Events with time slots and places, \
        answers, a live tally, and a finalised plan. Errors always have the shape {\"error\": {\"code\", \"message\", \"fields\"?}}."),
    paths(
        auth::register, auth::login, auth::refresh, auth::logout, auth::me,
        events::create, events::list, events::get, events::patch, events::delete,
        contributions::add_place, contributions::comment,
        participants::join, participants::answers, participants::remove,
        finalize::finalize, finalize::reopen, finalize::calendar,
        live::live,
        ops::healthz, ops::readyz, ops::metrics, ops::openapi_json, ops::openapi_yaml,
    ),
    components(schemas(crate::domain::change::Change)),
    modifiers(&BearerScheme),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "events", description = "Meetups being planned"),
        (name = "participants", description = "Joining and answering"),
        (name = "places", description = "Candidate places"),
        (name = "comments", description = "Talk"),
        (name = "live", description = "The live board over WebSocket"),
        (name = "operations", description = "Probes and metrics"),
    )
)]
pub struct ApiDoc;
