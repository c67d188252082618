//! `GET /events/{id}/live`: the WebSocket upgrade, with the origin check.

use super::connections::{ConnectionSeat, Full};
use super::error::{ApiError, ApiResult};
use super::extract::PathId;
use super::gate::{Budget, client_ip};
use super::state::AppState;
use crate::live::protocol::{Codec, JSON, MAX_CLIENT_FRAME, MSGPACK};
use crate::live::session::{self, SessionContext};
use axum::Extension;
use axum::extract::ws::{WebSocketUpgrade, rejection::WebSocketUpgradeRejection};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use futures::StreamExt;
use std::net::{IpAddr, SocketAddr};

/// The origin part (`scheme://host[:port]`) of a URL.
fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    Some(parsed.origin().ascii_serialization()).filter(|o| o != "null")
}

/// Browsers send `Origin` on WebSocket upgrades; a page on another site must not be able to
/// open a socket with the visitor's credentials. Same-origin pages, the public URL and the
/// configured extra origins are allowed; clients that send no `Origin` (CLIs, tests) are not
/// browsers and pass.
pub fn origin_allowed(headers: &HeaderMap, state: &AppState) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Some(origin) = origin.to_str().ok().and_then(origin_of) else { return false };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let same_host = origin.split_once("://").is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host));
    same_host
        || origin_of(&state.public_url).as_deref() == Some(origin.as_str())
        || state.allowed_origins.iter().any(|allowed| origin_of(allowed).as_deref() == Some(origin.as_str()))
}

/// Opens the live board of an event. Subprotocols `prost.msgpack.v1` and `prost.json.v1`.
#[utoipa::path(get, path = "/api/v1/events/{id}/live", tag = "live",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 101, description = "Switching to the WebSocket protocol"),
              (status = 400, body = super::error::ErrorBody, description = "Not a WebSocket upgrade"),
              (status = 403, body = super::error::ErrorBody, description = "Origin not allowed"),
              (status = 404, body = super::error::ErrorBody)))]
pub async fn live(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    connection: Option<Extension<ConnectionSeat>>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    if !origin_allowed(&headers, &state) {
        return Err(ApiError::forbidden("this origin may not open the live board"));
    }
    let upgrade = upgrade.map_err(|e| ApiError::invalid(format!("expected a WebSocket upgrade: {e}")))?;
    // Counted by the client's address, not the proxy's: behind HAProxy everyone is one peer.
    // Only in-process tests call without a listener, hence a peer.
    let peer = peer.map_or(IpAddr::from([127, 0, 0, 1]), |Extension(ConnectInfo(peer))| peer.ip());
    let client = client_ip(peer, &headers, &state.trusted_proxies);
    let socket_seat = state.sockets.take(client).map_err(|full| match full {
        Full::ThisAddress => ApiError {
            message: "too many live boards open from your address; close a few tabs".into(),
            ..ApiError::rate_limited(5)
        },
        Full::Everyone => ApiError::unavailable("every live seat is taken; try again in a moment").retry_in(5),
    })?;
    // Fail before upgrading when the event does not exist, so the client gets a plain 404.
    state.registry.view(&id).await?;
    // tungstenite preallocates a 128 KiB read buffer per socket by default; client frames are
    // small, so a 4 KiB chunk (grown on demand) keeps idle sockets cheap. Writes flush early,
    // and a client that lets more than 8 MiB pile up is cut off.
    let upgrade = upgrade
        .protocols([MSGPACK, JSON])
        .max_message_size(MAX_CLIENT_FRAME)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(16 * 1024)
        .max_write_buffer_size(8 * 1024 * 1024);
    let codec = Codec::from_protocol(upgrade.selected_protocol().and_then(|p| p.to_str().ok()));
    let ctx = SessionContext {
        event_id: id,
        codec,
        registry: state.registry.clone(),
        hub: state.hub.clone(),
        keys: state.keys.clone(),
        shutdown: state.shutdown.clone(),
        send_timeout: session::SEND_TIMEOUT,
        cluster: state.cluster.clone(),
        budget: Some(Budget::of(&state, client)),
    };
    Ok(upgrade.on_upgrade(move |socket| async move {
        // Both seats are held for as long as the socket is open: the connection's (its file)
        // outlives the HTTP exchange that upgraded it.
        let _seats = (socket_seat, connection);
        let (sink, stream) = socket.split();
        session::run(sink, stream, ctx).await
    }))
}
