//! Friends in redb: the membership index (`user/event`, the one `Scope::Mine` reads) names a
//! user's events; the newest are kept and their participants read by key prefix.

use super::EmbeddedStore;
use super::writes::{EVENTS, MEMBERS, PARTICIPANTS, USERS, decode, under};
use crate::domain::event::{EventMeta, Participant};
use crate::domain::friends::Crew;
use crate::domain::user::UserRecord;
use crate::persistence::friends::FriendStore;
use crate::persistence::{StoreError, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl FriendStore for EmbeddedStore {
    async fn recent_crews(&self, user_id: &str, limit: usize) -> StoreResult<Vec<Crew>> {
        let user = user_id.to_string();
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let mut metas: Vec<EventMeta> = Vec::new();
            {
                let members = tx.open_table(MEMBERS).map_err(StoreError::backend)?;
                let events = tx.open_table(EVENTS).map_err(StoreError::backend)?;
                let (from, to) = under(&user);
                for row in members.range(from.as_str()..to.as_str()).map_err(StoreError::backend)? {
                    let (key, _) = row.map_err(StoreError::backend)?;
                    let Some((_, event_id)) = key.value().split_once('/') else { continue };
                    if let Some(bytes) = events.get(event_id).map_err(StoreError::backend)? {
                        metas.push(decode(bytes.value())?);
                    }
                }
            }
            metas.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
            metas.truncate(limit);
            let mut crews = Vec::with_capacity(metas.len());
            for meta in metas {
                let participants: Vec<Participant> = EmbeddedStore::scan(&tx, PARTICIPANTS, &meta.id)?;
                crews.push(Crew { members: participants.into_iter().filter_map(|p| p.user_id).collect(), meta });
            }
            Ok(crews)
        })
        .await
    }

    async fn users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<UserRecord>> {
        let ids = ids.to_vec();
        self.blocking(move |db| {
            let tx = db.begin_read().map_err(StoreError::backend)?;
            let users = tx.open_table(USERS).map_err(StoreError::backend)?;
            let mut found = Vec::with_capacity(ids.len());
            for id in &ids {
                if let Some(bytes) = users.get(id.as_str()).map_err(StoreError::backend)? {
                    found.push(decode(bytes.value())?);
                }
            }
            Ok(found)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn embedded_store_passes_the_friends_contract() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::EmbeddedStore::open(dir.path()).unwrap();
        crate::persistence::friends::contract::run(&(std::sync::Arc::new(store) as crate::persistence::SharedStore))
            .await;
    }
}
