//! Three hundred guests join and vote at the same moment through HAProxy over HTTPS; afterwards
//! every replica shows all of them and every answer in the tally.

use crate::common::{PATIENCE, assert_votes_present, version, vote};
use prost_cluster::api::guest_of;
use prost_cluster::{Cluster, Guest};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::Barrier;

const GUESTS: usize = 300;

/// The names the tally lists under `answer` for the slot or place `id` (`kind` = slots/places).
fn tallied(event: &Value, kind: &str, id: &str, answer: &str) -> BTreeSet<String> {
    let key = if kind == "slots" { "slotId" } else { "placeId" };
    let row = event["tally"][kind].as_array().and_then(|rows| rows.iter().find(|r| r[key] == id));
    let row = row.unwrap_or_else(|| panic!("no tally row for {kind} {id}"));
    row[answer].as_array().into_iter().flatten().filter_map(|n| n.as_str().map(str::to_string)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_guests_at_once_through_haproxy_lose_nothing() {
    let cluster = start!(
        "crowd",
        Cluster::builder()
            .haproxy()
            // Alone: beside another cluster on two cores the crowd measured the neighbour.
            .exclusive()
            // One client address for all 300: the per-IP limits would otherwise decide the test.
            .env("PROST_JOIN_RATE_PER_MIN", "100000")
            .env("PROST_ANSWER_RATE_PER_MIN", "100000")
            .env("PROST_READ_RATE_PER_MIN", "1000000")
    );
    let proxy = cluster.via_haproxy();
    let (olga, _) = proxy.register("Olga").await;
    let id = proxy.create_event(&olga, "Everyone's invited").await;
    let mut watcher = cluster.watch_via_haproxy(&id).await;

    let barrier = Arc::new(Barrier::new(GUESTS));
    let crowd: Vec<_> = (0..GUESTS)
        .map(|i| {
            let (proxy, id, barrier) = (proxy.clone(), id.clone(), barrier.clone());
            tokio::spawn(async move {
                let name = format!("Guest {i:03}");
                barrier.wait().await;
                let joined = proxy.try_join(&id, &name).await.map_err(|e| format!("{name} join: {e}"))?;
                if joined.status != reqwest::StatusCode::CREATED {
                    return Err(format!("{name} join: {} {}", joined.status, joined.body));
                }
                let guest = guest_of(&joined, &name);
                let answered =
                    proxy.try_answer(&id, &guest, &vote(i)).await.map_err(|e| format!("{name} answer: {e}"))?;
                if answered.status != reqwest::StatusCode::OK {
                    return Err(format!("{name} answer: {} {}", answered.status, answered.body));
                }
                Ok::<(Guest, Value), String>((guest, vote(i)))
            })
        })
        .collect();
    let mut acked = Vec::new();
    let mut failures = Vec::new();
    for task in crowd {
        match task.await.expect("guest task") {
            Ok(done) => acked.push(done),
            Err(failure) => failures.push(failure),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {GUESTS} guests failed, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );

    let mut apis: Vec<_> = (0..3).map(|i| (format!("r{}", i + 1), cluster.api(i))).collect();
    apis.push(("haproxy".into(), proxy.clone()));
    let mut seen_versions = BTreeSet::new();
    for (via, api) in &apis {
        let event = api.event(&id).await;
        assert_eq!(event["participants"].as_array().map(Vec::len), Some(GUESTS), "{via}: every guest is a participant");
        assert_votes_present(&event, &acked, via);
        // The tally lists every guest under what they said, for every slot and place.
        for kind in ["slots", "places"] {
            for option in event[kind].as_array().unwrap() {
                let option_id = option["id"].as_str().unwrap();
                for answer in ["yes", "maybe", "no"] {
                    let expected: BTreeSet<String> = acked
                        .iter()
                        .filter(|(_, vote)| vote[kind][option_id] == answer)
                        .map(|(guest, _)| guest.name.clone())
                        .collect();
                    assert_eq!(
                        tallied(&event, kind, option_id, answer),
                        expected,
                        "{via}: tally of {kind} {option_id} {answer}"
                    );
                }
            }
        }
        seen_versions.insert(version(&event));
    }
    assert_eq!(seen_versions.len(), 1, "every replica shows the same version: {seen_versions:?}");

    let event = proxy.event(&id).await;
    watcher.reach(version(&event), PATIENCE).await;
    watcher.matches(&event).unwrap();
}
