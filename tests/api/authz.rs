//! Authorization of every mutating endpoint: strangers, other participants and anonymous
//! callers are refused, and the refusal changes nothing.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn only_the_right_people_change_things(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let (mallory, _) = app.user("Mallory").await;
    let event = app.pints(&olga).await;
    let id = event["id"].as_str().unwrap();
    let (anya, anya_token) = app.guest(id, "Anya").await;
    let (_boris, boris_token) = app.guest(id, "Boris").await;
    let before = app.get_event(id).await;

    let e = |suffix: &str| format!("/api/v1/events/{id}{suffix}");
    let organizer_only: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (Method::PATCH, e(""), Some(json!({"title": "Hijacked"}))),
        (Method::DELETE, e(""), None),
        (Method::POST, e("/finalize"), Some(json!({"slotId": "s1", "placeId": "p1"}))),
        (Method::POST, e("/reopen"), None),
    ];
    for (method, path, body) in &organizer_only {
        let (status, reply) = app.call(method.clone(), path, Some(&mallory), body.clone()).await;
        assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
        let (status, reply) = app.call(method.clone(), path, None, body.clone()).await;
        assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");
        let (status, reply) = app.call_as_guest(method.clone(), path, &anya_token, body.clone()).await;
        assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    }

    // Answers: only the participant's own token.
    let answers = e(&format!("/participants/{anya}/answers"));
    let vote = Some(json!({"slots": {"s1": "no"}}));
    let (status, reply) = app.call_as_guest(Method::PUT, &answers, &boris_token, vote.clone()).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, reply) = app.call(Method::PUT, &answers, Some(&olga), vote.clone()).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, reply) = app.call(Method::PUT, &answers, None, vote.clone()).await;
    assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, reply) = app.call_as_guest(Method::PUT, &answers, "forged-token", vote).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");

    // Removing a participant: the organiser or themselves, not another guest or a stranger.
    let remove = e(&format!("/participants/{anya}"));
    let (status, reply) = app.call_as_guest(Method::DELETE, &remove, &boris_token, None).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, reply) = app.call(Method::DELETE, &remove, Some(&mallory), None).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");

    // Places and comments need a participant (or the organiser).
    let (status, reply) =
        app.call(Method::POST, &e("/places"), Some(&mallory), Some(json!({"name": "Mallory's bar"}))).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, reply) = app.call(Method::POST, &e("/places"), None, Some(json!({"name": "Anon bar"}))).await;
    assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, reply) = app.call(Method::POST, &e("/comments"), Some(&mallory), Some(json!({"text": "spam"}))).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, reply) = app.call(Method::POST, &e("/comments"), None, Some(json!({"text": "spam"}))).await;
    assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");

    assert_eq!(app.get_event(id).await, before, "refused requests changed nothing");
    for (method, path) in
        [(Method::DELETE, "/api/v1/events/noSuchEvent1"), (Method::POST, "/api/v1/events/noSuchEvent1/reopen")]
    {
        let (status, reply) = app.call(method, path, None, None).await;
        assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    }

    // The organiser may remove a participant and comment without joining.
    let (status, _) = app.call(Method::DELETE, &remove, Some(&olga), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, comment) = app.call(Method::POST, &e("/comments"), Some(&olga), Some(json!({"text": "Prost!"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(comment["author"], "Olga");
}

async fn organiser_switches_are_enforced(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let event = app
        .event(
            &olga,
            json!({
                "title": "Members only", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}],
                "settings": {"allowGuests": true, "participantsCanAddPlaces": false}
            }),
        )
        .await;
    let id = event["id"].as_str().unwrap();
    let (_, token) = app.guest(id, "Anya").await;
    let (status, reply) = app
        .call_as_guest(
            Method::POST,
            &format!("/api/v1/events/{id}/places"),
            &token,
            Some(json!({"name": "Anya's pick"})),
        )
        .await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, _) = app
        .call(
            Method::PATCH,
            &format!("/api/v1/events/{id}"),
            Some(&olga),
            Some(json!({"settings": {"allowGuests": false}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, reply) = app
        .call(Method::POST, &format!("/api/v1/events/{id}/participants"), None, Some(json!({"name": "Boris"})))
        .await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (vera, _) = app.user("Vera").await;
    let (status, _) = app
        .call(Method::POST, &format!("/api/v1/events/{id}/participants"), Some(&vera), Some(json!({"name": "Vera"})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "signed-in people may still join");
}

on_both_stores!(only_the_right_people_change_things, organiser_switches_are_enforced);
