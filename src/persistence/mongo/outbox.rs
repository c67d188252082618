//! The outbox in MongoDB. FerretDB v1 makes no conditional update atomic, so a claim is the
//! insert of a unique `{job}#{attempt}` key: of two workers claiming one job, exactly one
//! insert succeeds. A claim whose holder died lapses, and the next claim takes the next number.

use super::{MongoStore, from_doc, is_duplicate, to_doc};
use crate::domain::outbox::{Claim, Job, JobRecord, Settle};
use crate::persistence::{OutboxCounts, OutboxStore, StoreError, StoreResult};
use async_trait::async_trait;
use futures::TryStreamExt;
use jiff::Timestamp;
use mongodb::bson::{Document, doc};
use mongodb::{Collection, IndexModel};

/// How many lapsed claims of one job a worker steps over before it leaves the job for later.
const CLAIM_TRIES: u32 = 4;

impl MongoStore {
    pub(super) fn jobs(&self) -> Collection<Document> {
        self.db.collection("outbox")
    }

    fn claims(&self) -> Collection<Document> {
        self.db.collection("outbox_claims")
    }

    pub(super) async fn create_outbox_indexes(&self) -> StoreResult<()> {
        let plain = |keys: Document| IndexModel::builder().keys(keys).build();
        self.jobs().create_index(plain(doc! {"status": 1, "dueMs": 1})).await.map_err(StoreError::backend)?;
        self.jobs().create_index(plain(doc! {"eventId": 1, "status": 1})).await.map_err(StoreError::backend)?;
        Ok(())
    }

    fn job_doc(record: &JobRecord) -> StoreResult<Document> {
        let mut doc = to_doc(record, &record.job.key)?;
        // Integers for the queries: they compare the same on every backend.
        doc.insert("dueMs", record.job.due_at.as_millisecond());
        doc.insert("leaseMs", record.lease_until.map_or(0, |l| l.as_millisecond()));
        doc.insert("eventId", record.job.event_id.as_str());
        doc.insert("planJob", record.job.task.ends_with_plan());
        Ok(doc)
    }

    /// Adds `job` unless its key exists.
    pub(super) async fn enqueue_one(&self, job: &Job) -> StoreResult<()> {
        match self.jobs().insert_one(Self::job_doc(&JobRecord::new(job.clone()))?).await {
            Ok(_) => Ok(()),
            Err(e) if is_duplicate(&e) => Ok(()),
            Err(e) => Err(StoreError::backend(e)),
        }
    }

    /// Cancels an event's pending plan jobs.
    pub(super) async fn cancel_plan_jobs_of(&self, event_id: &str) -> StoreResult<u64> {
        let settled = Timestamp::now().to_string();
        self.jobs()
            .update_many(
                doc! {"eventId": event_id, "status": "pending", "planJob": true},
                doc! {"$set": {"status": "cancelled", "settledAt": settled, "leaseMs": 0i64}},
            )
            .await
            .map(|r| r.modified_count)
            .map_err(StoreError::backend)
    }

    /// Inserts the claim `{key}#{attempt}`, stepping over lapsed ones; the attempt won, if any.
    async fn claim_one(&self, record: &JobRecord, now: Timestamp, lease_until: Timestamp) -> StoreResult<Option<u32>> {
        let mut attempt = record.attempts + 1;
        for _ in 0..CLAIM_TRIES {
            let id = format!("{}#{attempt}", record.job.key);
            let claim = doc! {"_id": &id, "job": &record.job.key, "untilMs": lease_until.as_millisecond()};
            match self.claims().insert_one(claim).await {
                Ok(_) => return Ok(Some(attempt)),
                Err(e) if is_duplicate(&e) => {
                    let held = self.claims().find_one(doc! {"_id": &id}).await.map_err(StoreError::backend)?;
                    let until = held.and_then(|d| d.get_i64("untilMs").ok()).unwrap_or(i64::MAX);
                    if until > now.as_millisecond() {
                        return Ok(None);
                    }
                    attempt += 1;
                }
                Err(e) => return Err(StoreError::backend(e)),
            }
        }
        Ok(None)
    }
}

#[async_trait]
impl OutboxStore for MongoStore {
    async fn enqueue(&self, jobs: &[Job]) -> StoreResult<()> {
        for job in jobs {
            self.enqueue_one(job).await?;
        }
        Ok(())
    }

    async fn claim_due(&self, now: Timestamp, lease_until: Timestamp, limit: usize) -> StoreResult<Vec<Claim>> {
        let now_ms = now.as_millisecond();
        let filter = doc! {"status": "pending", "dueMs": {"$lte": now_ms}, "leaseMs": {"$lte": now_ms}};
        let docs: Vec<Document> = self
            .jobs()
            .find(filter)
            .sort(doc! {"dueMs": 1})
            .limit(limit as i64)
            .await
            .map_err(StoreError::backend)?
            .try_collect()
            .await
            .map_err(StoreError::backend)?;
        let mut claims = Vec::with_capacity(docs.len());
        for doc in docs {
            let mut record: JobRecord = from_doc(doc)?;
            let Some(attempt) = self.claim_one(&record, now, lease_until).await? else { continue };
            record.attempts = attempt;
            record.lease_until = Some(lease_until);
            self.jobs()
                .replace_one(doc! {"_id": &record.job.key}, Self::job_doc(&record)?)
                .await
                .map_err(StoreError::backend)?;
            claims.push(Claim { record });
        }
        Ok(claims)
    }

    async fn settle(&self, claim: &Claim, outcome: Settle, now: Timestamp) -> StoreResult<()> {
        let mut record = claim.record.clone();
        record.settle(outcome, now);
        // Only the holder of this attempt settles it: a worker whose claim lapsed and was taken
        // over matches nothing here.
        let filter = doc! {"_id": &record.job.key, "attempts": claim.record.attempts as i64, "status": "pending"};
        self.jobs().replace_one(filter, Self::job_doc(&record)?).await.map_err(StoreError::backend)?;
        Ok(())
    }

    async fn cancel_plan_jobs(&self, event_id: &str) -> StoreResult<u64> {
        self.cancel_plan_jobs_of(event_id).await
    }

    async fn job(&self, key: &str) -> StoreResult<Option<JobRecord>> {
        self.find_one(self.jobs(), doc! {"_id": key}).await
    }

    async fn outbox_counts(&self, now: Timestamp) -> StoreResult<OutboxCounts> {
        let pending = self.jobs().count_documents(doc! {"status": "pending"}).await.map_err(StoreError::backend)?;
        let due = self
            .jobs()
            .count_documents(doc! {"status": "pending", "dueMs": {"$lte": now.as_millisecond()}})
            .await
            .map_err(StoreError::backend)?;
        Ok(OutboxCounts { pending, due })
    }
}
