import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmSession, getSession, resetSessionForTests, restoreSession, signIn, signOut, signUp, signedOutForGood, updateUser } from './sessionStore';
import { getOrganizerToken, saveOrganizerToken } from './organizerTokens';
import { getGuest, saveGuest } from './participantTokens';

let calls: string[];
let refreshAnswer: number;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const AUTH = { user: { id: 'u1', name: 'Olga', email: 'olga@example.com' }, accessToken: 'token', expiresIn: 900 };

beforeEach(() => {
  localStorage.clear();
  calls = [];
  refreshAnswer = 401;
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    if (url.endsWith('/auth/refresh')) {
      return refreshAnswer === 200 ? json(200, AUTH) : json(refreshAnswer, { error: { code: refreshAnswer === 401 ? 'unauthenticated' : 'rate_limited', message: 'no' } });
    }
    if (url.endsWith('/auth/login')) return json(200, AUTH);
    return new Response(null, { status: 204 });
  });
  resetSessionForTests();
});
afterEach(() => {
  resetSessionForTests();
  vi.unstubAllGlobals();
});

/** A page load: the module's memory is gone, localStorage is not. */
async function reload(): Promise<void> {
  resetSessionForTests();
  await restoreSession();
}

describe('the start-up session check', () => {
  it('asks once, and after a refusal stays quiet on later page loads', async () => {
    await restoreSession();
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(getSession().status).toBe('signedOut');

    await reload();
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(getSession().status).toBe('signedOut');
  });

  it('asks again once someone signs in here, and restores the session', async () => {
    await restoreSession();
    await signIn('olga@example.com', 'secret');
    refreshAnswer = 200;
    await reload();
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(2);
    expect(getSession()).toMatchObject({ status: 'signedIn', token: 'token' });
  });

  it('remembers an explicit sign-out, but not a rate limit', async () => {
    refreshAnswer = 429;
    await restoreSession();
    await reload();
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(2);

    refreshAnswer = 200;
    await reload();
    expect(getSession().status).toBe('signedIn');
    await signOut();
    await reload();
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(3);
    expect(getSession().status).toBe('signedOut');
  });

  it('asks the server after all when a page needs an account and a session arrived some other way', async () => {
    await restoreSession();
    await reload();
    expect(getSession()).toMatchObject({ status: 'signedOut', assumed: true });
    // A refresh cookie set behind the page's back (another login flow): the check finds it.
    refreshAnswer = 200;
    await confirmSession();
    expect(getSession()).toMatchObject({ status: 'signedIn', token: 'token' });
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(2);
    // Once the server has answered, there is nothing left to confirm.
    await confirmSession();
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(2);
  });
});

describe('claiming what this browser made as a guest', () => {
  it('sends the organiser and guest tokens held, and forgets the organiser tokens the account took', async () => {
    saveOrganizerToken('ev1', 'ev1.secret');
    saveOrganizerToken('ev2', 'ev2.secret');
    saveGuest('ev3', { participantId: 'p9', token: 'ev3.guest' });
    let body: Record<string, unknown> = {};
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      body = JSON.parse(String(init.body)) as Record<string, unknown>;
      return json(200, { ...AUTH, claimed: { events: ['ev1'], participants: ['p9'] } });
    });
    await signIn('olga@example.com', 'password1');
    expect(body.organizerTokens).toEqual(['ev1.secret', 'ev2.secret']);
    expect(body.participantTokens).toEqual(['ev3.guest']);
    // ev1 belongs to the account now; ev2 was not taken (stale or someone else's), so it stays.
    expect(getOrganizerToken('ev1')).toBeNull();
    expect(getOrganizerToken('ev2')).toBe('ev2.secret');
  });

  it('forgets the guest tokens of participants the account took, and keeps the rest', async () => {
    saveGuest('ev3', { participantId: 'p9', token: 'ev3.guest' });
    saveGuest('ev4', { participantId: 'p4', token: 'ev4.guest' });
    let body: Record<string, unknown> = {};
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      body = JSON.parse(String(init.body)) as Record<string, unknown>;
      return json(201, { ...AUTH, claimed: { events: [], participants: ['p9'] } });
    });
    await signUp('Olga', 'olga@example.com', 'password1');
    expect(body.participantTokens).toEqual(['ev3.guest', 'ev4.guest']);
    expect(getGuest('ev3')).toBeNull();
    expect(getGuest('ev4')).toEqual({ participantId: 'p4', token: 'ev4.guest' });
  });

  it('sends no token fields when there is nothing to claim', async () => {
    let body: Record<string, unknown> = {};
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      body = JSON.parse(String(init.body)) as Record<string, unknown>;
      return json(200, AUTH);
    });
    await signIn('olga@example.com', 'password1');
    expect(Object.keys(body).sort()).toEqual(['email', 'password']);
  });
});

describe('a busy server', () => {
  it('signs in after a 503 with Retry-After, telling the page how long it waits', async () => {
    let logins = 0;
    vi.stubGlobal('fetch', async (url: string) => {
      if (!url.endsWith('/auth/login')) return new Response(null, { status: 204 });
      logins += 1;
      if (logins === 1) {
        return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }), {
          status: 503,
          headers: { 'content-type': 'application/json', 'Retry-After': '1' },
        });
      }
      return json(200, AUTH);
    });
    vi.useFakeTimers();
    try {
      const waits: number[] = [];
      const signingIn = signIn('olga@example.com', 'password1', { onBusy: (s) => waits.push(s) });
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(signingIn).resolves.toMatchObject({ id: 'u1' });
      expect(logins).toBe(2);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(1);
    } finally {
      vi.useRealTimers();
    }
    expect(getSession().status).toBe('signedIn');
  });
});

describe('the signed-in user changing', () => {
  it('takes a newer copy of the same user, ignores another one, and ends for good on deletion', async () => {
    await signIn('olga@example.com', 'password1');
    updateUser({ ...AUTH.user, telegramLinked: false, emailVerified: true });
    expect(getSession().user).toMatchObject({ emailVerified: true });
    updateUser({ id: 'someone-else', name: 'X', email: 'x@example.com', telegramLinked: false });
    expect(getSession().user?.id).toBe('u1');
    signedOutForGood();
    expect(getSession().status).toBe('signedOut');
    await reload();
    // Remembered as signed out: the next page load does not even ask.
    expect(calls.filter((u) => u.endsWith('/auth/refresh'))).toHaveLength(0);
  });
});
