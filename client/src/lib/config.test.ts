import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASIC_CONFIG, getConfig } from './config';

const reply = (status: number, body: unknown) => () =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

afterEach(() => vi.unstubAllGlobals());

describe('getConfig', () => {
  it('reads what the server offers', async () => {
    vi.stubGlobal('fetch', reply(200, { publicUrl: 'https://prost.example', auth: { password: true, emailVerification: true, providers: [] }, telegram: { enabled: true, botUsername: 'ProstBot' } }));
    await expect(getConfig()).resolves.toMatchObject({ publicUrl: 'https://prost.example', telegram: { enabled: true, botUsername: 'ProstBot' } });
  });

  it('treats a server without /config as one without Telegram', async () => {
    vi.stubGlobal('fetch', reply(404, { error: { code: 'not_found', message: 'no route' } }));
    await expect(getConfig()).resolves.toEqual(BASIC_CONFIG);
  });

  it('fills what an older config leaves out, and passes real failures on', async () => {
    vi.stubGlobal('fetch', reply(200, { publicUrl: 'x', telegram: { enabled: true } }));
    await expect(getConfig()).resolves.toMatchObject({ telegram: { enabled: true, botUsername: null }, auth: { password: true } });
    vi.stubGlobal('fetch', reply(500, { error: { code: 'internal', message: 'boom' } }));
    await expect(getConfig()).rejects.toMatchObject({ status: 500 });
  });
});
