//! The web client as the real binary serves it: cache headers, client-side routes falling back
//! to `index.html`, precompressed files, and the API keeping its JSON 404s. Each test points
//! `PROST_WEB_DIR` at a fixture build, so none depends on the real client having been built.

use crate::helpers::assert_error;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, HeaderMap, VARY};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INDEX: &str = "<!doctype html><title>Prost</title><div id=root></div>";
const SCRIPT: &str = "export const pour = () => 'Prost!';\n";
const HASHED: &str = "/assets/index-Bx7kQ2.js";

/// `prost serve` on a free port, serving `web_dir`; killed on drop.
struct WebServer {
    child: Child,
    base: String,
    http: Client,
    _data: tempfile::TempDir,
}

impl WebServer {
    async fn start(web_dir: &Path) -> WebServer {
        let data = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_prost"))
            .arg("serve")
            .env("PROST_ADDR", format!("127.0.0.1:{port}"))
            .env("PROST_DATA_DIR", data.path())
            .env("PROST_WEB_DIR", web_dir)
            .env_remove("MONGODB_URI")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prost starts");
        let server = WebServer { child, base: format!("http://127.0.0.1:{port}"), http: Client::new(), _data: data };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !server.get("/healthz", None).await.map(|r| r.status() == StatusCode::OK).unwrap_or(false) {
            assert!(Instant::now() < deadline, "prost did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    async fn get(&self, path: &str, accept_encoding: Option<&str>) -> reqwest::Result<reqwest::Response> {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(encodings) = accept_encoding {
            request = request.header(ACCEPT_ENCODING, encodings);
        }
        request.send().await
    }

    /// Status, headers and raw body bytes (reqwest here does not decompress).
    async fn fetch(&self, path: &str, accept_encoding: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.get(path, accept_encoding).await.expect("request sent");
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.bytes().await.unwrap().to_vec())
    }
}

impl Drop for WebServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `dist/` as `npm run build` leaves it: index, a hashed script with its `.br`/`.gz`
/// siblings (fake bodies, so the test can tell which file was sent), a favicon, and the Vite
/// manifest in its hidden folder.
fn fixture_build() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::create_dir_all(root.join(".vite")).unwrap();
    std::fs::write(root.join("index.html"), INDEX).unwrap();
    std::fs::write(root.join(&HASHED[1..]), SCRIPT).unwrap();
    std::fs::write(root.join(format!("{}.br", &HASHED[1..])), b"brotli bytes").unwrap();
    std::fs::write(root.join(format!("{}.gz", &HASHED[1..])), b"gzip bytes").unwrap();
    std::fs::write(root.join("favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
    std::fs::write(root.join(".vite/manifest.json"), "{}").unwrap();
    dir
}

fn header(headers: &HeaderMap, name: impl reqwest::header::AsHeaderName) -> &str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_sent_precompressed() {
    let build = fixture_build();
    let server = WebServer::start(build.path()).await;
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), "br", b"brotli bytes".as_slice()),
        (Some("gzip"), "gzip", b"gzip bytes".as_slice()),
        (None, "", SCRIPT.as_bytes()),
    ] {
        let (status, headers, bytes) = server.fetch(HASHED, accept).await;
        assert_eq!(status, StatusCode::OK, "Accept-Encoding {accept:?}");
        assert_eq!(header(&headers, CONTENT_ENCODING), encoding, "Accept-Encoding {accept:?}");
        assert_eq!(bytes, body, "Accept-Encoding {accept:?}");
        assert_eq!(header(&headers, CONTENT_TYPE), "text/javascript");
        assert_eq!(header(&headers, CACHE_CONTROL), "public, max-age=31536000, immutable");
        assert_eq!(header(&headers, VARY), "Accept-Encoding");
    }
}

#[tokio::test]
async fn client_routes_get_index_html_revalidated() {
    let build = fixture_build();
    let server = WebServer::start(build.path()).await;
    for path in ["/", "/e/k3J9xQ2pLm", "/events", "/new", "/login", "/index.html"] {
        let (status, headers, body) = server.fetch(path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(body, INDEX.as_bytes(), "{path}");
        assert!(header(&headers, CONTENT_TYPE).starts_with("text/html"), "{path}");
        assert_eq!(header(&headers, CACHE_CONTROL), "no-cache", "{path}");
        assert!(headers.contains_key("last-modified"), "{path}: a validator to revalidate against");
    }
    let last_modified = header(&server.fetch("/e/abc", None).await.1, "last-modified").to_owned();
    let again = server
        .http
        .get(format!("{}/e/abc", server.base))
        .header("if-modified-since", last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "revalidation is a 304, not the page again");
}

#[tokio::test]
async fn other_files_get_a_short_cache() {
    let build = fixture_build();
    let server = WebServer::start(build.path()).await;
    let (status, headers, _) = server.fetch("/favicon.svg", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, CONTENT_TYPE), "image/svg+xml");
    assert_eq!(header(&headers, CACHE_CONTROL), "public, max-age=3600");
}

#[tokio::test]
async fn missing_files_and_unknown_api_paths_are_json_404s_not_the_app() {
    let build = fixture_build();
    let server = WebServer::start(build.path()).await;
    for path in [
        "/api/v1/no-such-thing",
        "/api/nothing",
        "/api",
        "/assets/index-Old123.js",
        "/assets/gone",
        "/robots.txt",
        "/.vite/manifest.json",
    ] {
        let (status, headers, body) = server.fetch(path, Some("gzip, br")).await;
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
        assert!(header(&headers, CONTENT_TYPE).starts_with("application/json"), "{path}");
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_404_the_app_draws_for_browsers_and_json_for_others() {
    let build = fixture_build();
    let server = WebServer::start(build.path()).await;
    let browser = server.http.get(format!("{}/totally/unknown", server.base)).header("accept", "text/html,*/*").send();
    let browser = browser.await.unwrap();
    assert_eq!(browser.status(), StatusCode::NOT_FOUND);
    assert!(header(browser.headers(), CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(browser.text().await.unwrap(), INDEX, "the app renders its own 404 page");
    let (status, _, body) = server.fetch("/totally/unknown", None).await;
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn the_api_and_probes_still_answer_beside_the_client() {
    let build = fixture_build();
    let server = WebServer::start(build.path()).await;
    let (status, headers, _) = server.fetch("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(header(&headers, CONTENT_TYPE).starts_with("application/json"));
    let wrong_method = server.http.post(format!("{}/events", server.base)).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED, "the client's routes are read-only");
}

#[tokio::test]
async fn without_a_build_the_placeholder_stands_in() {
    let empty = tempfile::tempdir().unwrap();
    let server = WebServer::start(empty.path()).await;
    let (status, headers, body) = server.fetch("/e/k3J9xQ2pLm", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, CACHE_CONTROL), "no-cache");
    assert!(String::from_utf8_lossy(&body).contains("/api/openapi.json"), "the placeholder points at the API");
    let (status, _, _) = server.fetch(HASHED, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
