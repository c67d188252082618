// A fake `fetch` for component tests: routes by "METHOD /path" (under /api/v1, query string
// ignored), records every call with its parsed body, and answers 404 to anything unrouted.
import { vi } from 'vitest';

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeCall {
  method: string;
  path: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

export type FakeRoute = FakeReply | ((call: FakeCall, nth: number) => FakeReply);

export const apiError = (status: number, code: string, message = code, fields?: Record<string, string>, headers?: Record<string, string>): FakeReply => ({
  status,
  body: { error: { code, message, ...(fields ? { fields } : {}) } },
  headers,
});

export function fakeServer(routes: Record<string, FakeRoute>) {
  const calls: FakeCall[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = new URL(url, 'http://prost.test').pathname.replace(/^\/api\/v1/, '');
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: FakeCall = { method, path, url, body, headers: (init?.headers ?? {}) as Record<string, string> };
    calls.push(call);
    const key = `${method} ${path}`;
    const route = routes[key];
    const nth = calls.filter((c) => `${c.method} ${c.path}` === key).length;
    const reply = route === undefined ? apiError(404, 'not_found', key) : typeof route === 'function' ? route(call, nth) : route;
    const status = reply.status ?? 200;
    const text = reply.body === undefined || status === 204 ? null : JSON.stringify(reply.body);
    return new Response(text, { status, headers: { 'content-type': 'application/json', ...reply.headers } });
  });
  vi.stubGlobal('fetch', fetch);
  return {
    calls,
    /** The calls to one route, as "METHOD /path". */
    to: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
  };
}

export const config = (providers: { id: string; name: string }[] = []) => ({
  publicUrl: 'http://prost.test',
  auth: { password: true, emailVerification: true, providers },
  telegram: { enabled: false, botUsername: null },
});
