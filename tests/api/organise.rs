//! Organising without an account: `POST /events` with no token gives a guest organiser and an
//! `organizerToken` that runs every organiser action, and signing up later claims the event
//! (and the guest's answers elsewhere).

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn pints_body() -> Value {
    json!({
        "title": "Guest pints", "timezone": "Europe/Moscow", "organizerName": "Olga",
        "slots": [
            {"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T18:00:00Z"},
            {"start": "2027-12-05T15:00:00Z", "end": "2027-12-05T18:00:00Z"}
        ],
        "places": [{"name": "Bar Pivovar"}, {"name": "Stout Corner"}]
    })
}

/// Every organiser action on event `id`, as (method, path, body, success status).
fn organiser_actions(id: &str, guest: &str) -> Vec<(Method, String, Option<Value>, StatusCode)> {
    let e = |suffix: &str| format!("/api/v1/events/{id}{suffix}");
    vec![
        (Method::PATCH, e(""), Some(json!({"title": "Guest pints, renamed"})), StatusCode::OK),
        (Method::POST, e("/places"), Some(json!({"name": "Third bar"})), StatusCode::CREATED),
        (Method::POST, e("/comments"), Some(json!({"text": "See you there"})), StatusCode::CREATED),
        (Method::POST, e("/finalize"), Some(json!({"slotIds": ["s1"], "placeId": "p1"})), StatusCode::OK),
        (Method::POST, e("/reopen"), None, StatusCode::OK),
        (Method::DELETE, e(&format!("/participants/{guest}")), None, StatusCode::NO_CONTENT),
        (Method::DELETE, e(""), None, StatusCode::NO_CONTENT),
    ]
}

async fn the_organizer_token_runs_every_organiser_action(app: TestApp) {
    let event = app.guest_event(pints_body()).await;
    let (id, token) = (event["id"].as_str().unwrap(), event["organizerToken"].as_str().unwrap());
    assert_eq!(event["organizer"]["name"], "Olga");
    assert_eq!(event["organizer"]["isGuest"], true);
    let other = app.guest_event(pints_body()).await;
    let other_token = other["organizerToken"].as_str().unwrap();
    let (guest, guest_token) = app.guest(id, "Anya").await;

    let read = app.get_event(id).await;
    assert!(read.get("organizerToken").is_none(), "the token is shown once, at creation");
    let text = read.to_string();
    assert!(!text.contains(token) && !text.contains("TokenHash"), "no secret in the public view: {text}");

    for (method, path, body, ok) in organiser_actions(id, &guest) {
        let before = app.get_event(id).await;
        for wrong in [other_token, "not-a-token", &guest_token] {
            let (status, reply) = app.call_as_organizer(method.clone(), &path, wrong, body.clone()).await;
            assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
        }
        let (status, reply) = app.call(method.clone(), &path, None, body.clone()).await;
        assert_error(status, &reply, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(app.get_event(id).await, before, "{method} {path}: a refused call changes nothing");

        let (status, reply) = app.call_as_organizer(method.clone(), &path, token, body.clone()).await;
        assert_eq!(status, ok, "{method} {path} with the organiser token: {reply}");
    }
    let (status, body) = app.call(Method::GET, &format!("/api/v1/events/{id}"), None, None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
    // A token that cannot be this event's is refused before the event is looked up: a 403
    // whether or not the event exists, so it tells nobody which ids do.
    for path in [format!("/api/v1/events/{id}"), "/api/v1/events/NoSuchEvent1".to_string()] {
        let (status, body) = app.call_as_organizer(Method::DELETE, &path, other_token, None).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "permission_denied");
        assert!(body["error"]["message"].as_str().unwrap().contains("not this event's"), "{body}");
    }
    // The other event is untouched by all of this.
    assert_eq!(app.get_event(other["id"].as_str().unwrap()).await["title"], "Guest pints");
}

async fn a_guest_organiser_comments_under_their_name(app: TestApp) {
    let event = app.guest_event(pints_body()).await;
    let (id, token) = (event["id"].as_str().unwrap(), event["organizerToken"].as_str().unwrap());
    let path = format!("/api/v1/events/{id}/comments");
    let (status, comment) = app.call_as_organizer(Method::POST, &path, token, Some(json!({"text": "Prost!"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{comment}");
    assert_eq!(comment["author"], "Olga");
    let mut long_name = pints_body();
    long_name["organizerName"] = json!("x".repeat(81));
    let (status, body) = app.call(Method::POST, "/api/v1/events", None, Some(long_name)).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(body["error"]["fields"]["organizerName"].is_string(), "{body}");
    let mut unnamed = pints_body();
    unnamed.as_object_mut().unwrap().remove("organizerName");
    assert_eq!(app.guest_event(unnamed).await["organizer"]["name"], "Organiser");
    // Signed in, the account organises and no token is handed out.
    let (olga, user_id) = app.user("Olga").await;
    let signed_in = app.event(&olga, pints_body()).await;
    assert!(signed_in.get("organizerToken").is_none(), "{signed_in}");
    assert_eq!(signed_in["organizer"], json!({"id": user_id, "name": "Olga", "isGuest": false}));
}

async fn signing_up_claims_the_events_and_the_answers(app: TestApp) {
    let mine = app.guest_event(pints_body()).await;
    let (mine_id, mine_token) = (mine["id"].as_str().unwrap(), mine["organizerToken"].as_str().unwrap());
    let theirs = app.guest_event(pints_body()).await;
    let theirs_id = theirs["id"].as_str().unwrap();
    let (pid, ptoken) = app.guest(theirs_id, "Olga").await;
    let answers = format!("/api/v1/events/{theirs_id}/participants/{pid}/answers");
    let (status, _) = app.call_as_guest(Method::PUT, &answers, &ptoken, Some(json!({"slots": {"s2": "yes"}}))).await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({
                "email": TestApp::email("olga"), "password": "correct horse battery", "name": "Olga K.",
                "organizerTokens": [mine_token, "junk", format!("{theirs_id}.forged")],
                "participantTokens": [ptoken, "stale-old-token"]
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["claimed"]["events"], json!([mine_id]), "only the real token claims: {body}");
    assert_eq!(body["claimed"]["participants"], json!([pid]));
    let (access, user_id) = (body["accessToken"].as_str().unwrap(), body["user"]["id"].as_str().unwrap());

    let claimed = app.get_event(mine_id).await;
    assert_eq!(claimed["organizer"], json!({"id": user_id, "name": "Olga K.", "isGuest": false}));
    let patch = format!("/api/v1/events/{mine_id}");
    let (status, reply) =
        app.call_as_organizer(Method::PATCH, &patch, mine_token, Some(json!({"title": "Still mine?"}))).await;
    assert_error(status, &reply, StatusCode::FORBIDDEN, "permission_denied");
    let (status, reply) = app.call(Method::PATCH, &patch, Some(access), Some(json!({"title": "Mine now"}))).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(app.get_event(theirs_id).await["organizer"]["isGuest"], true, "a forged token claims nothing");

    let linked = app.get_event(theirs_id).await;
    let me = linked["participants"].as_array().unwrap().iter().find(|p| p["id"] == pid).unwrap().clone();
    assert_eq!((me["userId"].as_str(), me["isGuest"].as_bool()), (Some(user_id), Some(false)));
    assert_eq!(me["answers"]["slots"], json!({"s2": "yes"}), "answers kept");
    let (status, page) = app.call(Method::GET, "/api/v1/events?mine=true", Some(access), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let listed: Vec<&str> = page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(listed.contains(&mine_id) && listed.contains(&theirs_id), "{listed:?}");
    // The account is now that participant: joining again returns it instead of a second one.
    let (status, again) = app
        .call(Method::POST, &format!("/api/v1/events/{theirs_id}/participants"), Some(access), Some(json!({})))
        .await;
    assert_eq!((status, again["participant"]["id"].as_str()), (StatusCode::OK, Some(pid.as_str())), "{again}");
}

async fn signing_in_claims_too_with_the_header_for_one_guest(app: TestApp) {
    let email = TestApp::email("vera");
    let register = json!({"email": email, "password": "correct horse battery", "name": "Vera"});
    let (status, _) = app.call(Method::POST, "/api/v1/auth/register", None, Some(register)).await;
    assert_eq!(status, StatusCode::CREATED);
    let event = app.guest_event(pints_body()).await;
    let (id, token) = (event["id"].as_str().unwrap(), event["organizerToken"].as_str().unwrap());
    let other = app.guest_event(pints_body()).await;
    let (pid, ptoken) = app.guest(other["id"].as_str().unwrap(), "Vera").await;
    // The header repeats a listed token, as a client holding one guest token may well send it.
    let login = json!({"email": email, "password": "correct horse battery", "organizerTokens": [token],
                       "participantTokens": [ptoken]});
    let (status, body) =
        app.call_with(Method::POST, "/api/v1/auth/login", &[("x-participant-token", &ptoken)], Some(login)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["claimed"], json!({"events": [id], "participants": [pid]}));
    assert_eq!(app.get_event(id).await["organizer"]["name"], "Vera");
    let too_many: Vec<String> = (0..51).map(|i| format!("{id}.{i}")).collect();
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": email, "password": "correct horse battery", "organizerTokens": too_many})),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(body["error"]["fields"]["organizerTokens"].is_string(), "{body}");
}

on_both_stores!(
    the_organizer_token_runs_every_organiser_action,
    a_guest_organiser_comments_under_their_name,
    signing_up_claims_the_events_and_the_answers,
    signing_in_claims_too_with_the_header_for_one_guest,
);
