//! What several replica tests share: votes that differ per guest, and the checks on them.

use prost_cluster::api::answers_of;
use prost_cluster::live::normalized;
use prost_cluster::{Api, Guest};
use serde_json::{Value, json};
use std::time::Duration;

/// A generous wait for anything that crosses processes.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A vote that differs from guest to guest, so a lost or misplaced one shows.
pub fn vote(i: usize) -> Value {
    json!({
        "slots": {format!("s{}", 1 + i % 3): "yes", format!("s{}", 1 + (i + 1) % 3): "maybe"},
        "places": {format!("p{}", 1 + i % 2): if i % 4 < 2 { "yes" } else { "no" }}
    })
}

/// Asserts that `event` shows each acknowledged vote as that guest's answers.
pub fn assert_votes_present(event: &Value, acked: &[(Guest, Value)], via: &str) {
    for (guest, answers) in acked {
        let shown = answers_of(event, &guest.id).map(|a| normalized(&a));
        assert_eq!(
            shown,
            Some(normalized(answers)),
            "{via}: acknowledged vote of {} ({}) is not in the event",
            guest.name,
            guest.id
        );
    }
}

/// Joins `count` guests named `{prefix} {i}` through `api`.
pub async fn guests(api: &Api, event_id: &str, prefix: &str, count: usize) -> Vec<Guest> {
    let mut guests = Vec::with_capacity(count);
    for i in 0..count {
        guests.push(api.join(event_id, &format!("{prefix} {i:03}")).await);
    }
    guests
}

/// The version in a `GET /events/{id}` body.
pub fn version(event: &Value) -> u64 {
    event["version"].as_u64().unwrap_or_else(|| panic!("GET /events/{{id}} has no version: {event}"))
}
