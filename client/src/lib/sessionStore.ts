// The signed-in session outside React: the access token lives only in memory; a page load gets
// one by trading the httpOnly refresh cookie (`POST /auth/refresh`). The REST client and the live
// socket read the token from here.
import * as api from './api';
import { allOrganizerTokens, forgetOrganizerToken } from './organizerTokens';
import { retryWhileBusy, type BusyOptions } from './busyRetry';
import { allGuests, allGuestTokens, forgetGuest } from './participantTokens';
import type { AuthResponse, ClaimTokens, User } from './types';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut';

export interface SessionState {
  status: SessionStatus;
  user: User | null;
  token: string | null;
  /** Signed out on this browser's word alone (see `restoreSession`), not the server's. */
  assumed?: boolean;
}

const SIGNED_OUT: SessionState = { status: 'signedOut', user: null, token: null };

let state: SessionState = { status: 'loading', user: null, token: null };
const listeners = new Set<() => void>();
let refreshing: Promise<string | null> | null = null;
let restoring: Promise<void> | null = null;
let renewTimer: ReturnType<typeof setTimeout> | undefined;

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Renews a little before expiry, so a live socket's next hello and the next request carry a valid token. */
function scheduleRenewal(expiresIn: number): void {
  clearTimeout(renewTimer);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) return;
  const delay = Math.max(10, expiresIn * 0.8) * 1000;
  renewTimer = setTimeout(() => void refreshAccessToken(), Math.min(delay, 2 ** 31 - 1));
}

// The refresh cookie is httpOnly, so a page cannot see whether it has one; asking the server when
// there is none costs a 401, which the browser prints in the console whatever the code does with
// it. So this browser remembers when it last knew it had no session (a sign-out, or a refresh the
// server refused) and skips the start-up check until someone signs in here again. Anything that
// ever sets the cookie without going through `adopt` (a redirect-based login) must call
// `forgetSignedOut()` first. The very first visit still asks, and may still see that one line.
const SIGNED_OUT_KEY = 'prost.signedOut';

function rememberSignedOut(): void {
  try {
    localStorage.setItem(SIGNED_OUT_KEY, '1');
  } catch {
    // Private mode or storage off: we just ask the server every time.
  }
}

export function forgetSignedOut(): void {
  try {
    localStorage.removeItem(SIGNED_OUT_KEY);
  } catch {
    // As above.
  }
}

function knownSignedOut(): boolean {
  try {
    return localStorage.getItem(SIGNED_OUT_KEY) === '1';
  } catch {
    return false;
  }
}

function adopt(auth: AuthResponse): User {
  forgetSignedOut();
  set({ status: 'signedIn', user: auth.user, token: auth.accessToken });
  scheduleRenewal(auth.expiresIn);
  return auth.user;
}

/** Runs `task` while holding a lock shared by every tab of this origin, where the browser has one. */
function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  // The refresh token rotates, and presenting a retired one revokes the whole family. Two tabs
  // refreshing at once would sign the user out, so refreshes take turns.
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? (locks.request('prost.refresh', task) as Promise<T>) : task();
}

/**
 * A new access token from the refresh cookie, or null when the session is over. Concurrent callers
 * share one request.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= acrossTabs(() => api.refresh())
    .then((auth) => {
      adopt(auth);
      return auth.accessToken;
    })
    .catch((e: unknown) => {
      // A network failure leaves a signed-in session as it is (the token may still work);
      // a refusal from the server ends it.
      if (!(api.isApiError(e, 'network') && state.status === 'signedIn')) set(SIGNED_OUT);
      // Only a plain "no session" is worth remembering; a rate limit or an outage is not.
      if (api.isApiError(e) && e.status === 401) rememberSignedOut();
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Restores the session once per page load; later calls get the same promise. */
export function restoreSession(): Promise<void> {
  if (!restoring && knownSignedOut()) {
    set({ ...SIGNED_OUT, assumed: true });
    restoring = Promise.resolve();
  }
  restoring ??= refreshAccessToken().then(() => undefined);
  return restoring;
}

/**
 * Restores the session by signing in some other way than the refresh cookie (a Telegram Mini App
 * hands us signed `initData`), falling back to the cookie when that is refused. Called before the
 * first render, so `restoreSession()` afterwards waits for this instead of racing it.
 */
export function restoreSessionWith(signInSomehow: () => Promise<AuthResponse>): Promise<void> {
  restoring ??= signInSomehow()
    .then((auth) => void adopt(auth))
    .catch(() => refreshAccessToken().then(() => undefined));
  return restoring;
}

/**
 * Asks the server after all when the signed-out state was only assumed: pages that need an account
 * do, before sending someone to sign in, in case a session arrived some other way.
 */
export function confirmSession(): Promise<void> {
  if (state.status !== 'signedOut' || !state.assumed) return Promise.resolve();
  set({ status: 'loading', user: null, token: null });
  return refreshAccessToken().then(() => undefined);
}

/**
 * The events this browser organised and joined without an account: signing up or in hands them
 * to the account (API.md), so nothing made as a guest is stranded on one device.
 */
function claimTokens(): ClaimTokens {
  const organizerTokens = allOrganizerTokens();
  const participantTokens = allGuestTokens();
  return {
    ...(organizerTokens.length ? { organizerTokens } : {}),
    ...(participantTokens.length ? { participantTokens } : {}),
  };
}

/**
 * What moved to the account stops needing its guest secret: a claimed event's organiser token no
 * longer works (the account is the key now), and a linked participant is found by the account.
 * Tokens the server left out (stale, someone else's) stay, so nothing is lost by a failed claim.
 */
function forgetClaimed(claimed: AuthResponse['claimed']): void {
  for (const eventId of claimed?.events ?? []) forgetOrganizerToken(eventId);
  const participants = new Set(claimed?.participants ?? []);
  if (!participants.size) return;
  for (const [eventId, guest] of Object.entries(allGuests())) {
    if (participants.has(guest.participantId)) forgetGuest(eventId);
  }
}

function adoptClaiming(auth: AuthResponse): User {
  forgetClaimed(auth.claimed);
  return adopt(auth);
}

/** Sign-in and sign-up wait out a busy server (see `retryWhileBusy`); `onBusy` hears each wait. */
export interface SignInOptions {
  onBusy?: BusyOptions['onWait'];
}

export async function signIn(email: string, password: string, options: SignInOptions = {}): Promise<User> {
  const auth = await retryWhileBusy(() => api.login({ email, password, ...claimTokens() }), { onWait: options.onBusy });
  return adoptClaiming(auth);
}

export async function signUp(name: string, email: string, password: string, options: SignInOptions = {}): Promise<User> {
  const auth = await retryWhileBusy(() => api.register({ name, email, password, ...claimTokens() }), { onWait: options.onBusy });
  return adoptClaiming(auth);
}

/** Signs in with what another endpoint handed out (a password reset answers like a login). */
export function signInWith(auth: AuthResponse): User {
  return adopt(auth);
}

/** The server has a newer picture of the signed-in user (a verified email, a new name). */
export function updateUser(user: User): void {
  if (state.status === 'signedIn' && state.user?.id === user.id) set({ ...state, user });
}

/** The account is gone: nothing to refresh, and nothing to ask about on the next visit. */
export function signedOutForGood(): void {
  clearTimeout(renewTimer);
  rememberSignedOut();
  set(SIGNED_OUT);
}

export async function signOut(): Promise<void> {
  clearTimeout(renewTimer);
  try {
    await api.logout();
  } finally {
    // Signed out locally even when the server could not be told: the token dies with the page.
    rememberSignedOut();
    set(SIGNED_OUT);
  }
}

api.bindSession({ accessToken: () => state.token, refresh: refreshAccessToken });

/** Test hook: forget everything, as after a page load. */
export function resetSessionForTests(next: SessionState = { status: 'loading', user: null, token: null }): void {
  clearTimeout(renewTimer);
  refreshing = null;
  restoring = null;
  set(next);
}
