//! Cross-cutting response policy: security headers, the JSON error shape for errors that no
//! handler produced (unknown routes, wrong methods, panics), write rate limits, and request
//! metrics.

use super::error::ApiError;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

/// The Content Security Policy: only our own scripts and styles; map tiles from OpenStreetMap.
/// Only Telegram Web may frame the pages: it shows the Mini App in an iframe (the phone and
/// desktop apps use a web view and need nothing). That rule replaces `X-Frame-Options`, which
/// cannot name a framing site.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: https://*.tile.openstreetmap.org; connect-src 'self' ws: wss:; font-src 'self' data:; \
    object-src 'none'; base-uri 'none'; frame-ancestors https://web.telegram.org; form-action 'self'";

/// HSTS for a year, once the public URL is https: browsers then never try plain HTTP first.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The longest request target we read; hyper's own limit (64 KiB) answers without a body.
pub const MAX_URI: usize = 8 * 1024;

/// Adds security headers to every response; `https` adds HSTS.
pub async fn headers(State(https): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if https {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static(HSTS));
    }
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(self)");
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    response
}

/// Refuses what is too big before reading it: a target over [`MAX_URI`] (414), and a body whose
/// `Content-Length` says it is over `max_body` (413, at once: nothing is read, and the
/// connection closes rather than drain it).
pub async fn refuse_oversized(State(max_body): State<usize>, request: Request, next: Next) -> Response {
    if request.uri().to_string().len() > MAX_URI {
        let error = ApiError::new_with(StatusCode::URI_TOO_LONG, "uri_too_long", "that address is too long to read");
        return error.into_response();
    }
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_body as u64) {
        let mut response = ApiError::too_large("that is more than 1 MiB; pour a smaller glass").into_response();
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

/// Turns any error response that is not already JSON into the API.md shape.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    // Bodies that already speak for themselves: JSON errors, and the web client's own 404 page
    // (an unknown page asked for by a browser), which stays HTML.
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let has_body = content_type.starts_with("application/json") || content_type.starts_with("text/html");
    if !(status.is_client_error() || status.is_server_error()) || has_body {
        return response;
    }
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::not_found("nothing on tap here: unknown path"),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = response.headers().get(header::ALLOW).cloned();
            let error = ApiError::new_with(status, "method_not_allowed", "that method is not allowed here");
            let mut out = error.into_response();
            if let Some(allow) = allow {
                out.headers_mut().insert(header::ALLOW, allow);
            }
            return out;
        }
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large("that is more than 1 MiB; pour a smaller glass"),
        StatusCode::REQUEST_TIMEOUT => ApiError { status, ..ApiError::unavailable("the request took too long") },
        s if s.is_server_error() => {
            ApiError { status: s, ..ApiError::internal("something spilled; we are mopping up") }
        }
        s => ApiError { status: s, ..ApiError::invalid(s.canonical_reason().unwrap_or("bad request")) },
    };
    error.into_response()
}

/// The body of a response produced by a panicking handler.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    ApiError::internal("something spilled; we are mopping up").into_response()
}

/// Counts requests and their latency by route template (not raw path, to keep labels few).
pub async fn record_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route =
        request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("prost_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("prost_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The tracing span of a request, named by its route template so traces stay low-cardinality
/// (event ids never become span names).
pub fn request_span(request: &Request) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("unmatched");
    tracing::info_span!("request", method = %request.method(), route)
}
