//! What the friends list and invitations need from a database: a user's newest events with the
//! accounts in them, and accounts by id in one round trip. Both stores implement it, and
//! [`contract`] checks them alike.

use super::StoreResult;
use crate::domain::friends::Crew;
use crate::domain::user::UserRecord;
use async_trait::async_trait;

/// Reads behind "people you planned with".
#[async_trait]
pub trait FriendStore: Send + Sync {
    /// The `limit` events `user_id` organises or takes part in that were created last, newest
    /// first, each with the accounts of its signed-in participants. It reads the same
    /// membership index as `Scope::Mine` listings.
    async fn recent_crews(&self, user_id: &str, limit: usize) -> StoreResult<Vec<Crew>>;
    /// The accounts with these ids, in no particular order; unknown ids are left out.
    async fn users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<UserRecord>>;
}

/// The friends part of the store contract, on a store without users or events named `fr-*`.
pub mod contract {
    use crate::domain::event::Participant;
    use crate::domain::plan::Write;
    use crate::domain::user::{Language, UserRecord};
    use crate::persistence::SharedStore;
    use crate::persistence::contract::sample_event;
    use jiff::{Timestamp, ToSpan};

    fn joined(id: &str, user: Option<&str>) -> Participant {
        Participant {
            id: id.into(),
            name: format!("P {id}"),
            user_id: user.map(Into::into),
            token_hash: user.is_none().then(|| format!("hash-{id}")),
            answers: Default::default(),
            joined_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            version: 2,
        }
    }

    async fn event(store: &SharedStore, id: &str, organizer: &str, minute: i64, people: &[(&str, Option<&str>)]) {
        let mut meta = sample_event(id, organizer);
        meta.created_at = Timestamp::UNIX_EPOCH + minute.minutes();
        store.insert_event(&meta).await.unwrap();
        let writes: Vec<Write> = people.iter().map(|(pid, user)| Write::Participant(joined(pid, *user))).collect();
        store.apply(id, 1, &writes).await.unwrap();
    }

    /// Runs the checks.
    pub async fn run(store: &SharedStore) {
        // fr-me organises fr-e1 (fr-ann and a guest join), joins fr-e2 and fr-e3; fr-e4 is
        // not theirs.
        event(store, "fr-e1", "fr-me", 1, &[("a", Some("fr-ann")), ("g", None)]).await;
        event(store, "fr-e2", "fr-bob", 2, &[("m", Some("fr-me")), ("c", Some("fr-cat"))]).await;
        event(store, "fr-e3", "fr-cat", 3, &[("m", Some("fr-me"))]).await;
        event(store, "fr-e4", "fr-bob", 4, &[("d", Some("fr-dan"))]).await;

        let crews = store.recent_crews("fr-me", 10).await.unwrap();
        let got: Vec<(&str, Vec<&str>)> = crews
            .iter()
            .map(|c| {
                let mut members: Vec<&str> = c.members.iter().map(String::as_str).collect();
                members.sort_unstable();
                (c.meta.id.as_str(), members)
            })
            .collect();
        assert_eq!(
            got,
            [("fr-e3", vec!["fr-me"]), ("fr-e2", vec!["fr-cat", "fr-me"]), ("fr-e1", vec!["fr-ann"])],
            "newest first, guests carry no account, other people's events stay out"
        );
        let newest: Vec<String> =
            store.recent_crews("fr-me", 2).await.unwrap().into_iter().map(|c| c.meta.id).collect();
        assert_eq!(newest, ["fr-e3", "fr-e2"], "the limit keeps the newest");
        assert!(store.recent_crews("fr-nobody", 10).await.unwrap().is_empty());

        // Leaving an event takes it out of their crews.
        store.apply("fr-e3", 2, &[Write::RemoveParticipant("m".into())]).await.unwrap();
        let ids: Vec<String> = store.recent_crews("fr-me", 10).await.unwrap().into_iter().map(|c| c.meta.id).collect();
        assert_eq!(ids, ["fr-e2", "fr-e1"]);

        for (id, name) in [("fr-ann", "Ann"), ("fr-cat", "Cat")] {
            let user = UserRecord::new(id.into(), format!("{id}@example.com"), name.into(), None, Language::En);
            store.insert_user(&user).await.unwrap();
        }
        let wanted = ["fr-ann".to_string(), "fr-ghost".to_string(), "fr-cat".to_string()];
        let mut names: Vec<String> = store.users_by_ids(&wanted).await.unwrap().into_iter().map(|u| u.name).collect();
        names.sort();
        assert_eq!(names, ["Ann", "Cat"], "unknown ids are left out");
        assert!(store.users_by_ids(&[]).await.unwrap().is_empty());
    }
}
