import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, bindSession, getEvent, join, listEvents, login } from './api';

function reply(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

afterEach(() => vi.unstubAllGlobals());

describe('REST client', () => {
  it('refreshes once on a 401 with a session and retries with the new token', async () => {
    const seen: (string | null)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).Authorization ?? null;
      seen.push(auth);
      return auth === 'Bearer fresh' ? reply(200, { id: 'ev1' }) : reply(401, { error: { code: 'unauthenticated', message: 'expired' } });
    });
    const refresh = vi.fn(async () => 'fresh');
    const unbind = bindSession({ accessToken: () => 'stale', refresh });
    try {
      await expect(getEvent('ev1')).resolves.toEqual({ id: 'ev1' });
      expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
      expect(refresh).toHaveBeenCalledTimes(1);
    } finally {
      unbind();
    }
  });

  it('does not refresh on a wrong password, and reads the error body', async () => {
    vi.stubGlobal('fetch', async () => reply(401, { error: { code: 'unauthenticated', message: 'wrong email or password' } }));
    const refresh = vi.fn(async () => 'fresh');
    const unbind = bindSession({ accessToken: () => 'token', refresh });
    try {
      const error = await login({ email: 'a@b.c', password: 'nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 401, code: 'unauthenticated', message: 'wrong email or password' });
      expect(refresh).not.toHaveBeenCalled();
    } finally {
      unbind();
    }
  });

  it('sends the guest token, field errors and Retry-After come back', async () => {
    let headers: Record<string, string> = {};
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      headers = init.headers as Record<string, string>;
      return reply(429, { error: { code: 'rate_limited', message: 'slow down', fields: { name: 'too long' } } }, { 'Retry-After': '7' });
    });
    const error = await join('ev1', 'Anya', { participantToken: 'secret' }).catch((e: unknown) => e);
    expect(headers['X-Participant-Token']).toBe('secret');
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 7, fields: { name: 'too long' } });
  });

  it('builds list queries and turns a network failure into a "network" ApiError', async () => {
    let url = '';
    vi.stubGlobal('fetch', async (u: string) => {
      url = u;
      return reply(200, { items: [], nextCursor: null });
    });
    await listEvents({ mine: true, q: '', limit: 20 });
    expect(url).toBe('/api/v1/events?mine=true&limit=20');
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(getEvent('ev1')).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
