//! A change made through any replica reaches the watchers on every replica, in version order,
//! presence adds up across replicas, commands for one event all land on its owner, and the
//! shared view cache never serves a stale event.

use crate::common::{PATIENCE, assert_votes_present, version, vote};
use prost_cluster::{Api, Auth, Cluster};
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_vote_through_one_replica_reaches_watchers_on_the_others() {
    let cluster = start!("fanout", Cluster::builder());
    let a = cluster.api(0);
    let (olga, _) = a.register("Olga").await;
    let id = a.create_event(&olga, "Friday pints").await;
    let anya = a.join(&id, "Anya").await;

    let mut boards = vec![
        cluster.watch_replica(0, &id).await,
        cluster.watch_replica(1, &id).await,
        cluster.watch_replica(2, &id).await,
    ];
    let start = boards[0].version;
    assert!(boards.iter().all(|b| b.version == start), "every replica's snapshot is at the same version");
    for board in &mut boards {
        board.until("3 viewers across replicas", PATIENCE, |b| b.viewers == Some(3)).await;
    }
    // docs/replicas.md: each replica's own count in the hash prost:presence:{id}, field = replica id.
    let presence = cluster.redis.hgetall(&format!("prost:presence:{id}")).unwrap();
    let mut per_replica: Vec<(String, String)> = presence
        .iter()
        .map(|(replica, value)| (replica.clone(), value.split_whitespace().next().unwrap_or_default().to_string()))
        .collect();
    per_replica.sort();
    assert_eq!(per_replica, [("r1", "1"), ("r2", "1"), ("r3", "1")].map(|(r, c)| (r.to_string(), c.to_string())));

    // Ten strokes by Anya through replica A (r1), each replacing her answers.
    for i in 0..10 {
        a.answer(&id, &anya, &vote(i)).await;
    }
    let event = a.event(&id).await;
    let last = version(&event);
    assert_eq!(last, start + 10, "one version per vote");
    for (i, board) in boards.iter_mut().enumerate() {
        board.reach(last, PATIENCE).await;
        let on = format!("watcher on r{}", i + 1);
        assert_eq!(board.diff_versions, (start + 1..=last).collect::<Vec<_>>(), "{on}: every diff, in version order");
        assert_eq!((board.gaps, board.reconnects), (0, 0), "{on}: no gap and no reconnect");
        // A replica may send a fresh snapshot of what the board already has; harmless, but worth
        // seeing when it happens (each is a reload from the store).
        if board.snapshots.len() > 1 {
            eprintln!("{on}: snapshots at versions {:?} (diffs {:?})", board.snapshots, board.diff_versions);
        }
        board.matches(&event).unwrap_or_else(|e| panic!("{on}: {e}"));
    }
    assert_votes_present(&event, &[(anya.clone(), vote(9))], "r1");

    // Leaving is counted across replicas too.
    let on_c = boards.pop().unwrap();
    on_c.close().await;
    for board in &mut boards {
        board.until("2 viewers after one left", PATIENCE, |b| b.viewers == Some(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_through_any_replica_are_applied_once_by_the_owner() {
    let cluster = start!("forwarding", Cluster::builder());
    let apis: Vec<Api> = (0..3).map(|i| cluster.api(i)).collect();
    let (olga, _) = apis[0].register("Olga").await;
    let id = apis[0].create_event(&olga, "Forwarded").await;
    let mut watcher = cluster.watch_replica(2, &id).await;
    let start = watcher.version;

    // Guest k joins through replica k and then votes through every replica in turn.
    let mut guests = Vec::new();
    for (k, api) in apis.iter().enumerate() {
        guests.push(api.join(&id, &format!("Guest {k}")).await);
    }
    let owner = cluster.owner_of(&id);
    assert!(owner.is_some(), "after a write, prost:lease:{id} names a replica");
    let mut acked = Vec::new();
    for round in 0..3 {
        for (k, guest) in guests.iter().enumerate() {
            let through = &apis[(k + round) % 3];
            let answers = vote(k * 3 + round);
            through.answer(&id, guest, &answers).await;
            acked.retain(|(g, _): &(prost_cluster::Guest, _)| g.id != guest.id);
            acked.push((guest.clone(), answers));
        }
    }
    assert_eq!(cluster.owner_of(&id), owner, "writes through other replicas do not move the lease");

    let event = apis[0].event(&id).await;
    assert_eq!(version(&event), start + 3 + 9, "3 joins and 9 votes, each applied exactly once");
    for (i, api) in apis.iter().enumerate() {
        assert_votes_present(&api.event(&id).await, &acked, &format!("r{}", i + 1));
    }
    watcher.reach(version(&event), PATIENCE).await;
    assert_eq!(watcher.diff_versions, (start + 1..=version(&event)).collect::<Vec<_>>());
    watcher.matches(&event).unwrap();
}

/// The sum of a Prometheus counter's samples on `api`'s replica whose labels contain `label`.
async fn counter(api: &Api, name: &str, label: &str) -> f64 {
    let text =
        reqwest::get(format!("{}/metrics", api.base)).await.expect("metrics answer").text().await.unwrap_or_default();
    text.lines()
        .filter(|line| line.starts_with(&format!("{name}{{")) && line.contains(label))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn event_views_are_cached_and_never_stale_after_a_write() {
    let cluster = start!("view cache", Cluster::builder());
    let (owner, reader) = (cluster.api(0), cluster.api(1));
    let (olga, _) = owner.register("Olga").await;
    let id = owner.create_event(&olga, "Cached").await;
    let anya = owner.join(&id, "Anya").await;

    let first = reader.event(&id).await;
    let hits_before = counter(&reader, "prost_view_cache_total", "result=\"hit\"").await;
    for _ in 0..5 {
        assert_eq!(reader.event(&id).await, first, "a cached view is the same body");
    }
    let hits_after = counter(&reader, "prost_view_cache_total", "result=\"hit\"").await;
    assert!(hits_after >= hits_before + 5.0, "repeated reads are cache hits: {hits_before} -> {hits_after}");
    assert!(cluster.redis.get(&format!("prost:view:{id}")).unwrap().is_some(), "the view is kept in prost:view:{{id}}");

    // The owner invalidates on every change: the next read anywhere sees the vote.
    for i in 0..5 {
        owner.answer(&id, &anya, &vote(i)).await;
        for reader in [cluster.api(1), cluster.api(2)] {
            let seen = reader.event(&id).await;
            assert_votes_present(&seen, &[(anya.clone(), vote(i))], &reader.base);
        }
    }
    let comment = owner
        .call(
            Method::POST,
            &format!("/api/v1/events/{id}/comments"),
            Auth::Guest(&anya.token),
            Some(json!({"text": "Prost!"})),
        )
        .await;
    assert_eq!(comment.status, reqwest::StatusCode::CREATED, "{}", comment.body);
    assert_eq!(reader.event(&id).await["comments"][0]["text"], "Prost!");
}
