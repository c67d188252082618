//! Comments page backwards through `GET /events/{id}/comments`, and the event itself says how
//! many there are.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn texts(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap().to_string()).collect()
}

async fn comments_page_back_in_order(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (_, token) = app.guest(&id, "Anya").await;
    let path = format!("/api/v1/events/{id}/comments");
    for n in 1..=7 {
        let (status, body) =
            app.call_as_guest(Method::POST, &path, &token, Some(json!({"text": format!("round {n}")}))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let event = app.get_event(&id).await;
    assert_eq!(event["commentCount"], 7);
    assert_eq!(event["olderComments"], Value::Null, "every comment is in the event");
    assert_eq!(texts(&event["comments"]).len(), 7);

    // Pages of three, newest page first, each oldest first; anyone with the id may read.
    let mut seen = Vec::new();
    let mut next = format!("{path}?limit=3");
    let mut pages = 0;
    loop {
        let (status, page) = app.call(Method::GET, &next, None, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        pages += 1;
        let mut items = texts(&page["items"]);
        items.extend(seen);
        seen = items;
        match page["nextCursor"].as_str() {
            Some(cursor) => next = format!("{path}?limit=3&before={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, (1..=7).map(|n| format!("round {n}")).collect::<Vec<_>>());

    for bad in ["?limit=0", "?limit=101", "?limit=many", "?before=not-ours"] {
        let (status, body) = app.call(Method::GET, &format!("{path}{bad}"), None, None).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
        let field = if bad.contains("limit") { "limit" } else { "before" };
        assert!(body["error"]["fields"][field].is_string(), "{bad}: {body}");
    }
    let (status, body) = app.call(Method::GET, "/api/v1/events/nosuchevent1/comments", None, None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
}

on_both_stores!(comments_page_back_in_order);
