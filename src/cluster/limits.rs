//! Rate limits that hold across replicas: a GCRA ("generic cell rate") counter per client and
//! kind in Redis, timed by Redis's own clock so replicas with skewed clocks agree.

use super::{Cluster, ClusterError};
use fred::prelude::*;
use std::net::IpAddr;

/// Returns 0 when allowed, or the milliseconds until the next request would be.
const GCRA: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowed_from = tat - (burst - 1) * interval
if now < allowed_from then return allowed_from - now end
local next_tat = tat + interval
redis.call('SET', KEYS[1], next_tat, 'PX', next_tat - now + 1000)
return 0
"#;

impl Cluster {
    /// Takes one request of `kind` from `client`'s budget of `per_minute` (bursting up to the
    /// whole minute's worth). `Ok(None)` means allowed; `Ok(Some(secs))` means wait that long.
    pub async fn take_budget(&self, kind: &str, client: IpAddr, per_minute: u32) -> Result<Option<u64>, ClusterError> {
        if !self.is_up() {
            return Err(ClusterError::Down("rate limits are local only".into()));
        }
        let per_minute = per_minute.max(1);
        let interval_ms = (60_000 / per_minute).max(1);
        let wait_ms: i64 = self
            .redis
            .eval(
                GCRA,
                vec![format!("prost:rl:{kind}:{client}")],
                vec![interval_ms.to_string(), per_minute.to_string()],
            )
            .await?;
        Ok((wait_ms > 0).then(|| (wait_ms as u64).div_ceil(1000).max(1)))
    }
}
