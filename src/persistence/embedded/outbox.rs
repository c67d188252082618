//! The outbox in redb: one table of job records, a queue index ordered by due time, and an
//! index of each event's pending jobs (for cancelling). Claims happen inside one write
//! transaction, which redb runs one at a time, so two claims never overlap.

use super::EmbeddedStore;
use super::writes::{decode, encode, under};
use crate::domain::outbox::{Claim, Job, JobRecord, JobStatus, Settle};
use crate::persistence::{OutboxCounts, OutboxStore, StoreError, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};

/// `key` → job record.
const JOBS: TableDefinition<&str, &[u8]> = TableDefinition::new("outbox_jobs");
/// `due-ms/key` → () for every pending job, so due jobs are a range scan.
const QUEUE: TableDefinition<&str, ()> = TableDefinition::new("outbox_queue");
/// `event/key` → () for every pending job of an event.
const BY_EVENT: TableDefinition<&str, ()> = TableDefinition::new("outbox_by_event");

pub(super) fn create_tables(tx: &redb::WriteTransaction) -> StoreResult<()> {
    tx.open_table(JOBS).map_err(StoreError::backend)?;
    tx.open_table(QUEUE).map_err(StoreError::backend)?;
    tx.open_table(BY_EVENT).map_err(StoreError::backend)?;
    Ok(())
}

/// Milliseconds, offset so instants before 1970 (never used, but representable) still sort.
fn sortable_ms(at: Timestamp) -> i64 {
    at.as_millisecond().saturating_add(1 << 52).max(0)
}

fn queue_key(job: &Job) -> String {
    format!("{:020}/{}", sortable_ms(job.due_at), job.key)
}

/// Just past every queue key due at or before `now` ('/' sorts before '0').
fn queue_end(now: Timestamp) -> String {
    format!("{:020}0", sortable_ms(now))
}

fn event_key(job: &Job) -> String {
    format!("{}/{}", job.event_id, job.key)
}

fn put(tx: &redb::WriteTransaction, record: &JobRecord) -> StoreResult<()> {
    let bytes = encode(record)?;
    tx.open_table(JOBS)
        .map_err(StoreError::backend)?
        .insert(record.job.key.as_str(), bytes.as_slice())
        .map_err(StoreError::backend)?;
    Ok(())
}

fn get(tx: &redb::WriteTransaction, key: &str) -> StoreResult<Option<JobRecord>> {
    let jobs = tx.open_table(JOBS).map_err(StoreError::backend)?;
    let value = jobs.get(key).map_err(StoreError::backend)?;
    value.map(|v| decode(v.value())).transpose()
}

fn unqueue(tx: &redb::WriteTransaction, job: &Job) -> StoreResult<()> {
    tx.open_table(QUEUE).map_err(StoreError::backend)?.remove(queue_key(job).as_str()).map_err(StoreError::backend)?;
    tx.open_table(BY_EVENT)
        .map_err(StoreError::backend)?
        .remove(event_key(job).as_str())
        .map_err(StoreError::backend)?;
    Ok(())
}

fn queue(tx: &redb::WriteTransaction, job: &Job) -> StoreResult<()> {
    tx.open_table(QUEUE)
        .map_err(StoreError::backend)?
        .insert(queue_key(job).as_str(), ())
        .map_err(StoreError::backend)?;
    tx.open_table(BY_EVENT)
        .map_err(StoreError::backend)?
        .insert(event_key(job).as_str(), ())
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Adds `job` unless its key exists (inside the caller's transaction).
pub(super) fn enqueue_in(tx: &redb::WriteTransaction, job: &Job) -> StoreResult<()> {
    if get(tx, &job.key)?.is_some() {
        return Ok(());
    }
    put(tx, &JobRecord::new(job.clone()))?;
    queue(tx, job)
}

/// Cancels the event's pending plan jobs (inside the caller's transaction).
pub(super) fn cancel_plan_jobs_in(tx: &redb::WriteTransaction, event_id: &str, now: Timestamp) -> StoreResult<u64> {
    let keys: Vec<String> = {
        let by_event = tx.open_table(BY_EVENT).map_err(StoreError::backend)?;
        let (from, to) = under(event_id);
        let mut keys = Vec::new();
        for row in by_event.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
            let (key, _) = row.map_err(StoreError::backend)?;
            keys.push(key.value()[event_id.len() + 1..].to_string());
        }
        keys
    };
    let mut cancelled = 0;
    for key in keys {
        let Some(mut record) = get(tx, &key)? else { continue };
        if record.status == JobStatus::Pending && record.job.task.ends_with_plan() {
            unqueue(tx, &record.job)?;
            record.status = JobStatus::Cancelled;
            record.settled_at = Some(now);
            put(tx, &record)?;
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

#[async_trait]
impl OutboxStore for EmbeddedStore {
    async fn enqueue(&self, jobs: &[Job]) -> StoreResult<()> {
        let jobs = jobs.to_vec();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            for job in &jobs {
                enqueue_in(&tx, job)?;
            }
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn claim_due(&self, now: Timestamp, lease_until: Timestamp, limit: usize) -> StoreResult<Vec<Claim>> {
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            let due: Vec<String> = {
                let queue = tx.open_table(QUEUE).map_err(StoreError::backend)?;
                let end = queue_end(now);
                let mut keys = Vec::new();
                // Bounded: leased jobs stay queued, so scan a few times the batch, not everything.
                for row in
                    queue.range(..end.as_str()).map_err(StoreError::backend)?.take(limit.saturating_mul(8).max(64))
                {
                    let (key, _) = row.map_err(StoreError::backend)?;
                    keys.push(key.value().split_once('/').map(|(_, k)| k.to_string()).unwrap_or_default());
                }
                keys
            };
            let mut claims = Vec::new();
            for key in due {
                if claims.len() >= limit {
                    break;
                }
                let Some(mut record) = get(&tx, &key)? else { continue };
                if !record.claimable(now) {
                    continue;
                }
                record.attempts += 1;
                record.lease_until = Some(lease_until);
                put(&tx, &record)?;
                claims.push(Claim { record });
            }
            tx.commit().map_err(StoreError::backend)?;
            Ok(claims)
        })
        .await
    }

    async fn settle(&self, claim: &Claim, outcome: Settle, now: Timestamp) -> StoreResult<()> {
        let claim = claim.clone();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            let Some(mut record) = get(&tx, &claim.job().key)? else { return Ok(()) };
            if record.attempts != claim.record.attempts || record.status != JobStatus::Pending {
                return Ok(());
            }
            unqueue(&tx, &record.job)?;
            record.settle(outcome, now);
            if record.status == JobStatus::Pending {
                queue(&tx, &record.job)?;
            }
            put(&tx, &record)?;
            tx.commit().map_err(StoreError::backend)
        })
        .await
    }

    async fn cancel_plan_jobs(&self, event_id: &str) -> StoreResult<u64> {
        let event_id = event_id.to_string();
        self.blocking(move |db| {
            let tx = db.begin_write().map_err(StoreError::backend)?;
            let cancelled = cancel_plan_jobs_in(&tx, &event_id, Timestamp::now())?;
            tx.commit().map_err(StoreError::backend)?;
            Ok(cancelled)
        })
        .await
    }

    async fn job(&self, key: &str) -> StoreResult<Option<JobRecord>> {
        let key = key.to_string();
        self.blocking(move |db| EmbeddedStore::get(db, JOBS, &key)).await
    }

    async fn outbox_counts(&self, now: Timestamp) -> StoreResult<OutboxCounts> {
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let queue = tx.open_table(QUEUE).map_err(StoreError::backend)?;
            let pending = queue.len().map_err(StoreError::backend)?;
            let end = queue_end(now);
            let mut due = 0;
            for row in queue.range(..end.as_str()).map_err(StoreError::backend)? {
                row.map_err(StoreError::backend)?;
                due += 1;
            }
            Ok(OutboxCounts { pending, due })
        })
        .await
    }
}
