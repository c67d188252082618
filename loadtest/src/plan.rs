//! What a watcher group is asked to do and what it reports back. A group runs either inside
//! the parent process or in a child process (`prost-loadtest watch`), which reads its plan as
//! one JSON line on stdin and answers with JSON lines on stdout.

use crate::proto::Codec;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One group's share of the watcher sockets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPlan {
    /// Server base URL (`http://127.0.0.1:PORT`).
    pub url: String,
    /// Events to watch; sample event indexes refer to this list.
    pub events: Vec<String>,
    /// Sockets per event.
    pub per_event: usize,
    /// Subprotocol.
    pub codec: Codec,
    /// Diffs each socket waits for before it is done; 0 holds the socket until told to stop.
    pub expect: usize,
    /// Hard limit on the group's whole life, so a stuck run always ends.
    pub deadline_secs: u64,
    /// Most handshakes in flight at once, to stay under the server's accept backlog.
    pub connect_concurrency: usize,
}

impl GroupPlan {
    /// A group of watchers on `events` with the scenario's common settings.
    pub fn watchers(common: &crate::cli::Common, events: Vec<String>, per_event: usize, expect: usize) -> GroupPlan {
        GroupPlan {
            url: common.url.clone(),
            events,
            per_event,
            codec: common.codec,
            expect,
            deadline_secs: common.max_secs + 30,
            connect_concurrency: common.connect_concurrency,
        }
    }

    /// How many sockets the group opens.
    pub fn sockets(&self) -> usize {
        self.events.len() * self.per_event
    }
}

/// Sent once every socket of a group has its snapshot or has failed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ready {
    /// Sockets that got their snapshot.
    pub connected: usize,
    /// Sockets that could not connect or got no snapshot.
    pub failed: usize,
    /// The first few failure messages.
    pub errors: Vec<String>,
    /// Seconds from the first connect to the last snapshot.
    pub connect_secs: f64,
}

/// A group's final account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupReport {
    /// One entry per received diff: (event index in the plan, version, receive time in µs).
    pub samples: Vec<(u32, u64, u64)>,
    /// Sockets that received `expect` diffs.
    pub completed: usize,
    /// Diffs whose version was not above the socket's previous one.
    pub out_of_order: u64,
    /// Snapshots received after the first (the server's resync path).
    pub resyncs: u64,
    /// Presence messages received.
    pub presence: u64,
    /// `error` messages received.
    pub errors: u64,
    /// Why sockets ended before the group stopped them: close code or transport error → count.
    pub closes: BTreeMap<String, usize>,
}

impl GroupReport {
    /// Folds another group's report into this one, shifting its event indexes by `offset`.
    pub fn absorb(&mut self, other: GroupReport, offset: u32) {
        self.samples.extend(other.samples.into_iter().map(|(e, v, t)| (e + offset, v, t)));
        self.completed += other.completed;
        self.out_of_order += other.out_of_order;
        self.resyncs += other.resyncs;
        self.presence += other.presence;
        self.errors += other.errors;
        for (why, n) in other.closes {
            *self.closes.entry(why).or_default() += n;
        }
    }
}

/// A line a child writes on stdout.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ChildLine {
    /// All sockets are up (or failed).
    Ready(Ready),
    /// Every connected socket has its diffs (or has ended).
    Done,
    /// The group has ended.
    Report(GroupReport),
}

/// Splits `items` into `parts` nearly equal consecutive chunks (none empty when there are
/// enough items).
pub fn split<T: Clone>(items: &[T], parts: usize) -> Vec<Vec<T>> {
    let parts = parts.clamp(1, items.len().max(1));
    let (base, extra) = (items.len() / parts, items.len() % parts);
    let mut out = Vec::with_capacity(parts);
    let mut start = 0;
    for i in 0..parts {
        let len = base + usize::from(i < extra);
        out.push(items[start..start + len].to_vec());
        start += len;
    }
    out
}

/// Splits `total` into `parts` counts that differ by at most one.
pub fn shares(total: usize, parts: usize) -> Vec<usize> {
    let parts = parts.max(1);
    (0..parts).map(|i| total / parts + usize::from(i < total % parts)).filter(|n| *n > 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cover_everything_once() {
        assert_eq!(split(&[1, 2, 3, 4, 5], 2), vec![vec![1, 2, 3], vec![4, 5]]);
        assert_eq!(split(&[1], 4), vec![vec![1]]);
        assert_eq!(shares(10, 4), vec![3, 3, 2, 2]);
        assert_eq!(shares(2, 4), vec![1, 1]);
    }

    #[test]
    fn absorb_shifts_event_indexes() {
        let mut all = GroupReport::default();
        let part =
            GroupReport { samples: vec![(0, 3, 10)], closes: [("4008".to_string(), 1)].into(), ..Default::default() };
        all.absorb(part.clone(), 5);
        all.absorb(part, 0);
        assert_eq!(all.samples, vec![(5, 3, 10), (0, 3, 10)]);
        assert_eq!(all.closes["4008"], 2);
    }
}
