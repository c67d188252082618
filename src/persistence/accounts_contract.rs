//! The account part of the store contract, run on both stores by `contract::run`.

use super::{SharedStore, StoreError};
use crate::domain::user::{AccountToken, Identity, Language, RefreshTokenRecord, TokenPurpose, UserRecord};
use jiff::Timestamp;

fn token(hash: &str, user: &str, family: &str) -> RefreshTokenRecord {
    RefreshTokenRecord {
        hash: hash.into(),
        user_id: user.into(),
        family: family.into(),
        expires_at: Timestamp::MAX,
        revoked: false,
        rotated_at: None,
        sealed_next: None,
    }
}

/// Runs the account checks against `store` (users `acc-*` must not exist yet).
pub async fn run(store: &SharedStore) {
    let mut ada = UserRecord::new("acc-1".into(), "ada@example.com".into(), "Ada".into(), None, Language::Ru);
    let bob = UserRecord::new("acc-2".into(), "bob@example.com".into(), "Bob".into(), None, Language::En);
    store.insert_user(&ada).await.unwrap();
    store.insert_user(&bob).await.unwrap();

    // A changed address moves the unique key; someone else's address is refused untouched.
    ada.email = "ada.new@example.com".into();
    ada.email_verified = true;
    store.update_user(&ada).await.unwrap();
    assert_eq!(store.user_by_email("ada.new@example.com").await.unwrap().map(|u| u.id), Some("acc-1".into()));
    assert_eq!(store.user_by_email("ada@example.com").await.unwrap(), None, "the old address is free again");
    let mut stolen = ada.clone();
    stolen.email = "bob@example.com".into();
    assert!(matches!(store.update_user(&stolen).await, Err(StoreError::Duplicate(_))));
    assert_eq!(store.user_by_id("acc-1").await.unwrap().unwrap().email, "ada.new@example.com");
    assert_eq!(store.user_by_email("bob@example.com").await.unwrap().map(|u| u.id), Some("acc-2".into()));

    // Identities: one account per (provider, subject).
    store.insert_identity("local", "sub-1", "acc-1").await.unwrap();
    assert!(matches!(store.insert_identity("local", "sub-1", "acc-2").await, Err(StoreError::Duplicate(_))));
    store.insert_identity("other", "sub-1", "acc-2").await.unwrap();
    assert_eq!(store.user_by_identity("local", "sub-1").await.unwrap().map(|u| u.id), Some("acc-1".into()));
    assert_eq!(store.user_by_identity("local", "sub-2").await.unwrap(), None);
    store.delete_identity("other", "sub-1").await.unwrap();
    assert_eq!(store.user_by_identity("other", "sub-1").await.unwrap(), None);

    // A mailed token is taken once.
    let mailed = AccountToken {
        hash: "mail-hash".into(),
        user_id: "acc-1".into(),
        purpose: TokenPurpose::VerifyEmail,
        email: "ada.new@example.com".into(),
        expires_at: Timestamp::MAX,
    };
    store.insert_account_token(&mailed).await.unwrap();
    assert_eq!(store.take_account_token("mail-hash").await.unwrap(), Some(mailed));
    assert_eq!(store.take_account_token("mail-hash").await.unwrap(), None, "single use");

    // Sessions: all but one family revoked; rotation keeps the sealed successor.
    for (hash, family) in [("acc-r1", "fa"), ("acc-r2", "fb"), ("acc-r3", "fb")] {
        store.insert_refresh_token(&token(hash, "acc-1", family)).await.unwrap();
    }
    store.insert_refresh_token(&token("acc-r4", "acc-2", "fc")).await.unwrap();
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    store.mark_refresh_rotated("acc-r2", at, "sealed").await.unwrap();
    let rotated = store.refresh_token("acc-r2").await.unwrap().unwrap();
    assert!(rotated.revoked);
    assert_eq!((rotated.rotated_at, rotated.sealed_next.as_deref()), (Some(at), Some("sealed")));
    store.revoke_user_sessions("acc-1", Some("fb")).await.unwrap();
    assert!(store.refresh_token("acc-r1").await.unwrap().unwrap().revoked);
    assert!(!store.refresh_token("acc-r3").await.unwrap().unwrap().revoked, "the kept family stays");
    assert!(!store.refresh_token("acc-r4").await.unwrap().unwrap().revoked, "other users are untouched");
    store.revoke_user_sessions("acc-1", None).await.unwrap();
    assert!(store.refresh_token("acc-r3").await.unwrap().unwrap().revoked);

    // Deleting a user takes their keys, tokens and identities with them.
    ada.identities.push(Identity {
        provider: "local".into(),
        subject: "sub-1".into(),
        provider_name: "Local".into(),
        email: None,
        linked_at: at,
    });
    store.update_user(&ada).await.unwrap();
    store.insert_account_token(&AccountToken { hash: "mail-2".into(), ..store_token("acc-1") }).await.unwrap();
    store.delete_user("acc-1").await.unwrap();
    assert_eq!(store.user_by_id("acc-1").await.unwrap(), None);
    assert_eq!(store.user_by_email("ada.new@example.com").await.unwrap(), None);
    assert_eq!(store.user_by_identity("local", "sub-1").await.unwrap(), None);
    assert_eq!(store.refresh_token("acc-r1").await.unwrap(), None);
    assert_eq!(store.take_account_token("mail-2").await.unwrap(), None);
    assert!(store.user_by_id("acc-2").await.unwrap().is_some(), "only that user goes");
    let again = UserRecord::new("acc-3".into(), "ada.new@example.com".into(), "Ada".into(), None, Language::En);
    store.insert_user(&again).await.expect("the address can be registered again");
}

fn store_token(user: &str) -> AccountToken {
    AccountToken {
        hash: String::new(),
        user_id: user.into(),
        purpose: TokenPurpose::ResetPassword,
        email: "x@example.com".into(),
        expires_at: Timestamp::MAX,
    }
}
