//! The live board over WebSocket: snapshots, partial answers with ack/error by ref, diffs that
//! carry only what changed, presence, catch-up from a version, read-only sockets, origins.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn painting_reaches_every_watcher(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let event = app.pints(&olga).await;
    let id = event["id"].as_str().unwrap();
    let (anya, anya_token) = app.guest(id, "Anya").await;

    let mut painter = LiveClient::connect(&app, id, Wire::Msgpack).await;
    let snapshot = painter.hello(json!({"participantToken": anya_token})).await;
    let version = snapshot["version"].as_u64().unwrap();
    assert_eq!(snapshot["event"]["id"], id);
    assert_eq!(snapshot["event"]["participants"][0]["name"], "Anya");
    assert_eq!(painter.next_of("presence").await["viewers"], 1);

    let mut watcher = LiveClient::connect(&app, id, Wire::Json).await;
    let seen = watcher.hello(json!({})).await;
    assert_eq!(seen["version"], version);
    assert_eq!(watcher.next_of("presence").await["viewers"], 2);
    assert_eq!(painter.next_of("presence").await["viewers"], 2, "everyone hears about the new viewer");

    painter.send(json!({"type": "answers", "ref": 7, "participantId": anya, "slots": {"s1": "yes", "s2": "maybe"}, "places": {"p1": "no"}})).await;
    let ack = painter.next_of("ack").await;
    assert_eq!(ack["ref"], 7);
    assert_eq!(ack["version"], version + 1);
    let diff = watcher.next_of("diff").await;
    assert_eq!(diff["version"], version + 1);
    assert_eq!(
        diff["changes"],
        json!([{"op": "answers", "participantId": anya, "slots": {"s1": "yes", "s2": "maybe"}, "places": {"p1": "no"}}])
    );

    // A stroke that repaints one cell and clears another sends only those two.
    painter
        .send(
            json!({"type": "answers", "ref": 8, "participantId": anya, "slots": {"s1": "yes", "s2": null, "s3": "no"}}),
        )
        .await;
    assert_eq!(painter.next_of("ack").await["ref"], 8);
    let diff = watcher.next_of("diff").await;
    assert_eq!(diff["version"], version + 2);
    assert_eq!(diff["changes"][0]["slots"], json!({"s2": null, "s3": "no"}), "unchanged s1 is not repeated");

    // REST changes reach sockets too.
    let (status, _) = app
        .call(Method::POST, &format!("/api/v1/events/{id}/comments"), Some(&olga), Some(json!({"text": "Prost!"})))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let diff = watcher.next_of("diff").await;
    assert_eq!(diff["changes"][0]["op"], "comment");
    assert_eq!(diff["changes"][0]["comment"]["text"], "Prost!");
    let (boris, _) = app.guest(id, "Boris").await;
    let diff = watcher.next_of("diff").await;
    assert_eq!(
        diff["changes"][0],
        json!({"op": "participantJoined", "participant": diff["changes"][0]["participant"].clone()})
    );
    assert_eq!(diff["changes"][0]["participant"]["id"], boris.as_str());
    let (_, finalized) = app
        .call(
            Method::POST,
            &format!("/api/v1/events/{id}/finalize"),
            Some(&olga),
            Some(json!({"slotId": "s1", "placeId": "p1"})),
        )
        .await;
    let diff = painter.next_change("finalized").await;
    assert_eq!(diff["changes"][0]["final"], finalized["final"]);

    // After the plan is final, painting is refused with the ref.
    painter.send(json!({"type": "answers", "ref": 9, "participantId": anya, "slots": {"s1": "no"}})).await;
    let error = painter.next_of("error").await;
    assert_eq!(error["ref"], 9);
    assert_eq!(error["code"], "conflict");

    drop(watcher);
    assert_eq!(painter.next_of("presence").await["viewers"], 1, "leaving is counted too");
}

async fn read_only_and_foreign_writes_are_refused(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (anya, _) = app.guest(&id, "Anya").await;
    let (_, boris_token) = app.guest(&id, "Boris").await;

    let mut socket = LiveClient::connect(&app, &id, Wire::Json).await;
    socket.send(json!({"type": "answers", "ref": 1, "participantId": anya, "slots": {"s1": "yes"}})).await;
    assert_eq!(socket.next_of("error").await["ref"], 1, "commands before hello are refused");
    socket.hello(json!({})).await;
    socket.send(json!({"type": "answers", "ref": 2, "participantId": anya, "slots": {"s1": "yes"}})).await;
    let error = socket.next_of("error").await;
    assert_eq!((error["ref"].clone(), error["code"].clone()), (json!(2), json!("unauthenticated")));

    let mut boris = LiveClient::connect(&app, &id, Wire::Json).await;
    boris.hello(json!({"participantToken": boris_token})).await;
    boris.send(json!({"type": "answers", "ref": 3, "participantId": anya, "slots": {"s1": "no"}})).await;
    assert_eq!(boris.next_of("error").await["code"], "permission_denied");
    boris.send(json!({"type": "answers", "ref": 4, "participantId": "nobody", "slots": {"s1": "no"}})).await;
    assert_eq!(boris.next_of("error").await["code"], "not_found");

    // Garbage keeps the socket open with an error; a ping still gets a pong.
    boris.send_raw(b"{this is not json").await;
    assert_eq!(boris.next_of("error").await["code"], "invalid_argument");
    boris.send(json!({"type": "answers", "ref": 5, "participantId": anya, "slots": {"s1": "perhaps"}})).await;
    let error = boris.next_of("error").await;
    assert_eq!((error["ref"].clone(), error["code"].clone()), (json!(5), json!("invalid_argument")));
    boris.send(json!({"type": "ping"})).await;
    boris.next_of("pong").await;

    // A bad access token still lets you watch, read-only.
    let mut expired = LiveClient::connect(&app, &id, Wire::Msgpack).await;
    expired.send(json!({"type": "hello", "accessToken": "not-a-token"})).await;
    assert_eq!(expired.next_of("error").await["code"], "unauthenticated");
    expired.next_of("snapshot").await;

    assert!(
        app.get_event(&id).await["participants"].as_array().unwrap().iter().all(|p| p["answers"]["slots"] == json!({}))
    );
}

async fn reconnecting_clients_catch_up(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (anya, token) = app.guest(&id, "Anya").await;
    let mut socket = LiveClient::connect(&app, &id, Wire::Json).await;
    let version = socket.hello(json!({})).await["version"].as_u64().unwrap();
    drop(socket);

    for slot in ["s1", "s2", "s3"] {
        let (status, _) = app
            .call_as_guest(
                Method::PUT,
                &format!("/api/v1/events/{id}/participants/{anya}/answers"),
                &token,
                Some(json!({"slots": {slot: "yes"}})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let mut socket = LiveClient::connect(&app, &id, Wire::Msgpack).await;
    socket.send(json!({"type": "hello", "sinceVersion": version})).await;
    let mut versions = Vec::new();
    loop {
        let msg = socket.next().await.unwrap();
        match msg["type"].as_str().unwrap() {
            "diff" => versions.push(msg["version"].as_u64().unwrap()),
            "snapshot" => panic!("a snapshot was sent although diffs suffice"),
            "presence" => break,
            _ => {}
        }
    }
    assert_eq!(versions, vec![version + 1, version + 2, version + 3]);

    // A version from the future (say, before a data loss elsewhere) gets a snapshot.
    socket.send(json!({"type": "hello", "sinceVersion": version + 1000})).await;
    assert_eq!(socket.next_of("snapshot").await["version"], version + 3);
}

async fn sockets_are_checked_before_upgrade(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let attempt = |origin: Option<&'static str>, event: String| {
        let mut request = app.live_url(&event).into_client_request().unwrap();
        if let Some(origin) = origin {
            request.headers_mut().insert("origin", origin.parse().unwrap());
        }
        async move {
            match tokio_tungstenite::connect_async(request).await {
                Ok(_) => 101,
                Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
                Err(e) => panic!("unexpected {e}"),
            }
        }
    };
    assert_eq!(attempt(Some("https://evil.example"), id.clone()).await, 403);
    assert_eq!(attempt(None, "noSuchEvent1".into()).await, 404);
    assert_eq!(attempt(None, id.clone()).await, 101);
    let same_origin: &'static str = Box::leak(app.base.clone().into_boxed_str());
    assert_eq!(attempt(Some(same_origin), id).await, 101);
}

async fn deleted_events_close_their_sockets(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let mut socket = LiveClient::connect(&app, &id, Wire::Json).await;
    socket.hello(json!({})).await;
    let (status, _) = app.call(Method::DELETE, &format!("/api/v1/events/{id}"), Some(&olga), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let diff = socket.next_of("diff").await;
    assert_eq!(diff["changes"], json!([{"op": "deleted"}]));
    socket.send(json!({"type": "hello"})).await;
    let reply: Value = socket.next_of("error").await;
    assert_eq!(reply["code"], "not_found");
}

on_both_stores!(
    painting_reaches_every_watcher,
    read_only_and_foreign_writes_are_refused,
    reconnecting_clients_catch_up,
    sockets_are_checked_before_upgrade,
    deleted_events_close_their_sockets,
);
