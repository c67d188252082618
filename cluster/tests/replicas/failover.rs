//! `kill -9` of an event's owner in the middle of a stream of votes: nothing acknowledged is
//! lost, the lease moves within seconds, and watchers (through HAProxy and direct) reconnect and
//! end where a fresh GET is.

use crate::common::{PATIENCE, assert_votes_present, guests, version, vote};
use prost_cluster::{Cluster, Guest, LiveBoard};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

const VOTERS: usize = 40;
/// Votes acknowledged before the owner dies.
const BEFORE_KILL: usize = 15;

/// Creates events through HAProxy until one's owner (lease) is also the replica HAProxy hashes
/// its id to, so the sockets opened through HAProxy sit on the replica the test kills. Creation
/// is round robin, so about one try in three succeeds. Returns the event, its owner, and a
/// watcher through HAProxy that is on the owner.
async fn event_owned_where_haproxy_sends_it(cluster: &Cluster, token: &str) -> (String, usize, LiveBoard) {
    let proxy = cluster.via_haproxy();
    let mut tried = Vec::new();
    for attempt in 0..30 {
        let id = proxy.create_event(token, &format!("Failover {attempt}")).await;
        let board = cluster.watch_via_haproxy(&id).await;
        let target = board.served_by.as_deref().and_then(|r| cluster.index_of(r));
        let owner = cluster.owner_of(&id);
        if target.is_some() && target == owner {
            return (id, owner.unwrap(), board);
        }
        tried.push((board.served_by.clone(), owner));
        board.close().await;
    }
    panic!("no event whose lease holder is HAProxy's hash target; (socket on, owner) per try: {tried:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_dash_nine_of_the_owner_loses_no_acknowledged_vote() {
    let mut cluster = start!(
        "failover",
        Cluster::builder()
            .haproxy()
            .env("PROST_JOIN_RATE_PER_MIN", "100000")
            .env("PROST_ANSWER_RATE_PER_MIN", "100000")
            .env("PROST_READ_RATE_PER_MIN", "1000000")
    );
    let proxy = cluster.via_haproxy();
    let (olga, _) = proxy.register("Olga").await;
    let (id, owner, first_board) = event_owned_where_haproxy_sends_it(&cluster, &olga).await;
    let owner_id = cluster.replicas[owner].id.clone();
    let survivor = (owner + 1) % 3;
    let voters = guests(&proxy, &id, "Voter", VOTERS).await;

    let mut boards = vec![
        ("via haproxy #1", first_board),
        ("via haproxy #2", cluster.watch_via_haproxy(&id).await),
        ("on the owner", cluster.watch_replica(owner, &id).await),
        ("on a survivor", cluster.watch_replica(survivor, &id).await),
    ];
    assert_eq!(
        boards[1].1.served_by.as_deref(),
        Some(owner_id.as_str()),
        "HAProxy sends one event's sockets to one replica"
    );

    // The stream: each voter votes once through HAProxy, retrying (as a client would) until it
    // gets a 2xx. What failed on the way is kept to check it was an honest refusal.
    let acked: Arc<Mutex<Vec<(Guest, Value)>>> = Arc::default();
    let refusals: Arc<Mutex<Vec<String>>> = Arc::default();
    let (progress_tx, mut progress) = watch::channel(0usize);
    let stream = {
        let (proxy, id, acked, refusals) = (proxy.clone(), id.clone(), acked.clone(), refusals.clone());
        tokio::spawn(async move {
            for (i, voter) in voters.into_iter().enumerate() {
                let deadline = Instant::now() + Duration::from_secs(60);
                loop {
                    match proxy.try_answer(&id, &voter, &vote(i)).await {
                        Ok(reply) if reply.status.is_success() => break,
                        Ok(reply) => refusals.lock().unwrap().push(format!("{} {}", reply.status, reply.body)),
                        Err(e) => refusals.lock().unwrap().push(format!("transport: {e}")),
                    }
                    assert!(
                        Instant::now() < deadline,
                        "vote {i} not accepted within 60 s: {:?}",
                        refusals.lock().unwrap()
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                acked.lock().unwrap().push((voter, vote(i)));
                let _ = progress_tx.send(i + 1);
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
        })
    };

    progress.wait_for(|done| *done >= BEFORE_KILL).await.expect("vote stream runs");
    cluster.kill9(owner);
    let killed_at = Instant::now();

    // The lease expires (2 s TTL) and the next vote makes another replica take it.
    let new_owner =
        prost_cluster::wait::eventually(Duration::from_secs(15), "the lease moves off the dead owner", || {
            let holder = match cluster.redis.lease_holder(&id) {
                Ok(Some(holder)) if holder != owner_id => Ok(holder),
                other => Err(format!("{other:?}")),
            };
            async move { holder }
        })
        .await;
    eprintln!("failover: lease moved from {owner_id} to {new_owner} {:?} after the kill", killed_at.elapsed());

    tokio::time::timeout(Duration::from_secs(120), stream)
        .await
        .expect("vote stream ends")
        .expect("every vote accepted");
    let acked = acked.lock().unwrap().clone();
    assert_eq!(acked.len(), VOTERS);
    let refusals = refusals.lock().unwrap().clone();
    eprintln!("failover: {} refused attempts on the way, e.g. {:?}", refusals.len(), refusals.first());
    for refusal in &refusals {
        // While the owner is gone a vote may be refused as unavailable, never as a server bug.
        assert!(!refusal.starts_with("500"), "a vote got a 500 during failover: {refusal}");
    }

    let event = proxy.event(&id).await;
    assert_votes_present(&event, &acked, "haproxy");
    for i in [survivor, (owner + 2) % 3] {
        assert_votes_present(&cluster.api(i).event(&id).await, &acked, &cluster.replicas[i].id);
    }
    for (name, board) in &mut boards {
        board.reach(version(&event), PATIENCE).await;
        board.matches(&event).unwrap_or_else(|e| panic!("watcher {name}: {e}"));
    }
    for (name, board) in &boards[..3] {
        assert!(board.reconnects >= 1, "watcher {name} was on the killed replica, so it must have reconnected");
    }

    // The killed replica comes back without stale state.
    cluster.restart(owner).await.expect("the killed replica starts again");
    assert_votes_present(&cluster.api(owner).event(&id).await, &acked, "restarted replica");
}
