//! No lost votes: 200 guests join and answer at once, half over REST and half over WebSocket;
//! every answer is in the tally, and still there after a restart.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;

const GUESTS: usize = 200;

async fn concurrent_voters_lose_nothing(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let shared = Arc::new(app);
    let mut voters = tokio::task::JoinSet::new();
    for n in 0..GUESTS {
        let app = shared.clone();
        let id = id.clone();
        voters.spawn(async move {
            let name = format!("Guest {n:03}");
            let (pid, token) = app.guest(&id, &name).await;
            // Each guest gets a distinct sheet so a mixed-up write would show.
            let slot = format!("s{}", n % 3 + 1);
            let answer = if n % 2 == 0 { "yes" } else { "maybe" };
            if n % 2 == 0 {
                let path = format!("/api/v1/events/{id}/participants/{pid}/answers");
                let (status, body) = app.call_as_guest(Method::PUT, &path, &token, Some(json!({"slots": {&slot: answer}, "places": {"p1": "yes"}}))).await;
                assert_eq!(status, StatusCode::OK, "{body}");
            } else {
                let mut socket = LiveClient::connect(&app, &id, Wire::Msgpack).await;
                socket.hello(json!({"participantToken": token})).await;
                socket.send(json!({"type": "answers", "ref": n, "participantId": pid, "slots": {&slot: answer}, "places": {"p1": "yes"}})).await;
                let ack = socket.next_of("ack").await;
                assert_eq!(ack["ref"], n as u64);
            }
            (name, slot, answer)
        });
    }
    let mut expected = Vec::new();
    while let Some(result) = voters.join_next().await {
        expected.push(result.expect("voter finished"));
    }
    let mut app = Arc::try_unwrap(shared).ok().expect("all voters done");

    let check = |event: serde_json::Value| {
        assert_eq!(event["participants"].as_array().unwrap().len(), GUESTS);
        let tally = &event["tally"];
        let place_yes: BTreeSet<_> =
            tally["places"][0]["yes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
        assert_eq!(place_yes.len(), GUESTS, "every guest's place answer is in the tally");
        for (name, slot, answer) in &expected {
            let index = slot[1..].parse::<usize>().unwrap() - 1;
            let names = tally["slots"][index][*answer].as_array().unwrap();
            assert!(names.iter().any(|n| n == name.as_str()), "{name} said {answer} to {slot}");
        }
        let total: usize = tally["slots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["yes"].as_array().unwrap().len() + s["maybe"].as_array().unwrap().len())
            .sum();
        assert_eq!(total, GUESTS, "no vote counted twice or landed on the wrong slot");
        event["version"].as_u64().unwrap()
    };
    let version = check(app.get_event(&id).await);
    assert_eq!(version, 1 + 2 * GUESTS as u64, "one version per join and per answer");

    app.restart().await;
    let after = check(app.get_event(&id).await);
    assert_eq!(after, version, "the version survives a restart");
}

on_both_stores!(concurrent_voters_lose_nothing);
