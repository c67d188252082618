//! Plans over HTTP: `tally.plans` and participant ids in the tally, finalising a run of slots
//! (and the calendar file of it), and the checks that keep an event from being born closed.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An evening grid in Moscow: 18:00–21:00 in half hours (s1 = 15:00Z … s6 = 17:30Z), two places.
async fn evening(app: &TestApp, token: &str) -> Value {
    app.event(
        token,
        json!({
            "title": "Evening", "timezone": "Europe/Moscow",
            "grid": {"dates": ["2027-12-04"], "from": "18:00", "to": "21:00", "stepMinutes": 30},
            "places": [{"name": "Bar Pivovar"}, {"name": "Stout Corner"}]
        }),
    )
    .await
}

async fn answer(app: &TestApp, id: &str, pid: &str, token: &str, answers: Value) {
    let path = format!("/api/v1/events/{id}/participants/{pid}/answers");
    let (status, body) = app.call_as_guest(Method::PUT, &path, token, Some(answers)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn field_error(body: &Value, field: &str) -> bool {
    body["error"]["code"] == "invalid_argument" && body["error"]["fields"][field].is_string()
}

async fn the_tally_ranks_evenings_and_names_people_by_id(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let event = evening(&app, &olga).await;
    let id = event["id"].as_str().unwrap();
    let (sasha_k, token_k) = app.guest(id, "Саша").await;
    let (sasha_m, token_m) = app.guest(id, "Саша").await;
    let five = json!({"s1": "yes", "s2": "yes", "s3": "yes", "s4": "yes", "s5": "yes"});
    answer(&app, id, &sasha_k, &token_k, json!({"slots": five, "places": {"p1": "yes"}})).await;
    let mut most = five.clone();
    most["s5"] = json!("maybe");
    answer(&app, id, &sasha_m, &token_m, json!({"slots": most, "places": {"p1": "yes", "p2": "no"}})).await;

    let tally = &app.get_event(id).await["tally"];
    assert_eq!(tally["slots"][0]["yes"], json!(["Саша", "Саша"]), "the names stay for older clients");
    assert_eq!(tally["slots"][0]["yesIds"], json!([sasha_k, sasha_m]), "two Sashas are two people");
    assert_eq!(tally["slots"][4]["maybeIds"], json!([sasha_m]));
    assert_eq!(tally["places"][1]["noIds"], json!([sasha_m]));
    let plans = tally["plans"].as_array().unwrap();
    // Both can make 18:00–20:00 at Pivovar; with 20:00–20:30 one of them only if need be.
    assert_eq!(plans[0]["slotIds"], json!(["s1", "s2", "s3", "s4"]), "{plans:?}");
    assert_eq!(
        (&plans[0]["start"], &plans[0]["end"]),
        (&json!("2027-12-04T15:00:00Z"), &json!("2027-12-04T17:00:00Z"))
    );
    assert_eq!((&plans[0]["placeId"], &plans[0]["score"]), (&json!("p1"), &json!(2.0)));
    assert_eq!(plans[0]["yes"], json!([sasha_k, sasha_m]));
    assert_eq!(plans[1]["slotIds"], json!(["s1", "s2", "s3", "s4", "s5"]));
    assert_eq!((&plans[1]["score"], &plans[1]["maybe"]), (&json!(1.5), &json!([sasha_m])));
    assert!(plans.len() <= 10);
    assert!(plans.iter().all(|p| p["score"].as_f64().unwrap() > 0.0));
}

async fn finalising_a_run_locks_the_whole_evening(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let event = evening(&app, &olga).await;
    let id = event["id"].as_str().unwrap();
    let finalize = format!("/api/v1/events/{id}/finalize");
    let lock = |body: Value| app.call(Method::POST, &finalize, Some(&olga), Some(body));

    for (body, field) in [
        (json!({"slotIds": ["s1", "s3"], "placeId": "p1"}), "slotIds"),
        (json!({"slotIds": ["s1", "s99"], "placeId": "p1"}), "slotIds[1]"),
        (json!({"slotIds": [], "placeId": "p1"}), "slotIds"),
        (json!({"slotIds": ["s1", "s1"], "placeId": "p1"}), "slotIds"),
        (json!({"slotIds": ["s1", "s2"], "slotId": "s4", "placeId": "p1"}), "slotId"),
        (json!({"placeId": "p1"}), "slotId"),
        (json!({"slotIds": ["s1", "s2"]}), "placeId"),
    ] {
        let (status, reply) = lock(body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
        assert!(field_error(&reply, field), "{body}: expected a {field} error, got {reply}");
    }
    assert_eq!(app.get_event(id).await["status"], "open", "refused finalises lock nothing");

    let (status, locked) = lock(json!({"slotIds": ["s3", "s1", "s2"], "placeId": "p2"})).await;
    assert_eq!(status, StatusCode::OK, "{locked}");
    let plan = &locked["final"];
    assert_eq!(plan["slotIds"], json!(["s1", "s2", "s3"]), "in time order");
    assert_eq!(plan["slotId"], "s1");
    assert_eq!((&plan["start"], &plan["end"]), (&json!("2027-12-04T15:00:00Z"), &json!("2027-12-04T16:30:00Z")));
    assert_eq!(plan["place"]["name"], "Stout Corner");
    let ics = app.http.get(app.url(&format!("/api/v1/events/{id}/calendar.ics"))).send().await.unwrap();
    let ics = ics.text().await.unwrap();
    assert!(ics.contains("DTSTART:20271204T150000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20271204T163000Z\r\n"), "the calendar holds the whole run: {ics}");

    // The old single-slot form still works, and reads back as a run of one.
    let (status, _) = app.call(Method::POST, &format!("/api/v1/events/{id}/reopen"), Some(&olga), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, locked) = lock(json!({"slotId": "s6", "placeId": "p1"})).await;
    assert_eq!(status, StatusCode::OK, "{locked}");
    assert_eq!(locked["final"]["slotIds"], json!(["s6"]));
    assert_eq!(locked["final"]["end"], "2027-12-04T18:00:00Z");
    // A slot of the final plan cannot be removed under it.
    let (status, reply) = app
        .call(Method::PATCH, &format!("/api/v1/events/{id}"), Some(&olga), Some(json!({"removeSlotIds": ["s6"]})))
        .await;
    assert_error(status, &reply, StatusCode::CONFLICT, "conflict");
}

async fn events_cannot_be_born_closed(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let future = json!([{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]);
    let past = json!([{"start": "2021-12-04T15:00:00Z", "end": "2021-12-04T16:00:00Z"}]);
    for (body, field) in [
        (
            json!({"title": "Late", "slots": future, "settings": {"deadline": "2021-01-01T00:00:00Z"}}),
            "settings.deadline",
        ),
        (json!({"title": "Past", "slots": past}), "slots"),
        (
            json!({"title": "Past grid", "grid": {"dates": ["2021-12-04"], "from": "18:00", "to": "20:00", "stepMinutes": 60}}),
            "grid.dates",
        ),
    ] {
        for token in [Some(olga.as_str()), None] {
            let (status, reply) = app.call(Method::POST, "/api/v1/events", token, Some(body.clone())).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
            assert!(field_error(&reply, field), "{body}: expected a {field} error, got {reply}");
        }
    }
    // One past option among future ones is fine: the rest can still be voted on.
    let mixed = json!({"title": "Mixed", "slots": [past[0].clone(), future[0].clone()]});
    let event = app.event(&olga, mixed).await;
    let id = event["id"].as_str().unwrap();
    let patch = format!("/api/v1/events/{id}");
    let (status, reply) = app
        .call(Method::PATCH, &patch, Some(&olga), Some(json!({"settings": {"deadline": "2021-01-01T00:00:00Z"}})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    assert!(field_error(&reply, "settings.deadline"), "{reply}");
    let (status, reply) = app
        .call(Method::PATCH, &patch, Some(&olga), Some(json!({"settings": {"deadline": "2027-12-01T00:00:00Z"}})))
        .await;
    assert_eq!((status, &reply["settings"]["deadline"]), (StatusCode::OK, &json!("2027-12-01T00:00:00Z")), "{reply}");
}

async fn whole_days_need_no_step_and_windows_may_end_at_24_00(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let days = app
        .event(
            &olga,
            json!({"title": "Days", "timezone": "Europe/Moscow", "grid": {"dates": ["2027-12-04", "2027-12-05"]}}),
        )
        .await;
    assert_eq!(days["slots"].as_array().unwrap().len(), 2, "{days}");
    assert_eq!(days["slots"][0]["start"], "2027-12-03T21:00:00Z");
    assert!(days["grid"].get("stepMinutes").is_none(), "{days}");

    let (status, reply) = app
        .call(
            Method::POST,
            "/api/v1/events",
            Some(&olga),
            Some(json!({"title": "No step", "grid": {"dates": ["2027-12-04"], "from": "18:00", "to": "20:00"}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    assert!(field_error(&reply, "grid.stepMinutes"), "{reply}");

    let late = app
        .event(
            &olga,
            json!({"title": "Till midnight", "timezone": "Europe/Moscow",
                   "grid": {"dates": ["2027-12-04"], "from": "20:00", "to": "24:00", "stepMinutes": 60}}),
        )
        .await;
    let slots = late["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 4, "{late}");
    assert_eq!(slots[3]["end"], "2027-12-04T21:00:00Z", "midnight in Moscow");
    assert_eq!(late["grid"]["to"], "24:00");
    let (status, reply) = app
        .call(
            Method::POST,
            "/api/v1/events",
            Some(&olga),
            Some(json!({"title": "Bad", "grid": {"dates": ["2027-12-04"], "from": "24:00", "to": "23:00", "stepMinutes": 60}})),
        )
        .await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
}

on_both_stores!(
    the_tally_ranks_evenings_and_names_people_by_id,
    finalising_a_run_locks_the_whole_evening,
    events_cannot_be_born_closed,
    whole_days_need_no_step_and_windows_may_end_at_24_00,
);
