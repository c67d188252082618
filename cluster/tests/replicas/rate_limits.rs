//! Sign-in limits hold across replicas: one client spreading its attempts over three replicas
//! gets no more than the limit, and behind HAProxy the client is the address HAProxy saw, not
//! whatever X-Forwarded-For the client made up.

use prost_cluster::{Api, Cluster, Reply};
use reqwest::StatusCode;

const LIMIT: usize = 10;
const ATTEMPTS: usize = 15;

/// Asserts a 429 in the API.md shape with a usable `Retry-After`.
fn assert_limited(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
    reply.assert_error("rate_limited");
    let retry_after =
        reply.header("retry-after").unwrap_or_else(|| panic!("429 without Retry-After: {:?}", reply.headers));
    let seconds: u64 = retry_after.parse().unwrap_or_else(|_| panic!("Retry-After is not seconds: {retry_after}"));
    assert!((1..=60).contains(&seconds), "Retry-After {seconds}s for a per-minute limit");
}

/// Logs in `ATTEMPTS` times through `apis` in turn; returns how many succeeded, checking that
/// every other answer is a proper 429.
async fn spread_logins(apis: &[Api], email: &str, headers: impl Fn(usize) -> Vec<(String, String)>) -> usize {
    let mut ok = 0;
    for i in 0..ATTEMPTS {
        let headers = headers(i);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let reply = apis[i % apis.len()].login(email, &headers).await;
        if reply.status == StatusCode::OK {
            ok += 1;
        } else {
            assert_limited(&reply);
        }
    }
    ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_limits_hold_across_replicas_and_behind_haproxy() {
    let cluster = start!(
        "rate limits",
        Cluster::builder()
            .haproxy()
            .env("PROST_AUTH_RATE_PER_MIN", &LIMIT.to_string())
            // HAProxy's own sign-in limit stays out of the way: the replicas must hold the line.
            .haproxy_env("PROST_HAPROXY_AUTH_PER_MIN", "1000")
    );
    // The account is made from an address of its own, so its registration spends nobody's budget.
    let (_, email) = cluster.api_from(0, [127, 0, 0, 9]).register("Olga").await;

    // Straight to the replicas, one client (127.0.0.3) going round all three.
    let direct: Vec<Api> = (0..3).map(|i| cluster.api_from(i, [127, 0, 0, 3])).collect();
    let ok = spread_logins(&direct, &email, |_| Vec::new()).await;
    assert!(ok <= LIMIT, "{ok} of {ATTEMPTS} sign-ins got through a limit of {LIMIT} per minute");
    assert!(ok >= 1, "the first sign-in of a fresh client is allowed");

    // Through HAProxy from 127.0.0.4, claiming a different X-Forwarded-For each time: HAProxy
    // drops the claim and names the real peer, so the replicas still see one client.
    let proxied = [cluster.via_haproxy_from([127, 0, 0, 4])];
    let ok =
        spread_logins(&proxied, &email, |i| vec![("x-forwarded-for".into(), format!("203.0.113.{}", i + 1))]).await;
    assert!(ok <= LIMIT, "{ok} of {ATTEMPTS} sign-ins through HAProxy got through a limit of {LIMIT}");
    assert!(ok >= 1, "a fresh client behind HAProxy is not limited by another client's attempts");

    // Another client behind the same proxy has its own budget: the limit is per client, not per
    // proxy address.
    let reply = cluster.via_haproxy_from([127, 0, 0, 5]).login(&email, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "a different client through HAProxy: {}", reply.body);
}
