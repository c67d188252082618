//! The web pages. Until the React client lands, a small self-contained page says what Prost is
//! and where the API lives, and share links (`/e/{id}`) land on it too.

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};

const PAGE: &str = include_str!("placeholder.html");

/// The landing page (also served for client-side routes).
pub async fn index() -> Response {
    let mut response = Html(PAGE).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
