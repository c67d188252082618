//! The contract every store passes: the embedded store in its unit tests, MongoDB (FerretDB) in
//! the integration tests. It lives in the library so both can call it.

use super::{Cursor, EventQuery, Scope, SharedStore, StoreError};
use crate::domain::answer::Answer;
use crate::domain::event::*;
use crate::domain::plan::Write;
use crate::domain::user::{RefreshTokenRecord, UserRecord};
use jiff::{Timestamp, ToSpan};

/// A small event organised by `organizer`, created at a time derived from its id so listings
/// have a stable order.
pub fn sample_event(id: &str, organizer: &str) -> EventMeta {
    let at: Timestamp = "2026-12-04T15:00:00Z".parse().expect("valid timestamp");
    let created = Timestamp::UNIX_EPOCH + (id.bytes().map(u64::from).sum::<u64>() as i64).seconds();
    EventMeta {
        id: id.into(),
        title: format!("Pints {id}"),
        description: Some("Bring a friend".into()),
        timezone: "Europe/Moscow".into(),
        visibility: Visibility::Link,
        status: Status::Open,
        organizer: Organizer::account(organizer.into(), "Olga".into()),
        organizer_token_hash: None,
        language: None,
        slots: vec![Slot { id: "s1".into(), start: at, end: at + 3.hours() }],
        grid: None,
        places: vec![Place {
            id: "p1".into(),
            name: "Bar Pivovar".into(),
            address: Some("Tverskaya 1".into()),
            map_url: None,
            lat: Some(55.7),
            lng: Some(37.6),
            suggested_by: None,
        }],
        settings: EventSettings::default(),
        final_plan: None,
        next_slot_seq: 2,
        cards: Vec::new(),
        next_place_seq: 2,
        version: 1,
        created_at: created,
        updated_at: created,
    }
}

fn participant(id: &str, user: Option<&str>, version: u64) -> Participant {
    Participant {
        id: id.into(),
        name: format!("Guest {id}"),
        user_id: user.map(Into::into),
        token_hash: user.is_none().then(|| format!("hash-{id}")),
        answers: Default::default(),
        joined_at: Timestamp::UNIX_EPOCH + (version as i64).seconds(),
        updated_at: Timestamp::UNIX_EPOCH + (version as i64).seconds(),
        version,
    }
}

/// Runs the whole contract against `store`, which must be empty.
pub async fn run(store: SharedStore) {
    users(&store).await;
    refresh_tokens(&store).await;
    events(&store).await;
    listings(&store).await;
    stale_writers(&store).await;
    comment_pages(&store).await;
    super::background_contract::run(&store).await;
    super::accounts_contract::run(&store).await;
    store.ping().await.expect("ping");
}

async fn users(store: &SharedStore) {
    let user = UserRecord {
        created_at: Timestamp::UNIX_EPOCH,
        ..UserRecord::new(
            "u1".into(),
            "anya@example.com".into(),
            "Anya".into(),
            Some("$argon2id$...".into()),
            Default::default(),
        )
    };
    store.insert_user(&user).await.expect("insert user");
    let again = UserRecord { id: "u2".into(), ..user.clone() };
    assert!(matches!(store.insert_user(&again).await, Err(StoreError::Duplicate(_))), "duplicate email refused");
    assert_eq!(store.user_by_email("anya@example.com").await.unwrap(), Some(user.clone()));
    assert_eq!(store.user_by_id("u1").await.unwrap(), Some(user));
    assert_eq!(store.user_by_id("u2").await.unwrap(), None, "the refused duplicate left nothing behind");
    assert_eq!(store.user_by_email("nobody@example.com").await.unwrap(), None);
}

async fn refresh_tokens(store: &SharedStore) {
    let token = |hash: &str, family: &str| RefreshTokenRecord {
        hash: hash.into(),
        user_id: "u1".into(),
        family: family.into(),
        expires_at: Timestamp::MAX,
        revoked: false,
        rotated_at: None,
        sealed_next: None,
    };
    for (hash, family) in [("h1", "f1"), ("h2", "f1"), ("h3", "f2")] {
        store.insert_refresh_token(&token(hash, family)).await.expect("insert token");
    }
    store.revoke_refresh_token("h3").await.unwrap();
    assert!(store.refresh_token("h3").await.unwrap().unwrap().revoked);
    store.revoke_refresh_family("f1").await.unwrap();
    assert!(store.refresh_token("h1").await.unwrap().unwrap().revoked);
    assert!(store.refresh_token("h2").await.unwrap().unwrap().revoked);
    assert_eq!(store.refresh_token("nope").await.unwrap(), None);

    let expired = RefreshTokenRecord { expires_at: Timestamp::UNIX_EPOCH + 10.seconds(), ..token("old", "f3") };
    store.insert_refresh_token(&expired).await.unwrap();
    let purged = store.purge_refresh_tokens(Timestamp::UNIX_EPOCH + 60.seconds()).await.unwrap();
    assert_eq!(purged, 1, "only the expired token goes");
    assert_eq!(store.refresh_token("old").await.unwrap(), None);
    assert!(store.refresh_token("h1").await.unwrap().is_some(), "live tokens stay");
}

async fn events(store: &SharedStore) {
    let meta = sample_event("ev1", "u1");
    store.insert_event(&meta).await.expect("insert event");
    let loaded = store.load_event("ev1").await.unwrap().expect("event exists");
    assert_eq!(loaded.meta, meta);
    assert_eq!(loaded.version, 1);
    assert!(store.load_event("missing").await.unwrap().is_none());

    let mut anya = participant("pa", None, 2);
    let boris = participant("pb", Some("u9"), 2);
    store.apply("ev1", 1, &[Write::Participant(anya.clone()), Write::Participant(boris.clone())]).await.unwrap();
    anya.answers.slots.insert("s1".into(), Answer::Yes);
    anya.answers.places.insert("p1".into(), Answer::Maybe);
    anya.version = 3;
    store.apply("ev1", 2, &[Write::Participant(anya.clone())]).await.unwrap();
    let comment = Comment {
        id: "c1".into(),
        author: "Anya".into(),
        participant_id: Some("pa".into()),
        text: "Prost!".into(),
        created_at: Timestamp::UNIX_EPOCH,
        version: 4,
    };
    store.apply("ev1", 3, &[Write::Comment(comment.clone())]).await.unwrap();

    let loaded = store.load_event("ev1").await.unwrap().unwrap();
    assert_eq!(loaded.participants, vec![anya.clone(), boris.clone()], "participants in join order");
    assert_eq!(loaded.comments, vec![comment]);
    assert_eq!(loaded.version, 4, "version comes from the newest part, not the event record");

    let mut changed = meta.clone();
    changed.title = "Saturday pints".into();
    changed.version = 5;
    store
        .apply("ev1", 4, &[Write::Meta(Box::new(changed.clone())), Write::RemoveParticipant("pb".into())])
        .await
        .unwrap();
    let loaded = store.load_event("ev1").await.unwrap().unwrap();
    assert_eq!(loaded.meta.title, "Saturday pints");
    assert_eq!(loaded.participants, vec![anya.clone()]);
    assert_eq!(loaded.version, 5);

    store.insert_event(&sample_event("ev2", "u1")).await.unwrap();
    store.apply("ev2", 1, &[Write::Participant(participant("px", None, 2))]).await.unwrap();
    store.apply("ev2", 2, &[Write::DeleteEvent]).await.unwrap();
    assert!(store.load_event("ev2").await.unwrap().is_none());
    store.insert_event(&sample_event("ev2", "u1")).await.unwrap();
    let reborn = store.load_event("ev2").await.unwrap().unwrap();
    assert!(reborn.participants.is_empty(), "deleting an event deletes its participants");
    store.apply("ev2", 1, &[Write::DeleteEvent]).await.unwrap();
}

/// Two writers holding the same version (two replicas while a lease changes hands): exactly one
/// write lands, the other is refused whole and leaves no trace.
async fn stale_writers(store: &SharedStore) {
    store.insert_event(&sample_event("race", "u1")).await.unwrap();
    store.apply("race", 1, &[Write::Participant(participant("first", None, 2))]).await.unwrap();
    let stale = store.apply("race", 1, &[Write::Participant(participant("ghost", None, 2))]).await;
    assert!(matches!(stale, Err(StoreError::Conflict { expected: 1, stored: 2 })), "{stale:?}");
    for round in 0..5u64 {
        let from = 2 + round;
        let (first, second) = (
            [Write::Participant(participant(&format!("a{round}"), None, from + 1))],
            [Write::Participant(participant(&format!("b{round}"), None, from + 1))],
        );
        let (a, b) = tokio::join!(store.apply("race", from, &first), store.apply("race", from, &second));
        assert!(a.is_ok() != b.is_ok(), "exactly one of two same-version writers wins: {a:?} / {b:?}");
        let loser = if a.is_ok() { format!("b{round}") } else { format!("a{round}") };
        let loaded = store.load_event("race").await.unwrap().unwrap();
        assert_eq!(loaded.version, from + 1);
        assert!(loaded.participant(&loser).is_none(), "the loser wrote nothing");
    }
    let loaded = store.load_event("race").await.unwrap().unwrap();
    assert_eq!(loaded.participants.len(), 6, "the first writer and one winner per round");
    assert!(loaded.participant("ghost").is_none());
    store.apply("race", 7, &[Write::DeleteEvent]).await.unwrap();
    let late = store.apply("race", 7, &[Write::Participant(participant("pc", None, 8))]).await;
    assert!(matches!(late, Err(StoreError::Conflict { .. })), "a deleted event refuses stale writers: {late:?}");
}

async fn listings(store: &SharedStore) {
    // ev1 (organised by u1) exists already; add public and participated events.
    let mut public = sample_event("pub1", "u5");
    public.visibility = Visibility::Public;
    public.title = "Open Oktoberfest".into();
    store.insert_event(&public).await.unwrap();
    let joined = sample_event("joined1", "u5");
    store.insert_event(&joined).await.unwrap();
    store.apply("joined1", 1, &[Write::Participant(participant("pj", Some("u1"), 2))]).await.unwrap();
    let hidden = sample_event("hidden1", "u5");
    store.insert_event(&hidden).await.unwrap();

    let ids = |events: Vec<EventMeta>| events.into_iter().map(|e| e.id).collect::<Vec<_>>();
    let query = |scope: Scope| EventQuery { scope, text: None, limit: 10, after: None };

    let mut mine = ids(store.list_events(&query(Scope::Mine("u1".into()))).await.unwrap());
    mine.sort();
    assert_eq!(mine, vec!["ev1", "joined1"]);
    assert_eq!(ids(store.list_events(&query(Scope::Public)).await.unwrap()), vec!["pub1"]);
    let mut both = ids(store.list_events(&query(Scope::PublicAndMine("u1".into()))).await.unwrap());
    both.sort();
    assert_eq!(both, vec!["ev1", "joined1", "pub1"]);

    let text = EventQuery { text: Some("oktober".into()), ..query(Scope::PublicAndMine("u1".into())) };
    assert_eq!(ids(store.list_events(&text).await.unwrap()), vec!["pub1"]);

    let first = store.list_events(&EventQuery { limit: 1, ..query(Scope::PublicAndMine("u1".into())) }).await.unwrap();
    assert_eq!(first.len(), 1);
    let after = Cursor { created_at: first[0].created_at, id: first[0].id.clone() };
    let rest = store
        .list_events(&EventQuery { after: Some(after), ..query(Scope::PublicAndMine("u1".into())) })
        .await
        .unwrap();
    assert_eq!(rest.len(), 2, "the cursor skips exactly the first page");
    assert!(!rest.iter().any(|e| e.id == first[0].id));

    let mut made_public = hidden.clone();
    made_public.visibility = Visibility::Public;
    made_public.version = 2;
    store.apply("hidden1", 1, &[Write::Meta(Box::new(made_public))]).await.unwrap();
    let mut public_now = ids(store.list_events(&query(Scope::Public)).await.unwrap());
    public_now.sort();
    assert_eq!(public_now, vec!["hidden1", "pub1"], "visibility changes reach the listing");
}

/// Comments page backwards from the newest, each exactly once, and a cursor stays put while
/// new comments arrive.
async fn comment_pages(store: &SharedStore) {
    use super::CommentCursor;
    store.insert_event(&sample_event("chatty", "u1")).await.unwrap();
    let comment = |n: u64| Comment {
        // Ids out of numeric order, so the version, not the id, orders the pages.
        id: format!("c{}", 99 - n),
        author: "Anya".into(),
        participant_id: None,
        text: format!("round {n}"),
        created_at: Timestamp::UNIX_EPOCH,
        version: n + 2,
    };
    for n in 0..25 {
        store.apply("chatty", n + 1, &[Write::Comment(comment(n))]).await.unwrap();
    }
    let texts = |page: &[Comment]| page.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    let newest = store.comments_before("chatty", None, 10).await.unwrap();
    assert_eq!(texts(&newest)[..2], ["round 24".to_string(), "round 23".to_string()], "newest first");
    store.apply("chatty", 26, &[Write::Comment(comment(25))]).await.unwrap();
    let mut seen = texts(&newest);
    let mut cursor = CommentCursor::of(newest.last().unwrap());
    loop {
        let page = store.comments_before("chatty", Some(&cursor), 10).await.unwrap();
        seen.extend(texts(&page));
        match page.last() {
            Some(last) if page.len() == 10 => cursor = CommentCursor::of(last),
            _ => break,
        }
    }
    let expected: Vec<String> = (0..25).rev().map(|n| format!("round {n}")).collect();
    assert_eq!(seen, expected, "every comment before the first page's start, once, in order");
    assert!(store.comments_before("missing", None, 10).await.unwrap().is_empty());
    store.apply("chatty", 27, &[Write::DeleteEvent]).await.unwrap();
}
