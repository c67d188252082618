//! The deployment's HAProxy config does what its comments say: TLS with HSTS, plain HTTP
//! redirected, replica-internal routes hidden, a password on the stats page, one replica per
//! event id and round robin for the rest.

use prost_cluster::haproxy::STATS_AUTH;
use prost_cluster::{Auth, Cluster};
use reqwest::{Method, StatusCode};
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn haproxy_terminates_tls_hides_internals_and_hashes_on_the_event() {
    let cluster = start!("haproxy config", Cluster::builder().haproxy());
    let proxy = cluster.via_haproxy();
    let haproxy = cluster.haproxy.as_ref().unwrap();

    // HTTPS with HSTS; plain HTTP only redirects, keeping path and query.
    let ready = proxy.call(Method::GET, "/readyz", Auth::None, None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert!(ready.header("strict-transport-security").is_some_and(|v| v.contains("max-age=")), "{:?}", ready.headers);
    let plain = prost_cluster::Api::new(&format!("http://127.0.0.1:{}", haproxy.http_port), None, None);
    let redirect = plain.call(Method::POST, "/api/v1/events?q=pints", Auth::None, None).await;
    assert_eq!(redirect.status, StatusCode::PERMANENT_REDIRECT);
    let location = redirect.header("location").unwrap_or_default();
    assert!(location.starts_with("https://") && location.ends_with("/api/v1/events?q=pints"), "{location}");

    // Replica-to-replica routes exist on the replicas but not from outside.
    let internal =
        proxy.call(Method::POST, "/internal/v1/events/abc/answers", Auth::None, Some(serde_json::json!({}))).await;
    assert_eq!(internal.status, StatusCode::NOT_FOUND);
    internal.assert_error("not_found");

    // The stats page wants its password, and then shows the three replicas up.
    let stats = format!("http://127.0.0.1:{}/stats;csv", haproxy.stats_port);
    let anonymous = reqwest::get(&stats).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let client = reqwest::Client::new();
    let wrong = client.get(&stats).basic_auth(STATS_AUTH.0, Some("guess")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = client.get(&stats).basic_auth(STATS_AUTH.0, Some(STATS_AUTH.1)).send().await.unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    let states = haproxy.server_states().await.unwrap();
    for server in ["r1", "r2", "r3"] {
        assert!(
            states.iter().any(|(b, s, st)| b == "prost_events" && s == server && st == "UP"),
            "{server} is not UP in prost_events: {states:?}"
        );
    }

    // One event's requests all land on one replica; different events spread over several. The
    // live socket shows where HAProxy sent it (X-Prost-Replica of the handshake: the live route
    // is served where it lands, while other event requests name the owner they were forwarded to).
    let (olga, _) = proxy.register("Olga").await;
    let mut targets = BTreeSet::new();
    for n in 0..12 {
        let id = proxy.create_event(&olga, &format!("Hashed {n}")).await;
        let mut seen = BTreeSet::new();
        for _ in 0..3 {
            let board = cluster.watch_via_haproxy(&id).await;
            seen.insert(board.served_by.clone().unwrap_or_else(|| "no X-Prost-Replica".into()));
            board.close().await;
        }
        assert_eq!(seen.len(), 1, "event {id}'s sockets went to {seen:?}");
        targets.extend(seen);
    }
    assert!(targets.len() >= 2, "twelve events all hashed to {targets:?}");

    // Anything else goes round robin.
    let mut served = BTreeSet::new();
    for _ in 0..6 {
        let listed = proxy.call(Method::GET, "/api/v1/events?q=nothing", Auth::Bearer(&olga), None).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        served.insert(listed.replica().unwrap_or("none").to_string());
    }
    assert_eq!(served.len(), 3, "six list requests were served by {served:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn haproxy_refuses_a_sign_in_flood_itself_in_the_api_error_shape() {
    let cluster = start!(
        "haproxy sign-in limit",
        Cluster::builder()
            // The replicas would allow it all: whatever is refused here, HAProxy refused.
            .env("PROST_AUTH_RATE_PER_MIN", "100000")
            .haproxy()
            .haproxy_env("PROST_HAPROXY_AUTH_PER_MIN", "3")
    );
    let (_, email) = cluster.via_haproxy_from([127, 0, 0, 6]).register("Olga").await;
    let flood = cluster.via_haproxy_from([127, 0, 0, 7]);
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let reply = flood.login(&email, &[]).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            reply.assert_error("rate_limited");
            assert_eq!(reply.header("retry-after"), Some("60"));
            assert_eq!(reply.replica(), None, "refused at the edge, before any replica");
        }
        statuses.push(reply.status.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429], "three attempts a minute per address, then 429");
    // Other addresses and other routes are not affected.
    assert_eq!(cluster.via_haproxy_from([127, 0, 0, 8]).login(&email, &[]).await.status, StatusCode::OK);
    assert_eq!(flood.call(Method::GET, "/readyz", Auth::None, None).await.status, StatusCode::OK);
}
