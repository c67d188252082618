import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSession, resetSessionForTests, restoreSession } from './lib/sessionStore';
import { startMiniApp } from './miniApp';

const INIT_DATA = `user=${encodeURIComponent('{"id":42,"first_name":"Boris"}')}&auth_date=1764600000&hash=abc123`;
const NIGHT = { bg_color: '#17212b', secondary_bg_color: '#232e3c', text_color: '#f5f5f5' };
const launchHash = (theme: object) =>
  `#tgWebAppData=${encodeURIComponent(INIT_DATA)}&tgWebAppPlatform=ios&tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(theme))}`;

const USER = { id: 'u42', email: 'tg42@telegram.invalid', name: 'Boris', telegramLinked: true };

interface Host {
  TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
  Telegram?: { WebView?: { receiveEvent?: (type: string, data: unknown) => void } };
}

let posted: [string, unknown][];
let requests: { url: string; body: unknown }[];

function answer(webapp: { status: number; body: unknown }) {
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const reply = url.endsWith('/auth/telegram/webapp') ? webapp : { status: 401, body: { error: { code: 'unauthenticated', message: 'no cookie' } } };
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
  });
}

beforeEach(() => {
  posted = [];
  requests = [];
  resetSessionForTests();
  (window as unknown as Host).TelegramWebviewProxy = { postEvent: (type, data) => posted.push([type, JSON.parse(data)]) };
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as unknown as Host).TelegramWebviewProxy;
  delete (window as unknown as Host).Telegram;
  document.getElementById('telegram-theme')?.remove();
  delete document.documentElement.dataset.telegram;
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

describe('startMiniApp', () => {
  it('does nothing in an ordinary tab', () => {
    answer({ status: 500, body: {} });
    expect(startMiniApp()).toBeNull();
    expect(posted).toEqual([]);
    expect(requests).toEqual([]);
    expect(document.getElementById('telegram-theme')).toBeNull();
  });

  it('signs in with the launch initData, wears Telegram’s night palette and tells Telegram it is ready', async () => {
    answer({ status: 200, body: { user: USER, accessToken: 'jwt', expiresIn: 900 } });
    history.replaceState(null, '', `/${launchHash(NIGHT)}`);
    expect(startMiniApp()).not.toBeNull();
    await restoreSession();

    expect(requests[0]).toEqual({ url: '/api/v1/auth/telegram/webapp', body: { initData: INIT_DATA } });
    expect(getSession()).toMatchObject({ status: 'signedIn', token: 'jwt', user: { id: 'u42' } });
    expect(document.documentElement.dataset.theme).toBe('stout');
    expect(document.documentElement.dataset.telegram).toBe('ios');
    expect(document.getElementById('telegram-theme')!.textContent).toContain('--bg: #232e3c;');
    expect(posted).toContainEqual(['web_app_ready', {}]);
    expect(posted).toContainEqual(['web_app_set_header_color', { color_key: 'secondary_bg_color' }]);
    expect(location.hash).toBe('');
  });

  it('follows Telegram when the person switches Telegram to its day theme', () => {
    answer({ status: 200, body: { user: USER, accessToken: 'jwt', expiresIn: 900 } });
    history.replaceState(null, '', `/${launchHash(NIGHT)}`);
    startMiniApp();
    (window as unknown as Host).Telegram!.WebView!.receiveEvent!('theme_changed', { theme_params: { bg_color: '#ffffff', text_color: '#000000' } });
    expect(document.documentElement.dataset.theme).toBe('lager');
    expect(document.getElementById('telegram-theme')!.textContent).toContain(":root[data-theme='lager']");
  });

  it('falls back to the refresh cookie when Telegram’s signature is refused', async () => {
    answer({ status: 401, body: { error: { code: 'unauthenticated', message: 'stale initData' } } });
    history.replaceState(null, '', `/e/k3J9xQ2pLm${launchHash(NIGHT)}`);
    startMiniApp();
    await restoreSession();
    expect(requests.map((r) => r.url)).toEqual(['/api/v1/auth/telegram/webapp', '/api/v1/auth/refresh']);
    expect(getSession().status).toBe('signedOut');
  });

  it('opens the event a start parameter names', () => {
    answer({ status: 200, body: { user: USER, accessToken: 'jwt', expiresIn: 900 } });
    const data = `auth_date=1764600000&start_param=k3J9xQ2pLm&hash=abc`;
    history.replaceState(null, '', `/#tgWebAppData=${encodeURIComponent(data)}`);
    startMiniApp();
    expect(location.pathname).toBe('/e/k3J9xQ2pLm');
  });
});
