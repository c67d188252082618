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

/// `POST /events` without an account on `server`; returns the event's id.
async fn guest_event(server: &WebServer, title: &str, language: Option<&str>) -> String {
    let mut body = serde_json::json!({
        "title": title, "timezone": "Europe/Moscow",
        "slots": [{"start": "2027-12-03T15:00:00Z", "end": "2027-12-03T18:00:00Z"},
                  {"start": "2027-12-05T15:00:00Z", "end": "2027-12-05T18:00:00Z"}],
        "places": [{"name": "Bar <Pivovar>"}, {"name": "Stout Corner"}]
    });
    if let Some(language) = language {
        body["language"] = language.into();
    }
    let response = server.http.post(format!("{}/api/v1/events", server.base)).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn page(server: &WebServer, path: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, String) {
    let mut request = server.http.get(format!("{}{path}", server.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

#[tokio::test]
async fn share_links_carry_the_event_in_their_preview_tags() {
    let build = fixture_build();
    std::fs::write(
        build.path().join("index.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Prost</title>\
         <meta name=\"description\" content=\"Plan a night out\"><meta property=\"og:title\" content=\"Prost\">\
         </head><body><div id=root></div></body></html>",
    )
    .unwrap();
    let server = WebServer::start(build.path()).await;
    let id = guest_event(&server, "Pints & \"friends\" <3", None).await;

    let (status, headers, html) = page(&server, &format!("/e/{id}"), &[("accept-language", "ru-RU,ru;q=0.9")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(header(&headers, CONTENT_TYPE).starts_with("text/html"));
    assert!(html.contains("<meta property=\"og:title\" content=\"Pints &amp; &quot;friends&quot; &lt;3\">"), "{html}");
    assert!(html.contains("<meta name=\"twitter:title\" content=\"Pints &amp; &quot;friends&quot; &lt;3\">"), "{html}");
    assert!(
        html.contains(
            "content=\"Выбираем время и место: пт, 3 дек. – вс, 5 дек. Места: Bar &lt;Pivovar&gt;, Stout Corner.\""
        ),
        "dates in the event's zone, places, escaped: {html}"
    );
    assert!(html.contains("<html lang=\"ru\">") && html.contains("og:locale\" content=\"ru_RU\""), "{html}");
    assert!(
        !html.contains("Plan a night out") && !html.contains("og:title\" content=\"Prost\""),
        "generic tags replaced: {html}"
    );
    assert!(html.contains(&format!("/e/{id}\">")), "og:url names the share link: {html}");
    assert!(html.contains("<div id=root></div>"), "still the app");

    // Caching is per event version and language, never the generic file's dates.
    assert!(!headers.contains_key("last-modified"), "no Last-Modified 304 of the generic file");
    assert_eq!(header(&headers, CACHE_CONTROL), "no-cache");
    let etag = header(&headers, "etag").to_owned();
    assert!(etag.contains(&id), "{etag}");
    let (status, _, _) =
        page(&server, &format!("/e/{id}"), &[("accept-language", "ru"), ("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let (status, en_headers, en) =
        page(&server, &format!("/e/{id}"), &[("accept-language", "en-GB"), ("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::OK, "another language is another page");
    assert!(en.contains("Pick the time and the place: Fri 3 Dec – Sun 5 Dec."), "{en}");
    assert_ne!(header(&en_headers, "etag"), etag);
    let join = server.http.post(format!("{}/api/v1/events/{id}/participants", server.base));
    let joined = join.json(&serde_json::json!({"name": "Anya"})).send().await.unwrap();
    assert_eq!(joined.status(), StatusCode::CREATED);
    let (status, after, _) =
        page(&server, &format!("/e/{id}"), &[("accept-language", "ru"), ("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::OK, "a change to the event is a new page");
    assert_ne!(header(&after, "etag"), etag);

    // The event's own language wins over the reader's.
    let russian = guest_event(&server, "Friday pints", Some("ru")).await;
    let (_, _, html) = page(&server, &format!("/e/{russian}"), &[("accept-language", "en")]).await;
    assert!(html.contains("Выбираем время и место"), "{html}");

    // Unknown ids get the app as before.
    let (status, headers, html) = page(&server, "/e/NoSuchEvent1", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Plan a night out") && headers.contains_key("last-modified"), "{html}");
}
