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
    /// Server base URLs (`http://127.0.0.1:PORT`), the same list in every group of a run.
    pub urls: Vec<String>,
    /// The run-wide index of this group's first socket: sockets take `urls` round-robin over
    /// the whole run, not per group, so that every group split still spreads them evenly.
    pub first_socket: usize,
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
    /// A group of watchers on `events` with the scenario's common settings, connecting to
    /// `urls` round-robin from the run-wide socket index `first_socket`.
    pub fn watchers(
        common: &crate::cli::Common,
        urls: &[String],
        first_socket: usize,
        events: Vec<String>,
        per_event: usize,
        expect: usize,
    ) -> GroupPlan {
        GroupPlan {
            urls: urls.to_vec(),
            first_socket,
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

    /// Which of `urls` the group's `socket`-th socket (counting from 0 in this group) uses.
    pub fn url_index(&self, socket: usize) -> usize {
        (self.first_socket + socket) % self.urls.len().max(1)
    }
}

/// The run-wide index of each group's first socket, for groups of `sizes` sockets in order.
pub fn first_sockets(sizes: &[usize]) -> Vec<usize> {
    sizes.iter().scan(0, |at, n| Some(std::mem::replace(at, *at + n))).collect()
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
    /// Sockets that got their snapshot, per index into the plan's `urls`.
    pub connected_by_url: Vec<usize>,
}

/// A group's final account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupReport {
    /// One entry per received diff: (event index in the plan, version, receive time in µs,
    /// index into the plan's `urls` of the server the socket was connected to).
    pub samples: Vec<(u32, u64, u64, u16)>,
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
        self.samples.extend(other.samples.into_iter().map(|(e, v, t, u)| (e + offset, v, t, u)));
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
        let part = GroupReport {
            samples: vec![(0, 3, 10, 2)],
            closes: [("4008".to_string(), 1)].into(),
            ..Default::default()
        };
        all.absorb(part.clone(), 5);
        all.absorb(part, 0);
        assert_eq!(all.samples, vec![(5, 3, 10, 2), (0, 3, 10, 2)]);
        assert_eq!(all.closes["4008"], 2);
    }

    fn plan(urls: usize, first_socket: usize, per_event: usize) -> GroupPlan {
        GroupPlan {
            urls: (0..urls).map(|i| format!("http://127.0.0.1:{}", 9000 + i)).collect(),
            first_socket,
            events: vec!["e".into()],
            per_event,
            codec: crate::proto::Codec::Json,
            expect: 1,
            deadline_secs: 1,
            connect_concurrency: 1,
        }
    }

    #[test]
    fn sockets_take_urls_round_robin_across_groups() {
        // 10 watchers in two processes over three servers: 4/3/3 overall, continuing across
        // the group boundary instead of restarting at the first server in each group.
        let sizes = shares(10, 2);
        let firsts = first_sockets(&sizes);
        assert_eq!(firsts, vec![0, 5]);
        let mut per_url = [0; 3];
        let mut order = Vec::new();
        for (n, first) in sizes.iter().zip(&firsts) {
            let group = plan(3, *first, *n);
            for socket in 0..group.sockets() {
                per_url[group.url_index(socket)] += 1;
                order.push(group.url_index(socket));
            }
        }
        assert_eq!(per_url, [4, 3, 3]);
        assert_eq!(order, vec![0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
        // One server: everything goes to it, whatever the offset.
        assert!((0..7).all(|s| plan(1, 5, 7).url_index(s) == 0));
    }
}
