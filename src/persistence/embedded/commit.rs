//! Group commit for event writes. redb has one writer and every commit is an fsync, so with one
//! transaction per command the whole server moves at the disk's fsync rate no matter how many
//! events change. Here one thread owns event writes: it takes everything that has queued up
//! while the previous commit ran, applies it in one transaction, commits once, and only then
//! answers each caller. A command is still acknowledged only after its write is durable.
//!
//! One command must never fail its neighbours. A stale head (`Conflict`) is found before that
//! command writes anything, so it fails alone inside the shared transaction. Any other error
//! aborts the shared transaction, and the batch is replayed one transaction per command, so only
//! the command that really fails reports it.

use super::writes::{HEADS, advance_head, apply_write, put_meta};
use crate::domain::event::EventMeta;
use crate::domain::plan::Write;
use crate::persistence::{StoreError, StoreResult};
use redb::Database;
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::sync::{mpsc, oneshot};

/// Most commands sharing one transaction; more wait for the next one.
const MAX_BATCH: usize = 512;
/// Commands waiting for the commit thread; past it, callers wait to enqueue (their command
/// deadline bounds how long).
const QUEUE: usize = 4096;

/// One event write.
pub(super) enum Work {
    /// A command's writes, moving the head from `from_version`.
    Apply { event_id: String, from_version: u64, writes: Vec<Write> },
    /// A new event (boxed: an event record is far bigger than a command's writes).
    Insert(Box<EventMeta>),
}

struct Request {
    work: Work,
    done: oneshot::Sender<StoreResult<()>>,
}

/// The handle to the commit thread. The thread stops when the last handle is dropped, and the
/// drop waits for it, so the database file is closed when the store is gone.
pub(super) struct CommitQueue {
    /// `None` only while dropping.
    sender: Option<mpsc::Sender<Request>>,
    thread: Option<JoinHandle<()>>,
}

impl CommitQueue {
    /// Starts the commit thread for `db`.
    pub(super) fn start(db: Arc<Database>) -> StoreResult<Self> {
        let (sender, mut receiver) = mpsc::channel::<Request>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("prost-commit".into())
            .spawn(move || {
                let mut batch = Vec::with_capacity(MAX_BATCH);
                while let Some(first) = receiver.blocking_recv() {
                    batch.push(first);
                    while batch.len() < MAX_BATCH {
                        match receiver.try_recv() {
                            Ok(next) => batch.push(next),
                            Err(_) => break,
                        }
                    }
                    metrics::histogram!("prost_store_commit_batch").record(batch.len() as f64);
                    commit(&db, &mut batch);
                }
            })
            .map_err(StoreError::backend)?;
        Ok(CommitQueue { sender: Some(sender), thread: Some(thread) })
    }

    /// Queues `work` and waits until it is durable (or has failed).
    pub(super) async fn submit(&self, work: Work) -> StoreResult<()> {
        let (done, answer) = oneshot::channel();
        let stopped = || StoreError::backend("the commit thread stopped");
        let sender = self.sender.as_ref().ok_or_else(stopped)?;
        sender.send(Request { work, done }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

impl Drop for CommitQueue {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop once it has answered what was queued.
        self.sender.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Commits `batch` and answers every request in it, leaving `batch` empty.
fn commit(db: &Database, batch: &mut Vec<Request>) {
    match together(db, batch) {
        Ok(results) => {
            for (request, result) in batch.drain(..).zip(results) {
                let _ = request.done.send(result);
            }
        }
        Err(_) => {
            for request in batch.drain(..) {
                let result = alone(db, &request.work);
                let _ = request.done.send(result);
            }
        }
    }
}

/// One transaction for the whole batch. The inner results are per request (a stale head);
/// the outer error means the shared transaction is lost.
fn together(db: &Database, batch: &[Request]) -> StoreResult<Vec<StoreResult<()>>> {
    let tx = db.begin_write().map_err(StoreError::backend)?;
    let mut results = Vec::with_capacity(batch.len());
    for request in batch {
        match write(&tx, &request.work) {
            Err(conflict @ StoreError::Conflict { .. }) => results.push(Err(conflict)),
            Err(other) => return Err(other),
            Ok(()) => results.push(Ok(())),
        }
    }
    tx.commit().map_err(StoreError::backend)?;
    Ok(results)
}

fn alone(db: &Database, work: &Work) -> StoreResult<()> {
    let tx = db.begin_write().map_err(StoreError::backend)?;
    write(&tx, work)?;
    tx.commit().map_err(StoreError::backend)
}

fn write(tx: &redb::WriteTransaction, work: &Work) -> StoreResult<()> {
    match work {
        Work::Apply { event_id, from_version, writes } => {
            // First, and before any write: a refused head leaves nothing behind.
            advance_head(tx, event_id, *from_version)?;
            for write in writes {
                apply_write(tx, event_id, write)?;
            }
            Ok(())
        }
        Work::Insert(meta) => {
            put_meta(tx, meta)?;
            tx.open_table(HEADS)
                .map_err(StoreError::backend)?
                .insert(meta.id.as_str(), meta.version)
                .map_err(StoreError::backend)?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::EmbeddedStore;
    use crate::domain::event::Comment;
    use crate::domain::plan::Write;
    use crate::persistence::contract::sample_event;
    use crate::persistence::{Store, StoreError};
    use std::sync::Arc;

    fn comment(n: u64) -> Write {
        Write::Comment(Comment {
            id: format!("c{n}"),
            author: "Anya".into(),
            participant_id: None,
            text: format!("round {n}"),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            version: 2,
        })
    }

    /// Many events writing at once share transactions, and the one stale command among them
    /// fails alone: every neighbour is acknowledged and durable.
    #[tokio::test]
    async fn a_stale_command_fails_alone_among_concurrent_writes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(EmbeddedStore::open(dir.path()).unwrap());
        let ids: Vec<String> = (0..200).map(|n| format!("group{n}")).collect();
        for id in &ids {
            store.insert_event(&sample_event(id, "u1")).await.unwrap();
        }
        let writes = ids.iter().enumerate().map(|(n, id)| {
            let store = store.clone();
            let id = id.clone();
            // Event 7's writer thinks it is at version 5; the store has 1.
            let from = if n == 7 { 5 } else { 1 };
            tokio::spawn(async move { store.apply(&id, from, &[comment(n as u64)]).await })
        });
        let results: Vec<_> = futures::future::join_all(writes).await.into_iter().map(|r| r.unwrap()).collect();
        for (n, result) in results.iter().enumerate() {
            if n == 7 {
                assert!(matches!(result, Err(StoreError::Conflict { expected: 5, stored: 1 })), "{result:?}");
            } else {
                assert!(result.is_ok(), "event {n}: {result:?}");
            }
        }
        drop(store);
        // Reopening proves the thread let go of the file and that acknowledged writes are on disk.
        let store = EmbeddedStore::open(dir.path()).unwrap();
        for (n, id) in ids.iter().enumerate() {
            let event = store.load_event(id).await.unwrap().unwrap();
            let expected = if n == 7 { 0 } else { 1 };
            assert_eq!(event.comments.len(), expected, "event {n}");
            assert_eq!(event.version, if n == 7 { 1 } else { 2 }, "event {n}");
        }
    }
}
