//! The event lifecycle: create (explicit and grid), read with tally, edit, places, answers,
//! comments, finalise with a calendar file, reopen, delete.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap().to_string()).collect()
}

async fn full_lifecycle(app: TestApp) {
    let (olga, olga_id) = app.user("Olga").await;
    let event = app.pints(&olga).await;
    let id = event["id"].as_str().unwrap();
    assert_eq!(id.len(), 12);
    assert_eq!(event["organizer"]["id"], olga_id.as_str());
    assert_eq!(event["status"], "open");
    assert_eq!(event["visibility"], "link");
    assert_eq!(ids(&event["slots"], "id"), ["s1", "s2", "s3"]);
    assert_eq!(event["places"][0]["lat"], 55.7);
    assert_eq!(event["places"][0]["lng"], 37.6);
    assert_eq!(event["places"][1]["lat"], 59.93);

    let (anya, anya_token) = app.guest(id, "Anya").await;
    let (boris, boris_token) = app.guest(id, "Boris").await;
    let answers = |slots: Value, places: Value| Some(json!({"slots": slots, "places": places}));
    let path = |pid: &str| format!("/api/v1/events/{id}/participants/{pid}/answers");
    let (status, me) = app
        .call_as_guest(
            Method::PUT,
            &path(&anya),
            &anya_token,
            answers(json!({"s1": "yes", "s2": "maybe"}), json!({"p1": "maybe"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["answers"]["slots"]["s2"], "maybe");
    let (status, _) = app
        .call_as_guest(
            Method::PUT,
            &path(&boris),
            &boris_token,
            answers(json!({"s1": "no", "s2": "yes"}), json!({"p1": "yes", "p2": "no"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let event = app.get_event(id).await;
    let tally = &event["tally"];
    assert_eq!(
        tally["slots"][0],
        json!({"slotId": "s1", "yes": ["Anya"], "maybe": [], "no": ["Boris"],
               "yesIds": [anya], "maybeIds": [], "noIds": [boris], "score": 1.0})
    );
    assert_eq!(tally["slots"][1]["score"], 1.5);
    assert_eq!(tally["places"][0]["yes"], json!(["Boris"]));
    assert_eq!(tally["places"][0]["maybe"], json!(["Anya"]));
    assert_eq!(tally["best"], json!({"slotIds": ["s2"], "placeIds": ["p1"]}));
    assert_eq!(event["participants"].as_array().unwrap().len(), 2);

    // Replacing answers drops the cells that are not sent again.
    let (_, me) =
        app.call_as_guest(Method::PUT, &path(&anya), &anya_token, answers(json!({"s3": "yes"}), json!({}))).await;
    assert_eq!(me["answers"], json!({"slots": {"s3": "yes"}, "places": {}}));

    // A guest suggests a place; coordinates come from a Google link.
    let (status, place) = app
        .call_as_guest(
            Method::POST,
            &format!("/api/v1/events/{id}/places"),
            &anya_token,
            Some(json!({"name": "Hops", "mapUrl": "https://www.google.com/maps/place/Hops/@55.75,37.61,17z"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{place}");
    assert_eq!(place["id"], "p3");
    assert_eq!(place["lat"], 55.75);

    let (status, comment) = app
        .call_as_guest(
            Method::POST,
            &format!("/api/v1/events/{id}/comments"),
            &boris_token,
            Some(json!({"text": "I'll bring pretzels"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{comment}");
    assert_eq!(comment["author"], "Boris");

    // The organiser edits: new title, one slot removed (with its answers), one added.
    let (status, event) = app
        .call(
            Method::PATCH,
            &format!("/api/v1/events/{id}"),
            Some(&olga),
            Some(json!({
                "title": "Saturday pints", "description": "bring friends",
                "removeSlotIds": ["s3"],
                "addSlots": [{"start": "2027-12-07T15:00:00Z", "end": "2027-12-07T18:00:00Z"}],
                "settings": {"deadline": "2030-01-01T00:00:00Z"}
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{event}");
    assert_eq!(event["title"], "Saturday pints");
    assert_eq!(ids(&event["slots"], "id"), ["s1", "s2", "s4"]);
    assert_eq!(event["settings"]["deadline"], "2030-01-01T00:00:00Z");
    let anya_now = event["participants"].as_array().unwrap().iter().find(|p| p["name"] == "Anya").unwrap();
    assert_eq!(anya_now["answers"]["slots"], json!({}), "answers to a removed slot are gone");
    assert_eq!(event["comments"][0]["text"], "I'll bring pretzels");

    // Calendar before the plan is final: 409.
    let (status, body) = app.call(Method::GET, &format!("/api/v1/events/{id}/calendar.ics"), None, None).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");

    let (status, event) = app
        .call(
            Method::POST,
            &format!("/api/v1/events/{id}/finalize"),
            Some(&olga),
            Some(json!({"slotId": "s2", "placeId": "p1"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{event}");
    assert_eq!(event["status"], "finalized");
    assert_eq!(event["final"]["start"], "2027-12-05T15:00:00Z");
    assert_eq!(event["final"]["place"]["name"], "Bar Pivovar");

    let (status, body) =
        app.call_as_guest(Method::PUT, &path(&boris), &boris_token, answers(json!({"s1": "yes"}), json!({}))).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");

    let response = app.http.get(app.url(&format!("/api/v1/events/{id}/calendar.ics"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = response.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("DTSTART:20271205T150000Z\r\n") && ics.contains("DTEND:20271205T180000Z\r\n"), "{ics}");
    assert!(ics.contains("SUMMARY:Saturday pints"), "{ics}");
    assert!(ics.contains("GEO:55.7;37.6"), "{ics}");

    let (status, event) = app.call(Method::POST, &format!("/api/v1/events/{id}/reopen"), Some(&olga), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(event["status"], "open");
    assert_eq!(event["final"], Value::Null);
    let (status, body) = app.call(Method::POST, &format!("/api/v1/events/{id}/reopen"), Some(&olga), None).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");

    // A guest leaves by themselves.
    let (status, _) = app
        .call_as_guest(Method::DELETE, &format!("/api/v1/events/{id}/participants/{boris}"), &boris_token, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.get_event(id).await["participants"].as_array().unwrap().len(), 1);

    let (status, _) = app.call(Method::DELETE, &format!("/api/v1/events/{id}"), Some(&olga), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.call(Method::GET, &format!("/api/v1/events/{id}"), None, None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
}

async fn grid_events_follow_the_zone(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let event = app
        .event(
            &olga,
            json!({
                "title": "Grid", "timezone": "Europe/Berlin",
                "grid": {"dates": ["2027-03-28", "2027-03-29"], "from": "01:00", "to": "04:00", "stepMinutes": 30}
            }),
        )
        .await;
    let slots = event["slots"].as_array().unwrap();
    // 28 March 2027 is the spring-forward day in Berlin: 01:00–04:00 local is two real hours.
    let first_day: Vec<_> = slots.iter().filter(|s| s["start"].as_str().unwrap() < "2027-03-28T12:00:00Z").collect();
    assert_eq!(first_day.len(), 4, "{first_day:?}");
    assert_eq!(first_day[0]["start"], "2027-03-28T00:00:00Z");
    assert_eq!(slots.len(), 4 + 6);
    assert_eq!(event["grid"]["stepMinutes"], 30);
    assert_eq!(event["grid"]["from"], "01:00");

    let whole_days = app
        .event(&olga, json!({"title": "Days", "timezone": "Asia/Kathmandu", "grid": {"dates": ["2027-12-04"], "stepMinutes": 60}}))
        .await;
    assert_eq!(whole_days["slots"][0]["start"], "2027-12-03T18:15:00Z");
    assert_eq!(whole_days["slots"][0]["end"], "2027-12-04T18:15:00Z");
}

async fn the_contract_example_creates_an_event(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    // The request body shown in API.md, word for word: explicit slots and a grid together.
    let event = app
        .event(&olga, json!({
            "title": "Friday pints", "description": "optional", "timezone": "Europe/Moscow",
            "visibility": "link",
            "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T18:00:00Z"}],
            "grid": {"dates": ["2027-12-04", "2027-12-05"], "from": "18:00", "to": "23:00", "stepMinutes": 30},
            "places": [{"name": "Bar Pivovar", "address": "Tverskaya 1", "mapUrl": "https://yandex.ru/maps/?ll=37.6,55.7"}],
            "settings": {"allowGuests": true, "participantsCanAddPlaces": true, "deadline": null}
        }))
        .await;
    let slots = event["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 1 + 2 * 10, "the explicit option plus two evenings of half-hour cells");
    assert_eq!(slots[0], json!({"id": "s1", "start": "2027-12-04T15:00:00Z", "end": "2027-12-04T15:30:00Z"}));
    assert!(slots.iter().any(|s| s["start"] == "2027-12-04T15:00:00Z" && s["end"] == "2027-12-04T18:00:00Z"));
    assert_eq!(event["places"][0]["lat"], 55.7);
    assert_eq!(event["settings"]["deadline"], Value::Null);
    assert_eq!(event["final"], Value::Null);
    assert_eq!(event["tally"]["best"]["placeIds"], json!(["p1"]));
}

async fn signed_in_participants_join_once(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let (vera, vera_id) = app.user("Vera").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/events/{id}/participants");
    let (status, first) = app.call(Method::POST, &path, Some(&vera), Some(json!({"name": "Vera"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["participant"]["isGuest"], false);
    assert_eq!(first["participant"]["userId"], vera_id.as_str());
    assert_eq!(first["participantToken"], Value::Null);
    let (status, again) = app.call(Method::POST, &path, Some(&vera), Some(json!({"name": "Vera again"}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["participant"]["id"], first["participant"]["id"]);
    let pid = first["participant"]["id"].as_str().unwrap();
    let (status, _) = app
        .call(Method::PUT, &format!("{path}/{pid}/answers"), Some(&vera), Some(json!({"slots": {"s1": "yes"}})))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.get_event(&id).await["tally"]["slots"][0]["yes"], json!(["Vera"]));
}

async fn deadline_closes_voting(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    // A deadline in the past is refused at creation, so this one passes a moment from now.
    let deadline = jiff::Timestamp::now() + jiff::SignedDuration::from_millis(1500);
    let event = app
        .event(
            &olga,
            json!({
                "title": "Too late", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}],
                "settings": {"deadline": deadline.to_string()}
            }),
        )
        .await;
    let id = event["id"].as_str().unwrap();
    let (pid, token) = app.guest(id, "Late Larry").await;
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let (status, body) = app
        .call_as_guest(
            Method::PUT,
            &format!("/api/v1/events/{id}/participants/{pid}/answers"),
            &token,
            Some(json!({"slots": {"s1": "yes"}})),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
}

on_both_stores!(
    full_lifecycle,
    the_contract_example_creates_an_event,
    grid_events_follow_the_zone,
    signed_in_participants_join_once,
    deadline_closes_voting
);
