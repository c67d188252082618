//! Cache-aside for event views (`GET /events/{id}`): `prost:view:{id}` holds the JSON body and
//! `prost:ver:{id}` the newest version the owner has announced. The owner bumps the version
//! and drops the body on every change (before acknowledging it, so a client reads its own
//! write), and a filled body never overwrites a newer version's invalidation.

use super::{Cluster, lock};
use bytes::Bytes;
use fred::prelude::*;

/// How long a cached view may live without a change (bounds staleness after an outage).
const VIEW_TTL_MS: i64 = 30_000;
/// How long the announced version is remembered.
const VERSION_TTL_MS: i64 = 24 * 3600 * 1000;

/// Stores the body only if no newer version has been announced since it was computed.
const FILL: &str = r#"
local announced = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) < announced then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
"#;

/// Announces a version and drops the stale body in one step.
const INVALIDATE: &str = r#"
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
return 1
"#;

fn view_key(event_id: &str) -> String {
    format!("prost:view:{event_id}")
}

/// The scripts' keys: the announced version, then the body.
fn keys(event_id: &str) -> Vec<String> {
    vec![format!("prost:ver:{event_id}"), view_key(event_id)]
}

impl Cluster {
    /// The cached body of `GET /events/{id}`, if there is one.
    pub async fn cached_view(&self, event_id: &str) -> Option<Bytes> {
        if !self.is_up() {
            return None;
        }
        let body: Option<Bytes> = self.redis.get(view_key(event_id)).await.ok().flatten();
        metrics::counter!("prost_view_cache_total", "result" => if body.is_some() { "hit" } else { "miss" })
            .increment(1);
        body
    }

    /// Caches the view of `version` (called after a miss was served).
    pub async fn fill_view(&self, event_id: &str, version: u64, body: Bytes) {
        if !self.is_up() {
            return;
        }
        let args: Vec<Value> = vec![version.to_string().into(), Value::Bytes(body), VIEW_TTL_MS.to_string().into()];
        let _: Result<i64, _> = self.redis.eval(FILL, keys(event_id), args).await;
    }

    /// Drops the cached view because `version` changed it. Remembered for later when Redis
    /// cannot be told now.
    pub async fn invalidate_view(&self, event_id: &str, version: u64) {
        let sent = self.is_up()
            && self
                .redis
                .eval::<i64, _, _, _>(INVALIDATE, keys(event_id), vec![version.to_string(), VERSION_TTL_MS.to_string()])
                .await
                .is_ok();
        if !sent {
            lock(&self.dirty).push(event_id.to_string());
        }
    }

    /// Sends the invalidations an outage held back.
    pub(super) async fn flush_dirty(&self) {
        let dirty: Vec<String> = std::mem::take(&mut *lock(&self.dirty));
        for event_id in dirty {
            if self.redis.del::<i64, _>(view_key(&event_id)).await.is_err() {
                lock(&self.dirty).push(event_id);
            }
        }
    }
}
