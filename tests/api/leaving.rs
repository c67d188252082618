//! Leaving: `GET /me/export` holds everything about the caller, and `DELETE /me` removes the
//! account, its events and its places in other people's events, which their watchers see.

use crate::helpers::{LiveClient, TestApp, Wire, assert_error};
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_stores!(export_then_delete_leaves_nothing_behind);

async fn export_then_delete_leaves_nothing_behind(app: TestApp) {
    let email = TestApp::email("Leaver");
    let body = json!({"email": email, "password": "correct horse battery", "name": "Leaver"});
    let (status, registered) = app.call(Method::POST, "/api/v1/auth/register", None, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let token = registered["accessToken"].as_str().unwrap().to_string();
    let own = app.pints(&token).await;
    let own_id = own["id"].as_str().unwrap();

    let (host, _) = app.user("Host").await;
    let theirs = app.pints(&host).await;
    let theirs_id = theirs["id"].as_str().unwrap();
    let (status, joined) = app
        .call(
            Method::POST,
            &format!("/api/v1/events/{theirs_id}/participants"),
            Some(&token),
            Some(json!({"name": "Leaver"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{joined}");
    let pid = joined["participant"]["id"].as_str().unwrap().to_string();
    let slot = theirs["slots"][0]["id"].as_str().unwrap();
    let answers = json!({"slots": {slot: "yes"}});
    let path = format!("/api/v1/events/{theirs_id}/participants/{pid}/answers");
    assert_eq!(app.call(Method::PUT, &path, Some(&token), Some(answers)).await.0, StatusCode::OK);

    let (status, export) = app.call(Method::GET, "/api/v1/me/export", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{export}");
    assert_eq!(export["user"]["email"], email.as_str());
    assert!(export["user"].get("passwordHash").is_none() && !export.to_string().contains("argon2"), "{export}");
    assert_eq!(export["organized"].as_array().unwrap().len(), 1);
    assert_eq!(export["organized"][0]["id"], own_id);
    assert_eq!(
        export["participations"],
        json!([{
            "eventId": theirs_id, "title": "Friday pints", "participantId": pid, "name": "Leaver",
            "answers": {"slots": {slot: "yes"}, "places": {}}, "joinedAt": export["participations"][0]["joinedAt"]
        }])
    );

    let mut watcher = LiveClient::connect(&app, theirs_id, Wire::Json).await;
    watcher.hello(json!({})).await;
    let (status, _) = app.call(Method::DELETE, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let left = watcher.next_change("participantLeft").await;
    assert_eq!(left["changes"][0]["participantId"], pid.as_str(), "{left}");

    let (status, _) = app.call(Method::GET, &format!("/api/v1/events/{own_id}"), None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the events it organised are gone");
    let remaining = app.get_event(theirs_id).await;
    assert!(remaining["participants"].as_array().unwrap().iter().all(|p| p["id"] != pid.as_str()));
    assert!(remaining["tally"]["slots"][0]["yes"].as_array().unwrap().is_empty(), "its answers went with it");
    let (status, body) = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let login = json!({"email": email, "password": "correct horse battery"});
    assert_eq!(app.call(Method::POST, "/api/v1/auth/login", None, Some(login)).await.0, StatusCode::UNAUTHORIZED);
    let again = json!({"email": email, "password": "correct horse battery", "name": "Back again"});
    assert_eq!(app.call(Method::POST, "/api/v1/auth/register", None, Some(again)).await.0, StatusCode::CREATED);
}
