//! Which account a verified social-login identity belongs to: found by provider and subject,
//! linked by a vouched-for address, linked from settings, or made new.

use super::auth::language_of;
use super::state::AppState;
use crate::auth::oidc::{Failure, Provider, VerifiedIdentity};
use crate::auth::token_hash;
use crate::domain::ids::new_entity_id;
use crate::domain::input::MAX_NAME;
use crate::domain::user::{Identity, UserRecord};
use crate::persistence::StoreError;
use axum::http::HeaderMap;
use jiff::Timestamp;

/// A store failure during a social sign-in: logged, and shown as the provider being unavailable.
pub(super) fn store_failure(error: StoreError) -> Failure {
    tracing::warn!(%error, "the store failed during a social sign-in");
    Failure::Unavailable
}

fn identity_record(provider: &Provider, identity: &VerifiedIdentity) -> Identity {
    Identity {
        provider: provider.settings.id.clone(),
        subject: identity.subject.clone(),
        provider_name: provider.settings.name.clone(),
        email: identity.email.clone(),
        linked_at: Timestamp::now(),
    }
}

/// Links the identity to `user_id` (from settings).
pub(super) async fn link(
    state: &AppState,
    provider: &Provider,
    identity: &VerifiedIdentity,
    user_id: &str,
) -> Result<(), Failure> {
    let store = &state.store;
    match store.user_by_identity(&provider.settings.id, &identity.subject).await.map_err(store_failure)? {
        Some(owner) if owner.id == user_id => return Ok(()),
        Some(_) => return Err(Failure::AlreadyLinked),
        None => {}
    }
    let mut user = store.user_by_id(user_id).await.map_err(store_failure)?.ok_or(Failure::State)?;
    attach(state, provider, identity, &mut user).await
}

/// Claims the identity for `user` and lists it on the account.
async fn attach(
    state: &AppState,
    provider: &Provider,
    identity: &VerifiedIdentity,
    user: &mut UserRecord,
) -> Result<(), Failure> {
    match state.store.insert_identity(&provider.settings.id, &identity.subject, &user.id).await {
        Err(StoreError::Duplicate(_)) => return Err(Failure::AlreadyLinked),
        other => other.map_err(store_failure)?,
    }
    user.identities.retain(|i| i.provider != provider.settings.id);
    user.identities.push(identity_record(provider, identity));
    state.store.update_user(user).await.map_err(store_failure)
}

/// The account this identity signs into: found by provider and subject, or the account with
/// the same address when the provider vouches for it, or a new one.
pub(super) async fn find_or_create(
    state: &AppState,
    provider: &Provider,
    identity: &VerifiedIdentity,
    headers: &HeaderMap,
) -> Result<UserRecord, Failure> {
    let store = &state.store;
    let id = &provider.settings.id;
    if let Some(user) = store.user_by_identity(id, &identity.subject).await.map_err(store_failure)? {
        return Ok(user);
    }
    let email = identity.email.clone().filter(|e| e.contains('@') && e.len() <= 254);
    if let Some(email) = &email
        && let Some(mut existing) = store.user_by_email(email).await.map_err(store_failure)?
    {
        // An address the provider does not vouch for is no proof of owning the account.
        if !identity.email_verified {
            return Err(Failure::EmailUnverified);
        }
        attach(state, provider, identity, &mut existing).await?;
        if !existing.email_verified {
            existing.email_verified = true;
            store.update_user(&existing).await.map_err(store_failure)?;
        }
        return Ok(existing);
    }
    let verified = email.is_some() && identity.email_verified;
    let address = email.unwrap_or_else(|| {
        let tag: String = token_hash(&format!("{id}/{}", identity.subject)).chars().take(20).collect();
        format!("{id}-{tag}@{}", crate::mail::PLACEHOLDER_DOMAIN)
    });
    let name: String = identity.name.as_deref().unwrap_or("").trim().chars().take(MAX_NAME).collect();
    let name = if name.is_empty() { "Friend".to_string() } else { name };
    let mut user = UserRecord::new(new_entity_id(), address, name, None, language_of(headers));
    user.email_verified = verified;
    match store.insert_user(&user).await {
        // The address was taken a moment ago (another tab's sign-in): start over from the top.
        Err(StoreError::Duplicate(_)) => return Err(Failure::State),
        other => other.map_err(store_failure)?,
    }
    if let Err(failure) = attach(state, provider, identity, &mut user).await {
        // Another sign-in claimed this identity first: it made the account, not this one.
        let _ = store.delete_user(&user.id).await;
        return match store.user_by_identity(id, &identity.subject).await.map_err(store_failure)? {
            Some(winner) => Ok(winner),
            None => Err(failure),
        };
    }
    Ok(user)
}
