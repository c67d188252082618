//! Bad input always gets a 4xx in the API.md shape, never a 500.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn raw(app: &TestApp, method: Method, path: &str, token: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut request =
        app.http.request(method, app.url(path)).header("content-type", "application/json").body(body.to_string());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    assert!(
        response.headers()["content-type"].to_str().unwrap().starts_with("application/json"),
        "JSON error for {path}"
    );
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn malformed_requests_get_clear_errors(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let cases = [
        ("{not json", "malformed"),
        (r#"{"title": 42, "slots": []}"#, "wrong type"),
        (r#"{"slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]}"#, "missing title"),
        (
            r#"{"title": "x", "visibility": "secret", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]}"#,
            "unknown enum",
        ),
        (r#"{"title": "x", "slots": [{"start": "yesterday", "end": "2027-12-04T16:00:00Z"}]}"#, "bad time"),
        (r#"[1,2,3]"#, "not an object"),
    ];
    for (body, what) in cases {
        let (status, reply) = raw(&app, Method::POST, "/api/v1/events", Some(&olga), body).await;
        assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
        assert!(!reply["error"]["message"].as_str().unwrap().is_empty(), "{what}");
    }

    let invalid = [
        (json!({"title": "", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]}), "title"),
        (
            json!({"title": "x", "timezone": "Mars/Olympus", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]}),
            "timezone",
        ),
        (
            json!({"title": "x", "slots": [{"start": "2027-12-04T16:00:00Z", "end": "2027-12-04T15:00:00Z"}]}),
            "slots[0].end",
        ),
        (json!({"title": "x"}), "slots"),
        (
            json!({"title": "x", "grid": {"dates": ["2027-12-04"], "from": "18:00", "to": "20:00", "stepMinutes": 7}}),
            "grid.stepMinutes",
        ),
        (
            json!({"title": "x", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}], "places": [{"name": "x", "mapUrl": "javascript:alert(1)"}]}),
            "places[0].mapUrl",
        ),
    ];
    for (body, field) in invalid {
        let (status, reply) = app.call(Method::POST, "/api/v1/events", Some(&olga), Some(body)).await;
        assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
        assert!(reply["error"]["fields"][field].is_string(), "expected field {field} in {reply}");
    }

    let (status, reply) = raw(
        &app,
        Method::PATCH,
        &format!("/api/v1/events/{}", app.pints(&olga).await["id"].as_str().unwrap()),
        Some(&olga),
        "[null, null]",
    )
    .await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let form = app
        .http
        .post(app.url("/api/v1/events"))
        .bearer_auth(&olga)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::BAD_REQUEST, "a non-JSON content type is a 400, not a 415");

    let huge = format!(r#"{{"title": "{}", "slots": []}}"#, "x".repeat(1024 * 1024 + 10));
    let (status, reply) = raw(&app, Method::POST, "/api/v1/events", Some(&olga), &huge).await;
    assert_error(status, &reply, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");

    let event = app.pints(&olga).await;
    let id = event["id"].as_str().unwrap();
    let (pid, token) = app.guest(id, "Anya").await;
    let answers = format!("/api/v1/events/{id}/participants/{pid}/answers");
    let (status, reply) = app
        .call_as_guest(Method::PUT, &answers, &token, Some(json!({"slots": {"s99": "yes"}, "places": {"p42": "no"}})))
        .await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(
        reply["error"]["fields"]["slots.s99"].is_string() && reply["error"]["fields"]["places.p42"].is_string(),
        "{reply}"
    );
    let (status, reply) =
        app.call_as_guest(Method::PUT, &answers, &token, Some(json!({"slots": {"s1": "perhaps"}}))).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let (status, reply) =
        app.call(Method::POST, &format!("/api/v1/events/{id}/participants"), None, Some(json!({"name": ""}))).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let (status, reply) = app
        .call(
            Method::POST,
            &format!("/api/v1/events/{id}/finalize"),
            Some(&olga),
            Some(json!({"slotId": "s9", "placeId": "p1"})),
        )
        .await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(
        app.get_event(id).await["participants"][0]["answers"]["slots"].as_object().unwrap().is_empty(),
        "nothing was stored"
    );
}

async fn unknown_things_are_404s(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    for path in
        ["/api/v1/events/doesNotExist1", "/api/v1/events/..%2F..%2Fetc", "/api/v1/nothing-here", "/totally/unknown"]
    {
        let (status, reply) = app.call(Method::GET, path, None, None).await;
        assert_error(status, &reply, StatusCode::NOT_FOUND, "not_found");
    }
    let (status, reply) =
        app.call(Method::PATCH, "/api/v1/events/doesNotExist1", Some(&olga), Some(json!({"title": "x"}))).await;
    assert_error(status, &reply, StatusCode::NOT_FOUND, "not_found");
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (status, reply) =
        app.call(Method::DELETE, &format!("/api/v1/events/{id}/participants/nobody"), Some(&olga), None).await;
    assert_error(status, &reply, StatusCode::NOT_FOUND, "not_found");
    let (status, reply) = app.call(Method::PUT, "/api/v1/events", Some(&olga), None).await;
    assert_error(status, &reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let (status, reply) = app.call(Method::GET, "/api/v1/events?limit=0", None, None).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let (status, reply) = app.call(Method::GET, "/api/v1/events?cursor=garbage", None, None).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let (status, reply) = app.call(Method::GET, &format!("/api/v1/events/{id}/live"), None, None).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
}

async fn text_must_be_visible_and_free_of_control_characters(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let slots = json!([{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]);
    for (title, problem) in [
        (r"Pints\u0000at nine", "control"),
        (r"\u001b[31mred", "control"),
        (r"\u200b\u200d\ufeff", "empty"),
        (r"\u3164 \u3164", "empty"),
    ] {
        let body = format!(r#"{{"title": "{title}", "slots": {slots}}}"#);
        let (status, reply) = raw(&app, Method::POST, "/api/v1/events", Some(&olga), &body).await;
        assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
        let said = reply["error"]["fields"]["title"].as_str().unwrap_or_default();
        assert!(said.contains(problem), "{title}: {reply}");
    }
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (status, reply) =
        raw(&app, Method::POST, &format!("/api/v1/events/{id}/participants"), None, r#"{"name": "\u200b"}"#).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(reply["error"]["fields"]["name"].is_string(), "{reply}");
    // Visible text around invisible characters is kept, trimmed.
    let (status, reply) = raw(
        &app,
        Method::POST,
        &format!("/api/v1/events/{id}/participants"),
        None,
        r#"{"name": "\u200b Саша \u200b"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    assert_eq!(reply["participant"]["name"], "Саша");
}

async fn one_error_names_only_so_many_fields(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (pid, token) = app.guest(&id, "Anya").await;
    let slots: serde_json::Map<String, Value> = (0..20_000).map(|i| (format!("x{i}"), json!("yes"))).collect();
    let path = format!("/api/v1/events/{id}/participants/{pid}/answers");
    let (status, reply) = app.call_as_guest(Method::PUT, &path, &token, Some(json!({"slots": slots}))).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let fields = reply["error"]["fields"].as_object().unwrap();
    assert!(fields.len() <= 21, "{} fields", fields.len());
    assert!(fields["_more"].as_str().unwrap().starts_with("19980 more"), "{reply}");
    assert!(reply.to_string().len() < 4096, "a short answer to a long question");
}

async fn long_targets_get_a_json_414(app: TestApp) {
    let path = format!("/api/v1/events/{}", "a".repeat(10_000));
    let (status, reply) = app.call(Method::GET, &path, None, None).await;
    assert_error(status, &reply, StatusCode::URI_TOO_LONG, "uri_too_long");
}

on_both_stores!(
    malformed_requests_get_clear_errors,
    unknown_things_are_404s,
    text_must_be_visible_and_free_of_control_characters,
    one_error_names_only_so_many_fields,
    long_targets_get_a_json_414,
);
