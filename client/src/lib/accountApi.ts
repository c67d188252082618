// The account endpoints of issue 9 (API.md "Accounts, continued"): verification, password reset
// and change, profile, linked providers, export and deletion. Transport only, like `api.ts`.
import { API_BASE, request } from './api';
import type { AuthResponse, MePatch, User } from './types';

const enc = encodeURIComponent;

/** Single-use link from the mail; works signed in or not. */
export const verifyEmail = (token: string) =>
  request<{ user: User }>('/auth/verify-email', { method: 'POST', body: { token }, withSession: false });
/** Sends the verification mail again (signed in); 429 with `Retry-After` when asked too often. */
export const resendVerification = () => request<void>('/auth/verify-email/resend', { method: 'POST' });

/** Always 202, known address or not: the answer never tells who has an account. */
export const forgotPassword = (email: string) =>
  request<void>('/auth/password/forgot', { method: 'POST', body: { email }, withSession: false });
/** Sets the new password and signs in; every other session of the account ends. */
export const resetPassword = (token: string, password: string) =>
  request<AuthResponse>('/auth/password/reset', { method: 'POST', body: { token, password }, withSession: false });
/** Without `currentPassword` only for accounts that have none yet (social sign-in only). */
export const changePassword = (newPassword: string, currentPassword?: string) =>
  request<void>('/auth/password/change', {
    method: 'POST',
    body: currentPassword === undefined ? { newPassword } : { currentPassword, newPassword },
  });

export const patchMe = (patch: MePatch) => request<User>('/me', { method: 'PATCH', body: patch });
/** 409 when it is the last way in (no password, no other provider). */
export const unlinkIdentity = (provider: string) => request<void>(`/me/identities/${enc(provider)}`, { method: 'DELETE' });
export const deleteMe = () => request<void>('/me', { method: 'DELETE' });
/** Everything stored about the caller, as the server wrote it (kept as text, saved as a file). */
export const exportMe = () => request<unknown>('/me/export');

/** Most guest tokens the server carries through a provider's round trip. */
export const MAX_FLOW_TOKENS = 10;

export interface OidcStart {
  /** Add the provider to the signed-in account rather than sign in with it. */
  link?: boolean;
  /** Guest participants to hand to the account, as on register and login (the first ten go). */
  participantTokens?: string[];
  /** Events made without an account, to hand over likewise (the first ten go). */
  organizerTokens?: string[];
}

/**
 * Where a provider button points: the server's start of the OpenID Connect flow. It is a full-page
 * navigation (the provider's page is not ours), and the server comes back to `returnTo`.
 */
export function oidcStartUrl(provider: string, returnTo: string, options: OidcStart = {}): string {
  const params = new URLSearchParams({ returnTo });
  if (options.link) params.set('link', '1');
  for (const key of ['participantTokens', 'organizerTokens'] as const) {
    const tokens = (options[key] ?? []).slice(0, MAX_FLOW_TOKENS);
    if (tokens.length) params.set(key, tokens.join(','));
  }
  return `${API_BASE}/auth/oidc/${enc(provider)}/start?${params.toString()}`;
}
