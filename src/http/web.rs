//! The web client: the files `npm run build` writes to `client/dist`, served by the binary.
//!
//! The files are read from a directory at run time (`PROST_WEB_DIR`, default `client/dist`
//! relative to the working directory) rather than embedded at compile time, because:
//! - the client and the server build independently: a client rebuild needs no Rust rebuild,
//!   and `cargo test` never depends on whether (or when) the client was built;
//! - the Helm chart ships the client as its own Deployment, so the server must not insist on
//!   carrying it;
//! - tests point the real binary at a fixture directory instead of the real build.
//!
//! `make run` builds the client before the server and runs from the repository root, so the
//! default finds it with no configuration. Without a build, the placeholder page stands in.
//!
//! Caching: Vite puts a content hash in every file name under `/assets/`, so those are cached
//! for a year; `index.html` (and every client-side route, which is `index.html` too) must be
//! revalidated so a deploy is seen on the next load; other files (the favicon) get an hour.
//! Share links (`/e/{id}`) of existing events are the exception: `preview` renders them with the
//! event's Open Graph tags, and an `ETag` per event version instead of the file's dates.
//! Compression: `npm run build` writes `.br` and `.gz` siblings of the text files
//! (`client/scripts/compress.mjs`), served when the browser accepts them, so no request pays
//! for compressing at maximum quality.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use super::preview::{Previews, event_id_of};

const PLACEHOLDER: &str = include_str!("placeholder.html");
/// Hashed file names never change content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Revalidate every time (cheap: `Last-Modified` makes it a 304).
const REVALIDATE: &str = "no-cache";
/// Unhashed files other than `index.html`.
const SHORT: &str = "public, max-age=3600";

/// Serves the built client from one directory (cheap to clone).
#[derive(Clone)]
pub struct WebClient {
    root: Arc<Path>,
    files: ServeDir,
    index: ServeFile,
    previews: Option<Previews>,
}

impl WebClient {
    /// Serves `root`; logs whether a build is there (the check itself is repeated per request,
    /// so building the client while the server runs needs no restart).
    pub fn new(root: &Path) -> WebClient {
        let index = root.join("index.html");
        if index.is_file() {
            tracing::info!(dir = %root.display(), "serving the web client");
        } else {
            tracing::warn!(
                dir = %root.display(),
                "no web client build here (run `make build` or set PROST_WEB_DIR); serving the placeholder page"
            );
        }
        WebClient {
            root: root.into(),
            files: ServeDir::new(root).precompressed_br().precompressed_gzip(),
            index: ServeFile::new(index).precompressed_br().precompressed_gzip(),
            previews: None,
        }
    }

    /// Serves share links (`/e/{id}`) with the event's link-preview tags.
    pub fn with_previews(self, previews: Previews) -> WebClient {
        WebClient { previews: Some(previews), ..self }
    }

    /// The router's fallback: every path no API route matched.
    pub async fn serve(self, request: Request) -> Response {
        let path = request.uri().path().to_owned();
        if is_api(&path) || path.split('/').any(|segment| segment.starts_with('.')) {
            // Unknown API paths keep the JSON 404 (the error layer fills the body), and hidden
            // files such as `.vite/manifest.json` are nobody's business.
            return StatusCode::NOT_FOUND.into_response();
        }
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let route = is_client_route(&path);
        // An unknown page a browser asked for still gets the app, which shows its 404 page, with
        // a real 404 status; API clients get the JSON error shape instead.
        let browser_miss = !route && wants_html(request.headers()) && is_page_like(&path);
        if !self.root.join("index.html").is_file() {
            return if route { placeholder() } else { StatusCode::NOT_FOUND.into_response() };
        }
        let (method, headers) = (request.method().clone(), request.headers().clone());
        if let (Some(previews), Some(event_id)) = (&self.previews, event_id_of(&path))
            && let Some(page) = previews.page(&self.root, event_id, &method, &headers).await
        {
            return page;
        }
        let mut response = self.files.clone().oneshot(request).await.into_response();
        if response.status() == StatusCode::NOT_FOUND && (route || browser_miss) {
            // A client-side route (`/e/{id}`, `/events`…): the app's router takes it from here.
            let mut again = Request::new(Body::empty());
            *again.method_mut() = method;
            *again.headers_mut() = headers;
            response = self.index.clone().oneshot(again).await.into_response();
            if browser_miss && response.status().is_success() {
                *response.status_mut() = StatusCode::NOT_FOUND;
                set_caching(&mut response, &path);
                return response;
            }
        }
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            set_caching(&mut response, &path);
        }
        response
    }
}

/// `/api` and below belong to the API, matched or not.
fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The app's own pages (client/src/App.tsx), which get `index.html` with 200.
fn is_client_route(path: &str) -> bool {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    match path.strip_prefix("/e/") {
        Some(id) => !id.is_empty() && !id.contains('/') && !id.contains('.'),
        None => matches!(
            path,
            "/" | "/login"
                | "/register"
                | "/events"
                | "/new"
                | "/verify-email"
                | "/reset-password"
                | "/forgot-password"
                | "/settings"
        ),
    }
}

/// Could be a page: not under `/assets/` (a missing hashed file is an old deploy's, and HTML in
/// its place would only confuse the browser), and not a file name (no dot in the last segment).
fn is_page_like(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !path.starts_with("/assets/") && !last.contains('.')
}

fn wants_html(headers: &axum::http::HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// Cache-Control by what was served, and `Vary` because the body depends on Accept-Encoding.
fn set_caching(response: &mut Response, path: &str) {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if html {
        REVALIDATE
    } else if path.starts_with("/assets/") {
        IMMUTABLE
    } else {
        SHORT
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
}

/// The page shown when no client build exists.
fn placeholder() -> Response {
    let mut response = Html(PLACEHOLDER).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_routes_and_files() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/e/k3J9xQ2pLm"));
        assert!(is_client_route("/events"));
        assert!(is_client_route("/new/"));
        assert!(!is_client_route("/totally/unknown"), "unknown pages are 404s");
        assert!(!is_client_route("/e/abc/def"));
        assert!(is_page_like("/totally/unknown"));
        assert!(!is_page_like("/assets/gone"));
        assert!(!is_client_route("/assets/index-abc.js"));
        assert!(!is_client_route("/assets/gone"));
        assert!(!is_client_route("/favicon.ico"));
    }

    #[test]
    fn api_paths() {
        assert!(is_api("/api"));
        assert!(is_api("/api/v1/nope"));
        assert!(!is_api("/apiary"));
    }
}
