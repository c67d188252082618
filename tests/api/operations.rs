//! Probes, metrics, the OpenAPI document and security headers.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn probes_metrics_and_headers(app: TestApp) {
    for path in ["/healthz", "/readyz"] {
        let response = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let (olga, _) = app.user("Olga").await;
    app.pints(&olga).await;
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    for name in ["prost_http_requests_total", "prost_http_request_duration_seconds", "prost_event_actors_alive"] {
        assert!(metrics.contains(name), "{name} missing from /metrics");
    }

    let response = app.http.get(app.url("/")).send().await.unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("frame-ancestors https://web.telegram.org;"), "only Telegram Web may frame us: {csp}");
    assert!(response.text().await.unwrap().contains("Prost"));
    let share_link = app.http.get(app.url("/e/k3J9xQ2pLm")).send().await.unwrap();
    assert_eq!(share_link.status(), StatusCode::OK, "share links land on the web page");
}

async fn openapi_covers_every_route(app: TestApp) {
    let doc: Value = app.http.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/events", "post"),
        ("/api/v1/events", "get"),
        ("/api/v1/events/{id}", "get"),
        ("/api/v1/events/{id}", "patch"),
        ("/api/v1/events/{id}", "delete"),
        ("/api/v1/events/{id}/places", "post"),
        ("/api/v1/events/{id}/participants", "post"),
        ("/api/v1/events/{id}/participants/{pid}/answers", "put"),
        ("/api/v1/events/{id}/participants/{pid}", "delete"),
        ("/api/v1/events/{id}/comments", "post"),
        ("/api/v1/events/{id}/finalize", "post"),
        ("/api/v1/events/{id}/reopen", "post"),
        ("/api/v1/events/{id}/calendar.ics", "get"),
        ("/api/v1/events/{id}/live", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
    ];
    for (path, method) in expected {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} is documented");
    }
    let yaml = app.http.get(app.url("/api/openapi.yaml")).send().await.unwrap().text().await.unwrap();
    assert!(yaml.contains("openapi: 3."));
}

on_both_stores!(probes_metrics_and_headers, openapi_covers_every_route);
