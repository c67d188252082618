//! Event ownership: one lease per event in Redis (`prost:lease:{id}` = "replicaId replicaUrl"),
//! taken when a replica starts the event's actor and renewed while it runs. Scripts keep every
//! check-and-act atomic, so a replica never renews or releases a lease that is not its own.

use super::{Cluster, ClusterError, lock};
use fred::prelude::*;
use std::time::{Duration, Instant};

/// Who owns an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    /// The owner's replica id.
    pub replica: String,
    /// Its base URL.
    pub url: String,
}

/// The outcome of claiming an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// This replica owns it now.
    Mine,
    /// Another replica does.
    Elsewhere(Owner),
}

/// Takes the lease if it is free, extends it if it is already ours; returns the holder.
pub(super) const CLAIM: &str = r#"
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
if current == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return current
"#;

/// Extends each lease that is still ours, and takes back one that lapsed without anyone else
/// taking it (a renewal delayed by load); returns 1 (kept) or 0 (taken by another) per key.
/// Taking a lapsed lease back is safe: any write in between would have moved the event's
/// version, and the store refuses our next write then.
const RENEW: &str = r#"
local kept = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  if current == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    kept[i] = 1
  elseif not current then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
    kept[i] = 1
  else
    kept[i] = 0
  end
end
return kept
"#;

/// Deletes the lease only if it is ours.
pub(super) const RELEASE: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"#;

fn lease_key(event_id: &str) -> String {
    format!("prost:lease:{event_id}")
}

fn parse_owner(value: &str) -> Owner {
    let (replica, url) = value.split_once(' ').unwrap_or((value, ""));
    Owner { replica: replica.to_string(), url: url.to_string() }
}

impl Cluster {
    fn lease_value(&self) -> String {
        format!("{} {}", self.me.id, self.me.url)
    }

    fn ttl_ms(&self) -> i64 {
        self.lease_ttl.as_millis().max(1) as i64
    }

    /// Claims `event_id` for this replica, or says who has it.
    pub async fn claim(&self, event_id: &str) -> Result<Claim, ClusterError> {
        if !self.is_up() {
            return Err(ClusterError::Down("cannot take ownership now".into()));
        }
        let mine = self.lease_value();
        let holder: String =
            self.redis.eval(CLAIM, vec![lease_key(event_id)], vec![mine.clone(), self.ttl_ms().to_string()]).await?;
        if holder == mine {
            lock(&self.held).insert(event_id.to_string(), Instant::now());
            metrics::gauge!("prost_leases_held").set(lock(&self.held).len() as f64);
            Ok(Claim::Mine)
        } else {
            Ok(Claim::Elsewhere(parse_owner(&holder)))
        }
    }

    /// Who owns `event_id` now, if anyone.
    pub async fn owner(&self, event_id: &str) -> Result<Option<Owner>, ClusterError> {
        if !self.is_up() {
            return Err(ClusterError::Down("cannot ask who owns it now".into()));
        }
        let holder: Option<String> = self.redis.get(lease_key(event_id)).await?;
        Ok(holder.map(|h| parse_owner(&h)))
    }

    /// Gives the lease up (the actor stopped). Best effort: if Redis is away, it expires.
    pub async fn release(&self, event_id: &str) {
        lock(&self.held).remove(event_id);
        metrics::gauge!("prost_leases_held").set(lock(&self.held).len() as f64);
        if self.is_up() {
            let _: Result<i64, _> = self.redis.eval(RELEASE, vec![lease_key(event_id)], vec![self.lease_value()]).await;
        }
    }

    /// Whether this replica holds `event_id`'s lease.
    pub fn holds(&self, event_id: &str) -> bool {
        lock(&self.held).contains_key(event_id)
    }

    /// The events whose leases this replica holds.
    pub fn held_events(&self) -> Vec<String> {
        lock(&self.held).keys().cloned().collect()
    }

    fn lose(&self, event_id: &str) {
        lock(&self.held).remove(event_id);
        tracing::warn!(%event_id, "lease lost to another replica; stopping the local actor");
        metrics::counter!("prost_leases_lost_total").increment(1);
        let _ = self.lost.send(event_id.to_string());
    }

    /// Renews every held lease, a third of the TTL apart. While Redis is down nothing can be
    /// renewed, and nothing needs to be: nobody else can take a lease either.
    pub(super) async fn renew_leases(self: std::sync::Arc<Self>) {
        let every = (self.lease_ttl / 3).max(Duration::from_millis(100));
        loop {
            tokio::time::sleep(every).await;
            if !self.is_up() {
                continue;
            }
            let events = self.held_events();
            for batch in events.chunks(500) {
                let keys: Vec<String> = batch.iter().map(|e| lease_key(e)).collect();
                let kept: Result<Vec<i64>, _> =
                    self.redis.eval(RENEW, keys, vec![self.lease_value(), self.ttl_ms().to_string()]).await;
                let Ok(kept) = kept else { continue };
                for (event_id, kept) in batch.iter().zip(kept) {
                    if kept == 1 {
                        if let Some(at) = lock(&self.held).get_mut(event_id) {
                            *at = Instant::now();
                        }
                    } else {
                        self.lose(event_id);
                    }
                }
            }
        }
    }

    /// After an outage the lease keys may be gone (a restarted Redis) or taken. Claim each held
    /// event again; whatever now belongs to someone else is given up.
    pub(super) async fn reassert_leases(&self) {
        for event_id in self.held_events() {
            match self.claim(&event_id).await {
                Ok(Claim::Mine) | Err(_) => {}
                Ok(Claim::Elsewhere(_)) => self.lose(&event_id),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_parse_from_lease_values() {
        assert_eq!(
            parse_owner("r2 http://127.0.0.1:9000"),
            Owner { replica: "r2".into(), url: "http://127.0.0.1:9000".into() }
        );
        assert_eq!(parse_owner("lonely"), Owner { replica: "lonely".into(), url: String::new() });
    }
}
