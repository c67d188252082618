//! Registration, sign-in, refresh rotation, sign-out and token checks.

use crate::helpers::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn login(app: &TestApp, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
    app.call(Method::POST, "/api/v1/auth/login", None, Some(body)).await
}

async fn register_login_refresh_logout(app: TestApp) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let body = json!({"email": "Anya@Example.com", "password": "correct horse battery", "name": "Anya"});
    let response = client.post(app.url("/api/v1/auth/register")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("prost_refresh="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let first_refresh = cookie.split(';').next().unwrap().to_string();
    let registered: serde_json::Value = response.json().await.unwrap();
    assert_eq!(registered["user"]["email"], "anya@example.com");
    assert_eq!(registered["user"]["telegramLinked"], false);
    assert_eq!(registered["expiresIn"], 900);

    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "anya@example.com", "password": "another password", "name": "A2"})),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");

    let (status, body) = login(&app, json!({"email": "anya@example.com", "password": "wrong password"})).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = login(&app, json!({"email": "nobody@example.com", "password": "wrong password"})).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = login(&app, json!({"email": "ANYA@example.com", "password": "correct horse battery"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, me) = app.call(Method::GET, "/api/v1/me", body["accessToken"].as_str(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["name"], "Anya");

    // Refresh rotates: the new access token works, and the spent refresh token is refused.
    let response = client.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let rotated =
        response.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    assert_ne!(rotated, first_refresh, "the refresh token rotates");
    let refreshed: serde_json::Value = response.json().await.unwrap();
    let (status, _) = app.call(Method::GET, "/api/v1/me", refreshed["accessToken"].as_str(), None).await;
    assert_eq!(status, StatusCode::OK);

    // Once its successor has been used too, a spent token coming back means theft: the whole
    // family is revoked, including the current token. (Within the grace window, a spent token
    // whose successor is unused gets that successor: see `sessions.rs`.)
    let next = client.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(next.status(), StatusCode::OK);
    let current = next.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let replay = app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", &first_refresh).send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED, "a spent refresh token is refused");
    for token in [&rotated, &current] {
        let after_theft = app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", token).send().await.unwrap();
        assert_eq!(after_theft.status(), StatusCode::UNAUTHORIZED);
    }

    // A fresh sign-in, then logout revokes it.
    let login = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "anya@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let logout = client.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let refused = client.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");
}

async fn registration_validates_fields(app: TestApp) {
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "not-an-email", "password": "short", "name": " "})),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    for field in ["email", "password", "name"] {
        assert!(body["error"]["fields"][field].is_string(), "{field} named in {body}");
    }
}

fn forge(claims: serde_json::Value, secret: &str, alg: Algorithm) -> String {
    encode(&Header::new(alg), &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

async fn bad_tokens_are_refused(app: TestApp) {
    let (token, user_id) = app.user("Olga").await;
    let now = jiff::Timestamp::now().as_second();
    let claims = |aud: &str, exp: i64| json!({"sub": user_id, "name": "Olga", "iss": "prost", "aud": aud, "iat": now, "nbf": now, "exp": exp});
    let good = forge(claims("prost-api", now + 600), JWT_SECRET, Algorithm::HS256);
    let (status, _) = app.call(Method::GET, "/api/v1/me", Some(&good), None).await;
    assert_eq!(status, StatusCode::OK, "a correctly made token is accepted (the forging is right)");

    let expired = forge(claims("prost-api", now - 600), JWT_SECRET, Algorithm::HS256);
    let wrong_audience = forge(claims("another-app", now + 600), JWT_SECRET, Algorithm::HS256);
    let wrong_key = forge(claims("prost-api", now + 600), "some other secret", Algorithm::HS256);
    let wrong_alg = forge(claims("prost-api", now + 600), JWT_SECRET, Algorithm::HS384);
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let none_header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let alg_none = format!("{none_header}.{}.", parts[1]);
    let tampered = format!("{}.{}x.{}", parts[0], parts[1], parts[2]);
    for (what, bad) in [
        ("expired", expired),
        ("audience", wrong_audience),
        ("key", wrong_key),
        ("alg", wrong_alg),
        ("none", alg_none),
        ("tampered", tampered),
        ("junk", "junk".into()),
    ] {
        let (status, body) = app.call(Method::GET, "/api/v1/me", Some(&bad), None).await;
        assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/events",
                Some(&bad),
                Some(
                    json!({"title": "x", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what} token cannot create events");
    }
    let (status, body) = app.call(Method::GET, "/api/v1/me", None, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

on_both_stores!(register_login_refresh_logout, registration_validates_fields, bad_tokens_are_refused);

#[tokio::test]
async fn sign_ins_are_rate_limited_per_client() {
    let app = spawn_app_with(StoreKind::Embedded, |s| s.auth_rate_per_min = 2).await;
    let attempt = || {
        app.http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "x@example.com", "password": "whatever1"}))
            .send()
    };
    assert_eq!(attempt().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(attempt().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let limited = attempt().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    let body: serde_json::Value = limited.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
}
