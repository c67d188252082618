//! What happens to a request before its handler, when it concerns one event or spends a budget:
//! the client's real address (behind trusted proxies), its rate limits (local, then shared
//! across replicas), and routing to the replica that owns the event.

use super::error::ApiError;
use super::rate_limit::{Kind, RateLimits};
use super::state::AppState;
use crate::cluster::{Cluster, INTERNAL_HEADER};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The client's address: the peer, unless the peer is a trusted proxy, in which case the
/// nearest address in `X-Forwarded-For` that is not one of ours.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let hops: Vec<IpAddr> = forwarded.flat_map(|v| v.split(',')).filter_map(|hop| hop.trim().parse().ok()).collect();
    hops.into_iter().rev().find(|hop| !trusted.contains(hop)).unwrap_or(peer)
}

fn peer_of(request: &Request) -> Option<IpAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip())
}

/// Whether another replica sent this request (it already spent the client's budget).
fn from_replica(state: &AppState, headers: &HeaderMap) -> bool {
    let token = headers.get(INTERNAL_HEADER).map(HeaderValue::as_bytes);
    matches!((&state.cluster, token), (Some(cluster), Some(token)) if cluster.is_internal(token))
}

/// One client's budgets, wherever it spends them: REST requests and live-socket messages draw
/// on the same ones.
#[derive(Clone)]
pub struct Budget {
    limits: Arc<RateLimits>,
    cluster: Option<Arc<Cluster>>,
    client: IpAddr,
}

impl Budget {
    /// `client`'s budgets on this server.
    pub fn of(state: &AppState, client: IpAddr) -> Budget {
        Budget { limits: state.limits.clone(), cluster: state.cluster.clone(), client }
    }

    /// Spends one `kind`: in this process first, so floods never reach Redis, then across
    /// replicas (except reads, whose budget is per replica: a Redis round trip per read would
    /// cost more than it saves). With Redis away the local limit still holds.
    pub async fn spend(&self, kind: Kind) -> Result<(), ApiError> {
        self.limits.check(kind, self.client)?;
        if kind != Kind::Read
            && let Some(cluster) = &self.cluster
            && let Ok(Some(wait)) = cluster.take_budget(kind.name(), self.client, self.limits.per_minute(kind)).await
        {
            metrics::counter!("prost_rate_limited_total", "kind" => kind.name()).increment(1);
            return Err(ApiError::rate_limited(wait));
        }
        Ok(())
    }
}

/// Spends the request's budget.
pub async fn limit_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (Some(kind), Some(peer)) = (Kind::of(request.method(), request.uri().path()), peer_of(&request)) else {
        return next.run(request).await;
    };
    if from_replica(&state, request.headers()) {
        return next.run(request).await;
    }
    let client = client_ip(peer, request.headers(), &state.trusted_proxies);
    match Budget::of(&state, client).spend(kind).await {
        Ok(()) => next.run(request).await,
        Err(limited) => limited.into_response(),
    }
}

/// The event a request is about, for `/api/v1/events/{id}` and everything under it except the
/// live socket (which any replica serves, fed by Redis).
fn event_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/api/v1/events/")?;
    let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
    (!id.is_empty() && tail != "live").then_some(id)
}

/// With replicas: serves `GET /events/{id}` from the cache when it can, and sends any other
/// request about an event to the replica that owns it. Without replicas, passes through.
pub async fn route_to_owner(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(cluster) = state.cluster.clone() else { return next.run(request).await };
    let mut response = match event_of(request.uri().path()).map(str::to_string) {
        None => next.run(request).await,
        Some(_) if from_replica(&state, request.headers()) => next.run(request).await,
        Some(event_id) => {
            let is_view = request.method() == Method::GET
                && request.uri().path().trim_end_matches('/') == format!("/api/v1/events/{event_id}");
            let hit = if is_view { cluster.cached_view(&event_id).await } else { None };
            match hit {
                Some(body) => cached(body),
                None => owner_or_here(&state, &event_id, request, next).await,
            }
        }
    };
    // Names the replica that did the work: a forwarded answer keeps the owner's name.
    if let Ok(id) = HeaderValue::from_str(&cluster.me.id) {
        response.headers_mut().entry("x-prost-replica").or_insert(id);
    }
    response
}

async fn owner_or_here(state: &AppState, event_id: &str, request: Request, next: Next) -> Response {
    match state.registry.locate(event_id).await {
        Ok(Some(owner)) if !owner.url.is_empty() => {
            let peer = peer_of(&request).unwrap_or(IpAddr::from([127, 0, 0, 1]));
            let client = client_ip(peer, request.headers(), &state.trusted_proxies);
            let cluster = state.cluster.as_ref().expect("only called with a cluster");
            cluster.proxy(&owner, request, client).await
        }
        // Local, unknown (the handler answers 404), or nobody can own it now (Redis is away):
        // the handler reads from the store and refuses writes with 503.
        _ => next.run(request).await,
    }
}

fn cached(body: bytes::Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-prost-cache", HeaderValue::from_static("hit"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trusted_proxies_may_name_the_client() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.9, 198.51.100.7".parse().unwrap());
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(client_ip(stranger, &headers, &[proxy]), stranger, "untrusted peers cannot spoof");
        assert_eq!(client_ip(proxy, &headers, &[proxy]), "198.51.100.7".parse::<IpAddr>().unwrap(), "nearest hop wins");
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy, "no header: the proxy itself");
    }

    #[test]
    fn event_routes_are_recognised() {
        assert_eq!(event_of("/api/v1/events/abc"), Some("abc"));
        assert_eq!(event_of("/api/v1/events/abc/participants/p1/answers"), Some("abc"));
        assert_eq!(event_of("/api/v1/events/abc/live"), None, "sockets stay where they land");
        assert_eq!(event_of("/api/v1/events"), None);
        assert_eq!(event_of("/api/v1/events/"), None);
        assert_eq!(event_of("/api/v1/me"), None);
    }
}
