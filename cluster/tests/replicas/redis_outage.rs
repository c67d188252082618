//! Redis stops in the middle of a run and comes back empty: owners keep taking votes for their
//! events, other replicas succeed or refuse with 503 `unavailable` (never 500), readiness follows
//! Redis, nothing acknowledged is lost, and diffs cross replicas again without a restart.

use crate::common::{PATIENCE, assert_votes_present, guests, version, vote};
use prost_cluster::api::answers_of;
use prost_cluster::live::normalized;
use prost_cluster::wait::eventually;
use prost_cluster::{Api, Auth, Cluster, Guest};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// `/readyz` of every replica has `status`; with 503 it is the `unavailable` error shape.
async fn wait_readiness(cluster: &Cluster, status: StatusCode) {
    for i in 0..cluster.replicas.len() {
        let api = cluster.api(i);
        let reply = eventually(PATIENCE, &format!("r{} /readyz says {status}", i + 1), || {
            let api = api.clone();
            async move {
                let reply =
                    api.try_call(Method::GET, "/readyz", Auth::None, None, &[]).await.map_err(|e| e.to_string())?;
                if reply.status == status { Ok(reply) } else { Err(format!("{} {}", reply.status, reply.body)) }
            }
        })
        .await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            reply.assert_error("unavailable");
        }
    }
}

/// A vote through a replica that does not own the event while Redis is down: either it got
/// through, or it was refused with 503 `unavailable`. Returns whether it was acknowledged.
async fn vote_elsewhere(api: &Api, event_id: &str, guest: &Guest, answers: &Value) -> bool {
    let reply = api.try_answer(event_id, guest, answers).await.expect("a replica answers while Redis is down");
    match reply.status {
        StatusCode::OK => true,
        StatusCode::SERVICE_UNAVAILABLE => {
            reply.assert_error("unavailable");
            false
        }
        other => panic!("vote through {} while Redis is down: {other} {}", api.base, reply.body),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redis_outage_keeps_owners_writing_and_heals_by_itself() {
    let mut cluster = start!("redis outage", Cluster::builder().haproxy());
    let apis: Vec<Api> = (0..3).map(|i| cluster.api(i)).collect();
    let (olga, _) = apis[0].register("Olga").await;
    // Event k is created and joined through replica k, so replica k owns it.
    let mut events = Vec::new();
    for (k, api) in apis.iter().enumerate().take(2) {
        let id = api.create_event(&olga, &format!("Outage {k}")).await;
        let voters = guests(api, &id, "Voter", 10).await;
        assert_eq!(cluster.owner_of(&id), Some(k), "the replica that created and joined event {k} holds its lease");
        events.push((k, id, voters));
    }
    // Watchers on a replica that does not own the event: they depend on Redis for diffs.
    let mut watchers = vec![cluster.watch_replica(1, &events[0].1).await, cluster.watch_replica(0, &events[1].1).await];
    let mut acked: Vec<Vec<(Guest, Value)>> = vec![Vec::new(), Vec::new()];
    let mut refused: Vec<Vec<(Guest, Value)>> = vec![Vec::new(), Vec::new()];
    for (k, id, voters) in &events {
        apis[*k].answer(id, &voters[0], &vote(0)).await;
        acked[*k].push((voters[0].clone(), vote(0)));
    }

    cluster.redis.stop();
    wait_readiness(&cluster, StatusCode::SERVICE_UNAVAILABLE).await;

    for (k, id, voters) in &events {
        // The owner keeps serving its event.
        for (i, voter) in voters.iter().enumerate().take(4).skip(1) {
            apis[*k].answer(id, voter, &vote(i)).await;
            acked[*k].push((voter.clone(), vote(i)));
        }
        // The others: forwarded, or refused with 503.
        for i in 4..7 {
            let elsewhere = &apis[(*k + 1 + i % 2) % 3];
            let list =
                if vote_elsewhere(elsewhere, id, &voters[i], &vote(i)).await { &mut acked } else { &mut refused };
            list[*k].push((voters[i].clone(), vote(i)));
        }
        // Reads come from the database, from any replica and through HAProxy (whose fallback
        // servers take over when every /readyz says 503).
        assert_votes_present(&apis[(*k + 2) % 3].event(id).await, &acked[*k], "a non-owner during the outage");
        assert_votes_present(&cluster.via_haproxy().event(id).await, &acked[*k], "haproxy during the outage");
    }

    cluster.redis.start_again().expect("redis starts again");
    wait_readiness(&cluster, StatusCode::OK).await;
    cluster.haproxy.as_ref().unwrap().wait_servers_up(PATIENCE).await.expect("haproxy sees the replicas ready again");
    for (k, id, _) in &events {
        // docs/replicas.md: replicas re-assert their leases when Redis returns (it came back empty).
        let lease = format!("prost:lease:{id}");
        let holder = eventually(PATIENCE, "the owner re-asserts its lease", || {
            let owner = cluster.owner_of(id);
            async move { owner.ok_or_else(|| "no lease yet".to_string()) }
        })
        .await;
        assert_eq!(holder, *k, "{lease} goes back to the replica running the event");
    }

    for (k, id, voters) in &events {
        apis[*k].answer(id, &voters[7], &vote(7)).await;
        acked[*k].push((voters[7].clone(), vote(7)));
        // Through another replica it works again, once leases are back (retrying 503 meanwhile).
        let elsewhere = &apis[(*k + 1) % 3];
        eventually(PATIENCE, "a forwarded vote is accepted after recovery", || async {
            let reply = elsewhere.try_answer(id, &voters[8], &vote(8)).await.map_err(|e| e.to_string())?;
            if reply.status == StatusCode::OK { Ok(()) } else { Err(format!("{} {}", reply.status, reply.body)) }
        })
        .await;
        acked[*k].push((voters[8].clone(), vote(8)));
    }

    for ((_, id, _), watcher) in events.iter().zip(&mut watchers) {
        let event = apis[0].event(id).await;
        watcher.reach(version(&event), PATIENCE).await;
        watcher.matches(&event).unwrap_or_else(|e| panic!("a watcher on another replica after recovery: {e}"));
    }
    for (k, id, _) in &events {
        for (i, api) in apis.iter().enumerate() {
            let event = api.event(id).await;
            assert_votes_present(&event, &acked[*k], &format!("r{} after recovery", i + 1));
            // A refused vote may not have happened, but nothing else may show in its place.
            for (guest, attempted) in &refused[*k] {
                let shown = answers_of(&event, &guest.id).map(|a| normalized(&a));
                let nothing = normalized(&serde_json::json!({}));
                assert!(
                    shown == Some(nothing.clone()) || shown == Some(normalized(attempted)),
                    "refused vote of {} shows {shown:?}",
                    guest.name
                );
            }
        }
    }
}
