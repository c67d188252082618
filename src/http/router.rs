//! The route table.

use super::state::AppState;
use super::{
    auth, config, contributions, events, finalize, gate, internal, live, me, oidc, ops, participants, password,
    preview, security, telegram, verify, web,
};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post, put};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body (API.md: over 1 MiB is 413).
pub const MAX_BODY: usize = 1024 * 1024;

/// Every route, with the layers that apply to all of them.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/refresh", post(auth::refresh))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me).patch(me::patch).delete(me::delete))
        .route("/me/export", get(me::export))
        .route("/me/identities/{provider}", axum::routing::delete(me::unlink_identity))
        .route("/auth/verify-email", post(verify::verify))
        .route("/auth/verify-email/resend", post(verify::resend))
        .route("/auth/password/forgot", post(password::forgot))
        .route("/auth/password/reset", post(password::reset))
        .route("/auth/password/change", post(password::change))
        .route("/auth/oidc/{provider}/start", get(oidc::start))
        .route("/auth/oidc/{provider}/callback", get(oidc::callback))
        .route("/config", get(config::get))
        .route("/me/telegram", axum::routing::delete(telegram::unlink_account))
        .route("/me/telegram/link", post(telegram::link_account))
        .route("/auth/telegram/webapp", post(telegram::webapp_sign_in))
        .route("/events", post(events::create).get(events::list))
        .route("/events/{id}", get(events::get).patch(events::patch).delete(events::delete))
        .route("/events/{id}/places", post(contributions::add_place))
        .route("/events/{id}/comments", post(contributions::comment).get(contributions::list_comments))
        .route("/events/{id}/participants", post(participants::join))
        .route("/events/{id}/participants/{pid}", axum::routing::delete(participants::remove))
        .route("/events/{id}/participants/{pid}/answers", put(participants::answers))
        .route(
            "/events/{id}/participants/{pid}/telegram/link",
            post(telegram::link_participant).get(telegram::participant_link),
        )
        // Unlinking mirrors `DELETE /me/telegram`; the link path keeps only the code and the status.
        .route("/events/{id}/participants/{pid}/telegram", axum::routing::delete(telegram::unlink_participant))
        .route("/events/{id}/finalize", post(finalize::finalize))
        .route("/events/{id}/reopen", post(finalize::reopen))
        .route("/events/{id}/calendar.ics", get(finalize::calendar))
        .route("/events/{id}/live", get(live::live));

    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/api/openapi.json", get(ops::openapi_json))
        .route("/api/openapi.yaml", get(ops::openapi_yaml))
        .route("/internal/v1/events/{id}/answers", post(internal::answers))
        .route("/internal/v1/events/{id}/cards", post(internal::cards))
        // Everything else is the web client: its files, and `index.html` for client-side routes.
        .fallback({
            let previews = preview::Previews { store: state.store.clone(), public_url: state.public_url.clone() };
            let client = web::WebClient::new(&state.web_dir).with_previews(previews);
            move |request| client.clone().serve(request)
        })
        // Outermost first on the way in: limits, then routing to the event's owner.
        .layer(middleware::from_fn_with_state(state.clone(), gate::route_to_owner))
        .layer(middleware::from_fn_with_state(state.clone(), gate::limit_requests))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(MAX_BODY, security::refuse_oversized))
        .layer(middleware::from_fn(security::json_errors))
        .layer(CatchPanicLayer::custom(security::panic_response))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(middleware::from_fn(security::record_metrics))
        .layer(TraceLayer::new_for_http().make_span_with(security::request_span))
        .layer(middleware::from_fn_with_state(state.https, security::headers))
        .with_state(state)
}

/// What a `PROST_ROLE=worker` process serves: probes, metrics, and the routes other replicas
/// use to reach the event actors it may hold. No API, no web client.
pub fn worker_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/internal/v1/events/{id}/answers", post(internal::answers))
        .route("/internal/v1/events/{id}/cards", post(internal::cards))
        .fallback(|| async {
            super::error::ApiError::not_found("this process only runs background work (PROST_ROLE=worker)")
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(MAX_BODY, security::refuse_oversized))
        .layer(middleware::from_fn(security::json_errors))
        .layer(CatchPanicLayer::custom(security::panic_response))
        .layer(middleware::from_fn_with_state(state.https, security::headers))
        .with_state(state)
}
