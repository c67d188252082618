//! The session over in-memory channels: a client that stops reading is dropped without ever
//! holding up the event, and a live client hears about changes.

use super::*;
use crate::actors::Registry;
use crate::domain::answer::{Answer, AnswerCells};
use crate::domain::command::Command;
use crate::persistence::SharedStore;
use crate::persistence::contract::sample_event;
use crate::persistence::embedded::EmbeddedStore;
use futures::channel::mpsc as fmpsc;
use std::convert::Infallible;
use std::time::Instant;

struct Fixture {
    _dir: tempfile::TempDir,
    registry: Registry,
    hub: Arc<Hub>,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store: SharedStore = Arc::new(EmbeddedStore::open(dir.path()).unwrap());
    store.insert_event(&sample_event("ev1", "u1")).await.unwrap();
    let hub = Hub::new();
    let registry = Registry::start(store, hub.clone(), Duration::from_secs(300)).await.unwrap();
    Fixture { _dir: dir, registry, hub }
}

fn context(f: &Fixture, send_timeout: Duration) -> SessionContext {
    SessionContext {
        event_id: "ev1".into(),
        codec: Codec::Json,
        registry: f.registry.clone(),
        hub: f.hub.clone(),
        keys: TokenKeys::new(b"session test secret"),
        shutdown: CancellationToken::new(),
        send_timeout,
        cluster: None,
        budget: None,
    }
}

fn text(json: &str) -> Result<Message, Infallible> {
    Ok(Message::Text(json.into()))
}

async fn guest_joins(registry: &Registry) {
    let join = Command::Join { name: "Anya".into(), participant_id: "pa".into(), token_hash: Some(token_hash("t")) };
    registry.command("ev1", join, Caller::default()).await.unwrap();
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped() {
    let f = fixture().await;
    guest_joins(&f.registry).await;
    // A zero-capacity sink nobody reads: it takes one frame, then every send waits forever.
    let (sink, _never_read) = fmpsc::channel::<Message>(0);
    let (client, stream) = fmpsc::unbounded();
    client.unbounded_send(text(r#"{"type":"hello"}"#)).unwrap();
    let session = tokio::spawn(run(sink, stream, context(&f, Duration::from_millis(200))));

    // Meanwhile the event keeps moving at full speed: the stalled socket holds nobody up.
    let started = Instant::now();
    for n in 0..50 {
        let mut cells = AnswerCells::default();
        cells.slots.insert("s1".into(), Some(if n % 2 == 0 { Answer::Yes } else { Answer::No }));
        let answer = Command::Answer { participant_id: "pa".into(), cells };
        let caller = Caller { token_hash: Some(token_hash("t")), ..Caller::default() };
        f.registry.command("ev1", answer, caller).await.unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(5), "answers were not blocked by the stalled client");
    tokio::time::timeout(Duration::from_secs(5), session).await.expect("the stalled session ended by itself").unwrap();
    assert_eq!(f.hub.viewers("ev1"), 0, "the dropped client no longer counts as a viewer");
    drop(client);
}

async fn next(frames: &mut fmpsc::UnboundedReceiver<Message>) -> serde_json::Value {
    match tokio::time::timeout(Duration::from_secs(5), frames.next()).await.unwrap().unwrap() {
        Message::Text(t) => serde_json::from_str(&t).unwrap(),
        other => panic!("unexpected frame {other:?}"),
    }
}

#[tokio::test]
async fn a_live_client_hears_changes_in_order() {
    let f = fixture().await;
    guest_joins(&f.registry).await;
    let (sink, mut frames) = fmpsc::unbounded::<Message>();
    let (client, stream) = fmpsc::unbounded();
    client.unbounded_send(text(r#"{"type":"hello","participantToken":"t"}"#)).unwrap();
    let session = tokio::spawn(run(sink, stream, context(&f, Duration::from_secs(5))));
    assert_eq!(next(&mut frames).await["type"], "snapshot");
    assert_eq!(next(&mut frames).await["viewers"], 1);
    client.unbounded_send(text(r#"{"type":"answers","ref":1,"participantId":"pa","slots":{"s1":"maybe"}}"#)).unwrap();
    let (mut saw_ack, mut saw_diff) = (false, false);
    while !(saw_ack && saw_diff) {
        let msg = next(&mut frames).await;
        match msg["type"].as_str().unwrap() {
            "ack" => saw_ack = msg["version"] == 3,
            "diff" => saw_diff = msg["changes"][0]["slots"]["s1"] == "maybe",
            other => panic!("unexpected {other}"),
        }
    }
    drop(client);
    tokio::time::timeout(Duration::from_secs(5), session).await.unwrap().unwrap();
}
