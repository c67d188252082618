//! Searching events through the stores' indexes (API.md, "Friends, invitations and search").
//!
//! Both stores keep one [`SearchDoc`] per event and index it by its terms, each entry keyed by
//! the event's [`SortKey`], so the matches of one term come out of the index already in listing
//! order and a page is a range scan after the cursor:
//! - public events under each of their terms (`*` for all of them), for everyone;
//! - every event under each of its members (organiser, signed-in participants), for "mine" and
//!   for a signed-in caller's own link events. A link event is in no other list.
//!
//! Work per request is bounded: a store reads at most [`SearchQuery::budget`] index entries.
//! When a combination of filters would need more (say, a one-sided date range far ahead), it
//! stops there and returns what it found with a cursor, an honest partial page, so a search
//! that matches nothing costs about what a plain first page does.

use super::{Scope, StoreResult};
use crate::domain::event::EventMeta;
pub use crate::domain::search::{SearchDoc, SearchFilter, SortKey};
use async_trait::async_trait;

/// Index entries read per item asked for, at most.
pub const SCAN_PER_ITEM: usize = 8;
/// Index entries any request may read, whatever its page size.
pub const MIN_SCAN: usize = 64;
/// Stale order keys (next slot already started) moved on per request before it reads.
pub const REKEY_BATCH: usize = 256;

/// One page of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// Whose events besides public ones.
    pub scope: Scope,
    /// What must match.
    pub filter: SearchFilter,
    /// Most events to return.
    pub limit: usize,
    /// Continue after this key (the previous page's `next`).
    pub after: Option<SortKey>,
}

impl SearchQuery {
    /// Most index entries this page may read.
    pub fn budget(&self) -> usize {
        (self.limit * SCAN_PER_ITEM).max(MIN_SCAN)
    }

    /// Whether the caller may see an event with this record.
    pub fn may_see(&self, doc: &SearchDoc) -> bool {
        let public = doc.visibility == crate::domain::event::Visibility::Public;
        match &self.scope {
            Scope::Public => public,
            Scope::PublicAndMine(user) => public || doc.members().contains(user.as_str()),
            Scope::Mine(user) => doc.members().contains(user.as_str()),
        }
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    /// Matches in listing order.
    pub events: Vec<EventMeta>,
    /// Where the next page starts; `None` when nothing is left. A page can be short (even empty)
    /// and still have a next one, when the scan budget ran out first.
    pub next: Option<SortKey>,
}

/// The search side of a store.
#[async_trait]
pub trait EventSearch: Send + Sync {
    /// One page of the events `query` matches, in order of their soonest upcoming slot.
    async fn search_events(&self, query: &SearchQuery) -> StoreResult<SearchPage>;
}
