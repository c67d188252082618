//! The search part of the store contract (see `contract`): what `search_events` finds, in
//! which order, for whom, and how its cursor pages. Each case uses words of its own, so the
//! events the rest of the contract leaves behind do not matter.

use super::contract::sample_event;
use super::{Scope, SearchQuery, SharedStore};
use crate::domain::event::{EventMeta, FinalPlan, Place, Slot, Status, Visibility};
use crate::domain::plan::Write;
use crate::domain::search::{Near, SearchFilter, words};
use jiff::{Timestamp, ToSpan};
use std::collections::HashSet;

/// `hours` from now, on a whole second so the test's instants compare cleanly.
fn hours(n: i64) -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).expect("now") + n.hours()
}

fn public(id: &str, title: &str, start: Timestamp) -> EventMeta {
    let mut meta = sample_event(id, "u5");
    meta.visibility = Visibility::Public;
    meta.title = title.into();
    meta.slots = vec![Slot { id: "s1".into(), start, end: start + 2.hours() }];
    meta
}

fn text(q: &str) -> SearchFilter {
    SearchFilter { words: words(q).collect(), ..Default::default() }
}

/// Every page of a search, as ids, checking that no event comes twice.
async fn ids(store: &SharedStore, scope: Scope, filter: SearchFilter) -> Vec<String> {
    let mut query = SearchQuery { scope, filter, limit: 100, after: None };
    let mut out = Vec::new();
    loop {
        let page = store.search_events(&query).await.expect("search");
        out.extend(page.events.into_iter().map(|e| e.id));
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let distinct: HashSet<&String> = out.iter().collect();
    assert_eq!(distinct.len(), out.len(), "no event twice: {out:?}");
    out
}

async fn guest_finds(store: &SharedStore, filter: SearchFilter) -> Vec<String> {
    ids(store, Scope::Public, filter).await
}

/// Runs the search contract.
pub async fn run(store: &SharedStore) {
    words_case_and_yo(store).await;
    places(store).await;
    ranges_touching_an_edge(store).await;
    distance_at_the_antimeridian_and_the_poles(store).await;
    privacy(store).await;
    order_and_rekeying(store).await;
    cursor_under_concurrent_creates(store).await;
    bounded_pages(store).await;
}

async fn words_case_and_yo(store: &SharedStore) {
    let mut yolka = public("yolka1", "Ёлка в ПИВНОЙ «Жигули»", hours(30));
    yolka.description = Some("Okhotnichya Oktoberfestival".into());
    store.insert_event(&yolka).await.unwrap();
    for q in ["елка", "ЁЛК", "пивной жигули", "жиг", "oktoberfe", "OKTOBERFESTIVAL", "okh"] {
        assert_eq!(guest_finds(store, text(q)).await, ["yolka1"], "{q}");
    }
    for q in ["лка", "пиво", "oktoberfestivals", "жигули пиво"] {
        assert!(guest_finds(store, text(q)).await.is_empty(), "{q} matches nothing");
    }
}

async fn places(store: &SharedStore) {
    let mut wiese = public("wiese1", "Zeltfest", hours(40));
    wiese.places = vec![Place {
        id: "p1".into(),
        name: "Theresienwiese".into(),
        address: Some("Bavariaring 1, München".into()),
        map_url: None,
        lat: None,
        lng: None,
        suggested_by: None,
    }];
    store.insert_event(&wiese).await.unwrap();
    let place = |q: &str| SearchFilter { place_words: words(q).collect(), ..Default::default() };
    assert_eq!(guest_finds(store, place("theresien")).await, ["wiese1"]);
    assert_eq!(guest_finds(store, place("МЮНХЕН")).await, Vec::<String>::new(), "other script, other word");
    assert_eq!(guest_finds(store, place("münch bavaria")).await, ["wiese1"]);
    assert!(guest_finds(store, place("zeltfest")).await.is_empty(), "the title is not a place");
    assert_eq!(guest_finds(store, text("theresienwiese")).await, ["wiese1"], "q covers places too");
}

async fn ranges_touching_an_edge(store: &SharedStore) {
    let start = hours(24 * 20);
    let edge = public("edge1", "Kantenfest", start);
    store.insert_event(&edge).await.unwrap();
    let end = start + 2.hours();
    let range = |from: Option<Timestamp>, to: Option<Timestamp>| SearchFilter {
        from: from.map(|t| t.as_millisecond()),
        to: to.map(|t| t.as_millisecond()),
        ..text("kantenfest")
    };
    let one_ms = 1.milliseconds();
    assert!(guest_finds(store, range(Some(end), None)).await.is_empty(), "from at the slot's end");
    assert!(guest_finds(store, range(None, Some(start))).await.is_empty(), "to at the slot's start");
    assert!(guest_finds(store, range(Some(end), Some(end + 5.hours()))).await.is_empty());
    assert_eq!(guest_finds(store, range(Some(end - one_ms), None)).await, ["edge1"]);
    assert_eq!(guest_finds(store, range(None, Some(start + one_ms))).await, ["edge1"]);
    assert_eq!(guest_finds(store, range(Some(start - 48.hours()), Some(start + one_ms))).await, ["edge1"]);
    // Without a word, the day terms drive: the range alone finds it.
    let alone = SearchFilter {
        from: Some((end - one_ms).as_millisecond()),
        to: Some(end.as_millisecond()),
        ..Default::default()
    };
    assert!(guest_finds(store, alone).await.contains(&"edge1".to_string()));

    // A finalised event is found by its final time, and by status.
    let mut done = public("final1", "Kantenfest finale", start + (24 * 10).hours());
    let final_start = start + (24 * 30).hours();
    done.status = Status::Finalized;
    done.final_plan = Some(FinalPlan {
        slot_id: "s1".into(),
        slot_ids: vec!["s1".into()],
        place_id: None,
        start: final_start,
        end: final_start + 1.hours(),
        place: None,
    });
    store.insert_event(&done).await.unwrap();
    let around_final = range(Some(final_start), Some(final_start + 1.minutes()));
    assert_eq!(guest_finds(store, around_final).await, ["final1"]);
    let status = |status| SearchFilter { status: Some(status), ..text("kantenfest") };
    assert_eq!(guest_finds(store, status(Status::Finalized)).await, ["final1"]);
    assert_eq!(guest_finds(store, status(Status::Open)).await, ["edge1"]);
}

fn at(id: &str, lat: f64, lng: f64) -> EventMeta {
    let mut meta = public(id, "Geofest", hours(50));
    meta.places[0].lat = Some(lat);
    meta.places[0].lng = Some(lng);
    meta
}

async fn distance_at_the_antimeridian_and_the_poles(store: &SharedStore) {
    for meta in
        [at("fiji1", -16.5, 179.95), at("north1", 89.95, 0.0), at("south1", -89.99, 45.0), at("moscow1", 55.75, 37.6)]
    {
        store.insert_event(&meta).await.unwrap();
    }
    let near = |lat, lng, radius_km| SearchFilter { near: Some(Near { lat, lng, radius_km }), ..text("geofest") };
    // 0.1° of longitude apart across ±180° at 16.5° S: about 10.7 km.
    assert_eq!(guest_finds(store, near(-16.5, -179.95, 11.0)).await, ["fiji1"]);
    assert!(guest_finds(store, near(-16.5, -179.95, 10.0)).await.is_empty());
    // Across the North Pole: 0.05° from it on either side, about 11.1 km apart.
    assert_eq!(guest_finds(store, near(89.95, 180.0, 11.5)).await, ["north1"]);
    assert!(guest_finds(store, near(89.95, 180.0, 10.5)).await.is_empty());
    // Near the South Pole, half a world of longitude away: 2.2 km.
    assert_eq!(guest_finds(store, near(-89.99, -135.0, 2.5)).await, ["south1"]);
    // Far too wide for cells: the distance check alone still answers.
    let wide = guest_finds(store, near(0.0, 0.0, 1000.0)).await;
    assert!(wide.is_empty(), "nothing within 1,000 km of 0,0: {wide:?}");
    assert_eq!(guest_finds(store, near(55.76, 37.61, 2.0)).await, ["moscow1"]);
}

async fn privacy(store: &SharedStore) {
    let mut hidden = public("secret1", "Geheimtreffen", hours(60));
    hidden.visibility = Visibility::Link;
    hidden.organizer.id = "u7".into();
    store.insert_event(&hidden).await.unwrap();
    let open = public("open1", "Geheimtreffen offen", hours(61));
    store.insert_event(&open).await.unwrap();
    let joiner = crate::domain::event::Participant {
        id: "pj1".into(),
        name: "Anya".into(),
        user_id: Some("u8".into()),
        token_hash: None,
        answers: Default::default(),
        joined_at: Timestamp::UNIX_EPOCH,
        updated_at: Timestamp::UNIX_EPOCH,
        version: 2,
    };
    store.apply("secret1", 1, &[Write::Participant(joiner)]).await.unwrap();
    let find = |scope| ids(store, scope, text("geheimtreffen"));
    assert_eq!(find(Scope::Public).await, ["open1"], "guests see public events only");
    assert_eq!(find(Scope::PublicAndMine("u2".into())).await, ["open1"], "strangers do not see link events");
    assert_eq!(find(Scope::PublicAndMine("u7".into())).await, ["secret1", "open1"], "the organiser does");
    assert_eq!(find(Scope::PublicAndMine("u8".into())).await, ["secret1", "open1"], "a participant does");
    assert_eq!(find(Scope::Mine("u8".into())).await, ["secret1"]);
    assert_eq!(find(Scope::Mine("u5".into())).await, ["open1"]);

    store.apply("secret1", 2, &[Write::RemoveParticipant("pj1".into())]).await.unwrap();
    assert_eq!(find(Scope::PublicAndMine("u8".into())).await, ["open1"], "leaving ends it");

    let mut now_link = open.clone();
    now_link.visibility = Visibility::Link;
    now_link.version = 2;
    store.apply("open1", 1, &[Write::Meta(Box::new(now_link))]).await.unwrap();
    assert!(find(Scope::Public).await.is_empty(), "made link-only, it leaves public search");
    assert_eq!(find(Scope::PublicAndMine("u5".into())).await, ["open1"]);
    store.apply("open1", 2, &[Write::DeleteEvent]).await.unwrap();
    assert!(find(Scope::Mine("u5".into())).await.is_empty(), "deleted events are gone from search");
}

async fn order_and_rekeying(store: &SharedStore) {
    let now = Timestamp::now();
    let mut soon_then_later = public("order1", "Reihenfolge", now + 2500.milliseconds());
    soon_then_later.slots.push(Slot { id: "s2".into(), start: hours(24 * 10), end: hours(24 * 10 + 2) });
    let week = public("order2", "Reihenfolge", hours(24 * 7));
    let past = public("order3", "Reihenfolge", hours(-48));
    let yesterday = public("order4", "Reihenfolge", hours(-24));
    let mut no_time = public("order5", "Reihenfolge", hours(1));
    no_time.slots.clear();
    for meta in [&soon_then_later, &week, &past, &yesterday, &no_time] {
        store.insert_event(meta).await.unwrap();
    }
    let find = || guest_finds(store, text("reihenfolge"));
    assert_eq!(find().await, ["order1", "order2", "order4", "order3", "order5"], "soonest upcoming first");
    tokio::time::sleep(std::time::Duration::from_millis(2700)).await;
    assert_eq!(
        find().await,
        ["order2", "order1", "order4", "order3", "order5"],
        "once its first slot starts, the next one counts"
    );
}

async fn cursor_under_concurrent_creates(store: &SharedStore) {
    let originals: Vec<String> = (0..25).map(|n| format!("parade{n:02}")).collect();
    for (n, id) in originals.iter().enumerate() {
        store.insert_event(&public(id, "Bierparade", hours(100 + 3 * n as i64))).await.unwrap();
    }
    let mut query = SearchQuery { scope: Scope::Public, filter: text("bierparade"), limit: 4, after: None };
    let mut seen = Vec::new();
    let mut round = 0;
    loop {
        // Between pages, new matches arrive: before the cursor, after it, and level with it.
        let creates = (0..3).map(|k| {
            let offset = [90, 100 + 3 * (4 * round as i64 + 1), 200][k];
            let meta = public(&format!("late{round}x{k}"), "Bierparade", hours(offset));
            let store = store.clone();
            tokio::spawn(async move { store.insert_event(&meta).await })
        });
        let page = store.search_events(&query);
        let (page, created) = tokio::join!(page, futures::future::join_all(creates));
        assert!(created.into_iter().all(|c| c.is_ok_and(|r| r.is_ok())));
        let page = page.unwrap();
        seen.extend(page.events.into_iter().map(|e| e.id));
        round += 1;
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
        assert!(round < 40, "the pages end");
    }
    let seen_set: HashSet<&String> = seen.iter().collect();
    assert_eq!(seen_set.len(), seen.len(), "no event twice: {seen:?}");
    for id in &originals {
        assert!(seen_set.contains(id), "{id} was listed");
    }
    let originals_in_order: Vec<&String> = seen.iter().filter(|id| id.starts_with("parade")).collect();
    assert_eq!(originals_in_order, originals.iter().collect::<Vec<_>>(), "in slot order");
}

/// A filter the indexes cannot narrow (a one-sided range far ahead) reads a bounded number of
/// entries per page and says where to go on, rather than reading every event.
async fn bounded_pages(store: &SharedStore) {
    for n in 0..70 {
        store.insert_event(&public(&format!("crowd{n:02}"), "Gedrange", hours(200 + n))).await.unwrap();
    }
    store.insert_event(&public("faraway1", "Gedrange", hours(24 * 365))).await.unwrap();
    let far = SearchFilter { from: Some(hours(24 * 300).as_millisecond()), ..Default::default() };
    let query = SearchQuery { scope: Scope::Public, filter: far.clone(), limit: 5, after: None };
    let first = store.search_events(&query).await.unwrap();
    assert!(first.next.is_some(), "a budget-bound page says where to go on");
    assert!(first.events.is_empty(), "64 sooner events were read, none of them far enough");
    assert!(ids(store, Scope::Public, far).await.contains(&"faraway1".to_string()), "paging on reaches it");
}
