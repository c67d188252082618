//! The OpenAPI document, generated from the handlers and their types.

use super::{
    auth, config, contributions, events, finalize, live, me, oidc, ops, participants, password, telegram, verify,
};
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, RefOr};
use utoipa::{Modify, OpenApi};

/// Adds the schemes that `security(("bearer" = []))` and `("organizerToken" = [])` refer to.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components.add_security_scheme(
            "organizerToken",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Organizer-Token",
                "The `organizerToken` returned when an event is created without an account; it works for every \
                 organiser action on that event until the event is claimed by an account.",
            ))),
        );
    }
}

/// Adds OpenAPI links from what creates an event or a participant to what uses its id, so
/// clients and API fuzzers can follow the real flow instead of guessing ids.
struct IdLinks;

/// `#/paths/<escaped path>/<method>`.
fn operation_ref(path: &str, method: &str) -> String {
    format!("#/paths/{}/{method}", path.replace('~', "~0").replace('/', "~1"))
}

fn operation<'a>(doc: &'a mut Document, path: &str, method: &str) -> Option<&'a mut Operation> {
    let item = doc.paths.paths.get_mut(path)?;
    match method {
        "get" => item.get.as_mut(),
        "post" => item.post.as_mut(),
        "put" => item.put.as_mut(),
        "patch" => item.patch.as_mut(),
        "delete" => item.delete.as_mut(),
        _ => None,
    }
}

fn link(
    doc: &mut Document,
    (from, method, status): (&str, &str, &str),
    targets: &[(&str, &str)],
    params: &[(&str, &str)],
) {
    let Some(RefOr::T(response)) = operation(doc, from, method).and_then(|op| op.responses.responses.get_mut(status))
    else {
        return;
    };
    for (path, target_method) in targets {
        let mut builder = LinkBuilder::new().operation_ref(operation_ref(path, target_method));
        for (name, expression) in params {
            builder = builder.parameter(*name, *expression);
        }
        let name = format!("{target_method}{}", path.replace(['/', '{', '}', '.'], "_"));
        response.links.insert(name, RefOr::T(builder.build()));
    }
}

impl Modify for IdLinks {
    fn modify(&self, doc: &mut Document) {
        let event = "/api/v1/events/{id}";
        let by_event = [
            (event, "get"),
            (event, "patch"),
            (event, "delete"),
            ("/api/v1/events/{id}/places", "post"),
            ("/api/v1/events/{id}/comments", "post"),
            ("/api/v1/events/{id}/participants", "post"),
            ("/api/v1/events/{id}/finalize", "post"),
            ("/api/v1/events/{id}/reopen", "post"),
            ("/api/v1/events/{id}/calendar.ics", "get"),
        ];
        link(doc, ("/api/v1/events", "post", "201"), &by_event, &[("id", "$response.body#/id")]);
        let by_participant = [
            ("/api/v1/events/{id}/participants/{pid}/answers", "put"),
            ("/api/v1/events/{id}/participants/{pid}", "delete"),
            ("/api/v1/events/{id}/participants/{pid}/telegram/link", "post"),
            ("/api/v1/events/{id}/participants/{pid}/telegram/link", "get"),
            ("/api/v1/events/{id}/participants/{pid}/telegram", "delete"),
        ];
        link(
            doc,
            ("/api/v1/events/{id}/participants", "post", "201"),
            &by_participant,
            &[("id", "$request.path.id"), ("pid", "$response.body#/participant/id")],
        );
    }
}

/// Prost's public API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Prost API", version = "1", description = "When can we all meet, and where? Events with time slots and places, \
        answers, a live tally, and a finalised plan. Errors always have the shape {\"error\": {\"code\", \"message\", \"fields\"?}}. \
        Extension: with several replicas (REDIS_URL set) every response carries `X-Prost-Replica` (the replica that served it), \
        a view served from the Redis cache carries `X-Prost-Cache: hit`, and a write for an event that no replica can safely own \
        (Redis unreachable) or that is changing hands gets 503 with code `unavailable`; retrying shortly succeeds."),
    paths(
        auth::register, auth::login, auth::refresh, auth::logout, auth::me,
        verify::verify, verify::resend, password::forgot, password::reset, password::change,
        oidc::start, oidc::callback, me::patch, me::unlink_identity, me::export, me::delete,
        events::create, events::list, events::get, events::patch, events::delete,
        contributions::add_place, contributions::comment, contributions::list_comments,
        participants::join, participants::answers, participants::remove,
        finalize::finalize, finalize::reopen, finalize::calendar,
        live::live,
        ops::healthz, ops::readyz, ops::metrics, ops::openapi_json, ops::openapi_yaml,
        config::get,
        telegram::link_account, telegram::unlink_account, telegram::link_participant, telegram::participant_link,
        telegram::unlink_participant, telegram::webapp_sign_in,
    ),
    components(schemas(crate::domain::change::Change)),
    modifiers(&BearerScheme, &IdLinks),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "events", description = "Meetups being planned"),
        (name = "participants", description = "Joining and answering"),
        (name = "places", description = "Candidate places"),
        (name = "comments", description = "Talk"),
        (name = "live", description = "The live board over WebSocket"),
        (name = "operations", description = "Probes, metrics and what this server offers"),
        (name = "telegram", description = "Linking Telegram chats for plans and reminders (503 when Telegram is off)"),
    )
)]
pub struct ApiDoc;

/// The document as served. utoipa 5 writes link fields in snake_case (`operation_ref`), which
/// OpenAPI tools ignore, so they are renamed to the spec's camelCase here.
pub fn document() -> serde_json::Value {
    let mut value = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    camel_case_links(&mut value);
    value
}

fn camel_case_links(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(links)) = map.get_mut("links") {
                for link in links.values_mut().filter_map(serde_json::Value::as_object_mut) {
                    for (from, to) in [
                        ("operation_ref", "operationRef"),
                        ("operation_id", "operationId"),
                        ("request_body", "requestBody"),
                    ] {
                        if let Some(v) = link.remove(from).filter(|v| v != "") {
                            link.insert(to.into(), v);
                        }
                    }
                }
            }
            map.values_mut().for_each(camel_case_links);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(camel_case_links),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_use_the_spec_field_names() {
        let doc = super::document();
        let link = &doc["paths"]["/api/v1/events"]["post"]["responses"]["201"]["links"]["get_api_v1_events__id_"];
        assert_eq!(link["operationRef"], "#/paths/~1api~1v1~1events~1{id}/get");
        assert_eq!(link["parameters"]["id"], "$response.body#/id");
        assert!(link.get("operation_ref").is_none());
    }
}
