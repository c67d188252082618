//! `GET /events`: "my events", public events, filters and paging.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

async fn my_events_and_public_ones(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let (vera, _) = app.user("Vera").await;
    let mine = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let public = app
        .event(&vera, json!({"title": "Open Oktoberfest", "visibility": "public", "slots": [{"start": "2027-09-20T10:00:00Z", "end": "2027-09-20T20:00:00Z"}], "places": [{"name": "Theresienwiese"}]}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let joined = app.pints(&vera).await["id"].as_str().unwrap().to_string();
    let hidden = app.pints(&vera).await["id"].as_str().unwrap().to_string();
    let (status, _) = app
        .call(
            Method::POST,
            &format!("/api/v1/events/{joined}/participants"),
            Some(&olga),
            Some(json!({"name": "Olga"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, page) = app.call(Method::GET, "/api/v1/events?mine=true", Some(&olga), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let mut listed = ids(&page);
    listed.sort();
    let mut expected = vec![mine.clone(), joined.clone()];
    expected.sort();
    assert_eq!(listed, expected);
    assert_eq!(page["items"][0]["slotCount"], 3);

    let (status, body) = app.call(Method::GET, "/api/v1/events?mine=true", None, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");

    let (_, page) = app.call(Method::GET, "/api/v1/events", None, None).await;
    assert_eq!(ids(&page), vec![public.clone()], "guests see public events only");
    let (_, page) = app.call(Method::GET, "/api/v1/events", Some(&olga), None).await;
    assert!(!ids(&page).contains(&hidden), "link-only events of others stay hidden");
    assert_eq!(ids(&page).len(), 3);

    let (status, page) =
        app.call(Method::GET, "/api/v1/events?q=&from=&to=&place=&mine=&limit=&cursor=", None, None).await;
    assert_eq!(status, StatusCode::OK, "empty parameters mean no filter: {page}");
    assert_eq!(ids(&page), vec![public.clone()]);
    let (status, body) = app.call(Method::GET, "/api/v1/events?from=yesterday", None, None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    let (_, page) = app.call(Method::GET, "/api/v1/events?q=oktober", Some(&olga), None).await;
    assert_eq!(ids(&page), vec![public.clone()]);
    let (_, page) = app.call(Method::GET, "/api/v1/events?place=theresien", None, None).await;
    assert_eq!(ids(&page), vec![public.clone()]);
    let (_, page) = app
        .call(Method::GET, "/api/v1/events?from=2027-09-20T12:00:00Z&to=2027-09-21T00:00:00Z", Some(&olga), None)
        .await;
    assert_eq!(ids(&page), vec![public.clone()]);

    let (_, first) = app.call(Method::GET, "/api/v1/events?limit=2", Some(&olga), None).await;
    assert_eq!(ids(&first).len(), 2);
    let cursor = first["nextCursor"].as_str().expect("a next page").to_string();
    let (_, second) =
        app.call(Method::GET, &format!("/api/v1/events?limit=2&cursor={cursor}"), Some(&olga), None).await;
    let mut all = ids(&first);
    all.extend(ids(&second));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 3, "pages cover everything once");
}

on_both_stores!(my_events_and_public_ones);
