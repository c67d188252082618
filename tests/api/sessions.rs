//! Sessions under ASVS: two tabs refreshing with one cookie, generic auth errors, access tokens
//! from the future, and rate limits on the new account endpoints.

use crate::helpers::{JWT_SECRET, StoreKind, TestApp, assert_error, spawn_app_with};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_stores!(two_tabs_refreshing_at_once_stay_signed_in, auth_errors_say_little);

fn refresh_cookie(response: &reqwest::Response) -> String {
    response.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string()
}

async fn two_tabs_refreshing_at_once_stay_signed_in(app: TestApp) {
    let body = json!({"email": TestApp::email("Tabs"), "password": "correct horse battery", "name": "Tabs"});
    let registered = app.http.post(app.url("/api/v1/auth/register")).json(&body).send().await.unwrap();
    let cookie = refresh_cookie(&registered);
    let refresh = || app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", &cookie).send();
    let (first, second) = tokio::join!(refresh(), refresh());
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!((first.status(), second.status()), (StatusCode::OK, StatusCode::OK), "neither tab is signed out");
    let (a, b) = (refresh_cookie(&first), refresh_cookie(&second));
    // Both tabs now hold a live token of the same sign-in (the same one, unless both rotated at
    // the very same instant), and the sign-in goes on.
    for next in [&a, &b] {
        let again = app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", next).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::OK, "the family was not revoked");
        if a == b {
            break;
        }
    }
    // A late third tab with the old cookie, after the sign-in moved on twice: that is theft.
    let late = app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED);
}

async fn auth_errors_say_little(app: TestApp) {
    let (_, user_id) = app.user("Quiet").await;
    let (status, body) = app.call(Method::GET, "/api/v1/me", Some("junk"), None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let message = body["error"]["message"].as_str().unwrap();
    assert_eq!(message, "invalid or expired access token", "the JWT library's text stays in the logs");

    let now = jiff::Timestamp::now().as_second();
    let key = EncodingKey::from_secret(JWT_SECRET.as_bytes());
    let claims = |iat: i64, nbf: i64| json!({"sub": user_id, "name": "Quiet", "iss": "prost", "aud": "prost-api", "iat": iat, "nbf": nbf, "exp": now + 900});
    for (what, iat, nbf) in [("issued in the future", now + 600, now), ("not yet valid", now, now + 600)] {
        let token = encode(&Header::new(Algorithm::HS256), &claims(iat, nbf), &key).unwrap();
        let (status, body) = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
        assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(body["error"]["message"], message, "{what}");
    }
    let fine = encode(&Header::new(Algorithm::HS256), &claims(now, now), &key).unwrap();
    assert_eq!(app.call(Method::GET, "/api/v1/me", Some(&fine), None).await.0, StatusCode::OK);

    let refused =
        app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", "prost_refresh=junk").send().await.unwrap();
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["message"], "your session has ended; sign in again");
}

#[tokio::test]
async fn new_account_endpoints_spend_the_sign_in_budget() {
    let app = spawn_app_with(StoreKind::Embedded, |s| s.auth_rate_per_min = 2).await;
    let forgot =
        || app.http.post(app.url("/api/v1/auth/password/forgot")).json(&json!({"email": "who@example.com"})).send();
    assert_eq!(forgot().await.unwrap().status(), StatusCode::ACCEPTED);
    assert_eq!(forgot().await.unwrap().status(), StatusCode::ACCEPTED);
    let limited = forgot().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    for (method, path) in [
        (Method::POST, "/api/v1/auth/verify-email"),
        (Method::POST, "/api/v1/auth/password/reset"),
        (Method::GET, "/api/v1/auth/oidc/google/start"),
    ] {
        let (status, body) = app.call(method, path, None, Some(json!({}))).await;
        assert_error(status, &body, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    }
}
