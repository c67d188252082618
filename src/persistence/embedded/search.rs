//! The search index of the embedded store: redb tables kept in the same write transaction as the
//! event writes (see `writes` and the group commit in `commit`), read with range scans.
//!
//! - `search_docs`: event id → its [`SearchDoc`] (JSON), read for every candidate.
//! - `search_order`: sort key → (), every event, so stale keys are one range away.
//! - `search_terms`: `term \0 sort key` → (), public events only.
//! - `search_members`: `user \0 sort key` → (), every event under each of its members.
//!
//! A page merges, in sort-key order, the term lists of the most selective filter group (one
//! list per term: several for days or cells) with the caller's member list, skips repeats (the
//! same event under two cells), checks each candidate's record, and stops at the page size or at
//! the scan budget, whichever comes first.

use super::writes::{EVENTS, PARTICIPANTS, decode, encode, under};
use crate::domain::event::{EventMeta, Participant, Visibility};
use crate::domain::search::doc::EVERY;
use crate::domain::search::{SearchDoc, SortKey};
use crate::persistence::search::{SearchPage, SearchQuery};
use crate::persistence::{Scope, StoreError, StoreResult};
use jiff::Timestamp;
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata, TableDefinition, WriteTransaction};
use std::collections::BTreeSet;
use std::ops::Bound;

const DOCS: TableDefinition<&str, &[u8]> = TableDefinition::new("search_docs");
const ORDER: TableDefinition<&str, ()> = TableDefinition::new("search_order");
const TERMS: TableDefinition<&str, ()> = TableDefinition::new("search_terms");
const MEMBERS: TableDefinition<&str, ()> = TableDefinition::new("search_members");

/// Creates the tables; on a database written before search existed, indexes every event.
pub(super) fn create_tables(tx: &WriteTransaction) -> StoreResult<()> {
    let empty = tx.open_table(DOCS).map_err(StoreError::backend)?.is_empty().map_err(StoreError::backend)?;
    tx.open_table(ORDER).map_err(StoreError::backend)?;
    tx.open_table(TERMS).map_err(StoreError::backend)?;
    tx.open_table(MEMBERS).map_err(StoreError::backend)?;
    if empty {
        backfill(tx)?;
    }
    Ok(())
}

fn backfill(tx: &WriteTransaction) -> StoreResult<()> {
    let metas: Vec<EventMeta> = {
        let events = tx.open_table(EVENTS).map_err(StoreError::backend)?;
        let mut metas = Vec::new();
        for row in events.iter().map_err(StoreError::backend)? {
            metas.push(decode(row.map_err(StoreError::backend)?.1.value())?);
        }
        metas
    };
    let now = Timestamp::now();
    for meta in metas {
        let (from, to) = under(&meta.id);
        let mut users = Vec::new();
        {
            let participants = tx.open_table(PARTICIPANTS).map_err(StoreError::backend)?;
            for row in participants.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
                users.extend(decode::<Participant>(row.map_err(StoreError::backend)?.1.value())?.user_id);
            }
        }
        reindex(tx, None, Some(&SearchDoc::of(&meta, users, now)))?;
    }
    Ok(())
}

fn entry(owner: &str, sort: &SortKey) -> String {
    format!("{owner}\0{}", sort.as_str())
}

/// The term entries of a record: public events only.
fn term_entries(doc: &SearchDoc) -> BTreeSet<String> {
    if doc.visibility != Visibility::Public {
        return BTreeSet::new();
    }
    doc.terms().iter().map(|t| entry(t, &doc.sort)).collect()
}

fn member_entries(doc: &SearchDoc) -> BTreeSet<String> {
    doc.members().into_iter().map(|m| entry(m, &doc.sort)).collect()
}

/// Moves the index from `old` to `new` (either may be absent), touching only entries that change.
fn reindex(tx: &WriteTransaction, old: Option<&SearchDoc>, new: Option<&SearchDoc>) -> StoreResult<()> {
    let set = |doc: Option<&SearchDoc>, of: fn(&SearchDoc) -> BTreeSet<String>| doc.map(of).unwrap_or_default();
    for (table, of) in [(TERMS, term_entries as fn(&SearchDoc) -> BTreeSet<String>), (MEMBERS, member_entries)] {
        let (before, after) = (set(old, of), set(new, of));
        let mut table = tx.open_table(table).map_err(StoreError::backend)?;
        for gone in before.difference(&after) {
            table.remove(gone.as_str()).map_err(StoreError::backend)?;
        }
        for added in after.difference(&before) {
            table.insert(added.as_str(), ()).map_err(StoreError::backend)?;
        }
    }
    let mut order = tx.open_table(ORDER).map_err(StoreError::backend)?;
    if let Some(old) = old.filter(|o| new.is_none_or(|n| n.sort != o.sort)) {
        order.remove(old.sort.as_str()).map_err(StoreError::backend)?;
    }
    let mut docs = tx.open_table(DOCS).map_err(StoreError::backend)?;
    match new {
        Some(new) => {
            order.insert(new.sort.as_str(), ()).map_err(StoreError::backend)?;
            docs.insert(new.id.as_str(), encode(new)?.as_slice()).map_err(StoreError::backend)?;
        }
        None => {
            if let Some(old) = old {
                docs.remove(old.id.as_str()).map_err(StoreError::backend)?;
            }
        }
    }
    Ok(())
}

fn doc_of(tx: &WriteTransaction, event_id: &str) -> StoreResult<Option<SearchDoc>> {
    let docs = tx.open_table(DOCS).map_err(StoreError::backend)?;
    let found = docs.get(event_id).map_err(StoreError::backend)?;
    found.map(|bytes| decode(bytes.value())).transpose()
}

/// Indexes the event as `meta` now says, keeping the participants it had.
pub(super) fn index_meta(tx: &WriteTransaction, meta: &EventMeta) -> StoreResult<()> {
    let old = doc_of(tx, &meta.id)?;
    let participants = old.as_ref().map(|d| d.participants.clone()).unwrap_or_default();
    reindex(tx, old.as_ref(), Some(&SearchDoc::of(meta, participants, Timestamp::now())))
}

/// Adds (`joined`) or removes a signed-in participant from the event's members.
pub(super) fn set_participant(tx: &WriteTransaction, event_id: &str, user: &str, joined: bool) -> StoreResult<()> {
    let Some(old) = doc_of(tx, event_id)? else { return Ok(()) };
    let mut new = old.clone();
    new.participants.retain(|p| p != user);
    if joined {
        new.participants.push(user.to_string());
        new.participants.sort();
    }
    if new != old { reindex(tx, Some(&old), Some(&new)) } else { Ok(()) }
}

/// Takes a deleted event out of the index.
pub(super) fn unindex(tx: &WriteTransaction, event_id: &str) -> StoreResult<()> {
    let old = doc_of(tx, event_id)?;
    reindex(tx, old.as_ref(), None)
}

/// Moves on up to `max` keys whose next slot started before `now`; returns how many.
pub(super) fn rekey_stale(tx: &WriteTransaction, now: Timestamp, max: usize) -> StoreResult<usize> {
    let now_ms = now.as_millisecond();
    let stale: Vec<String> = {
        let order = tx.open_table(ORDER).map_err(StoreError::backend)?;
        let limit = SortKey::stale_before(now_ms);
        let mut keys = Vec::new();
        for row in order.range("0"..limit.as_str()).map_err(StoreError::backend)?.take(max) {
            keys.push(row.map_err(StoreError::backend)?.0.value().to_string());
        }
        keys
    };
    for key in &stale {
        let id = SortKey::parse(key).map(|k| k.id().to_string()).unwrap_or_default();
        match doc_of(tx, &id)? {
            Some(doc) => reindex(tx, Some(&doc), Some(&doc.rekeyed(now_ms)))?,
            // An entry without a record cannot be found by anything; drop it.
            None => {
                tx.open_table(ORDER).map_err(StoreError::backend)?.remove(key.as_str()).map_err(StoreError::backend)?;
            }
        }
    }
    Ok(stale.len())
}

/// Whether any key went stale by `now`.
pub(super) fn has_stale(tx: &ReadTransaction, now: Timestamp) -> StoreResult<bool> {
    let order = tx.open_table(ORDER).map_err(StoreError::backend)?;
    let limit = SortKey::stale_before(now.as_millisecond());
    Ok(order.range("0"..limit.as_str()).map_err(StoreError::backend)?.next().is_some())
}

/// One sorted list of sort keys: the entries of one owner (a term or a user) after the cursor.
struct List {
    owner_len: usize,
    rows: redb::Range<'static, &'static str, ()>,
    head: Option<String>,
}

impl List {
    fn open(
        tx: &ReadTransaction,
        table: TableDefinition<'static, &'static str, ()>,
        owner: &str,
        after: Option<&SortKey>,
    ) -> StoreResult<List> {
        let table = tx.open_table(table).map_err(StoreError::backend)?;
        // Every entry of `owner` lies between `owner \0` and `owner \1`.
        let start = match after {
            Some(key) => entry(owner, key),
            None => format!("{owner}\0"),
        };
        let end = format!("{owner}\u{1}");
        let rows = table
            .range::<&str>((Bound::Excluded(start.as_str()), Bound::Excluded(end.as_str())))
            .map_err(StoreError::backend)?;
        let mut list = List { owner_len: owner.len() + 1, rows, head: None };
        list.advance()?;
        Ok(list)
    }

    fn advance(&mut self) -> StoreResult<()> {
        self.head = match self.rows.next() {
            Some(row) => Some(row.map_err(StoreError::backend)?.0.value()[self.owner_len..].to_string()),
            None => None,
        };
        Ok(())
    }
}

/// Runs one page of `query` in a read transaction.
pub(super) fn search(tx: &ReadTransaction, query: &SearchQuery) -> StoreResult<SearchPage> {
    let after = query.after.as_ref();
    let mut lists = Vec::new();
    if !matches!(query.scope, Scope::Mine(_)) {
        let groups = query.filter.groups();
        let driver = groups.into_iter().next().unwrap_or_else(|| vec![EVERY.to_string()]);
        for term in &driver {
            lists.push(List::open(tx, TERMS, term, after)?);
        }
    }
    if let Scope::Mine(user) | Scope::PublicAndMine(user) = &query.scope {
        lists.push(List::open(tx, MEMBERS, user, after)?);
    }
    let docs = tx.open_table(DOCS).map_err(StoreError::backend)?;
    let events = tx.open_table(EVENTS).map_err(StoreError::backend)?;
    let (budget, mut read) = (query.budget(), 0);
    let mut found = Vec::new();
    let mut last_read: Option<String> = None;
    let next = loop {
        if found.len() == query.limit {
            break last_read;
        }
        if read == budget {
            break last_read;
        }
        let Some(key) = lists.iter().filter_map(|l| l.head.clone()).min() else { break None };
        for list in lists.iter_mut().filter(|l| l.head.as_deref() == Some(key.as_str())) {
            list.advance()?;
        }
        read += 1;
        let sort = SortKey::parse(&key).ok_or_else(|| StoreError::backend(format!("bad index key {key:?}")))?;
        let doc: Option<SearchDoc> = match docs.get(sort.id()).map_err(StoreError::backend)? {
            Some(bytes) => Some(decode(bytes.value())?),
            None => None,
        };
        if let Some(doc) = doc
            && query.may_see(&doc)
            && query.filter.admits(&doc)
            && let Some(meta) = events.get(sort.id()).map_err(StoreError::backend)?
        {
            found.push(decode::<EventMeta>(meta.value())?);
        }
        last_read = Some(key);
    };
    let next = next.map(|k| SortKey::parse(&k).ok_or_else(|| StoreError::backend("bad index key"))).transpose()?;
    Ok(SearchPage { events: found, next })
}
