import { afterEach, describe, expect, it } from 'vitest';
import { hashWithoutLaunch, parseInitData, parseLaunchHash, parseThemeParams, takeLaunchParams } from './launchParams';

// initData as Telegram builds it: URL-encoded fields, `user` as JSON, `hash` last.
const USER = { id: 279058397, first_name: 'Аня', last_name: 'Пивоварова', username: 'anya_pints', language_code: 'ru' };
const INIT_DATA = [
  'query_id=AAHdF6IQAAAAAN0XohDhrOrc',
  `user=${encodeURIComponent(JSON.stringify(USER))}`,
  'auth_date=1764600000',
  'start_param=k3J9xQ2pLm',
  'hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2',
].join('&');
const THEME = { bg_color: '#17212b', text_color: '#f5f5f5', hint_color: '#708499', secondary_bg_color: '#232e3c' };
const HASH =
  `#tgWebAppData=${encodeURIComponent(INIT_DATA)}&tgWebAppVersion=8.0&tgWebAppPlatform=android` +
  `&tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(THEME))}`;

afterEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

describe('parseInitData', () => {
  it('reads the user, the signing time and the start parameter, and keeps the raw string intact', () => {
    const data = parseInitData(INIT_DATA)!;
    expect(data.raw).toBe(INIT_DATA);
    expect(data.user).toEqual({ id: 279058397, firstName: 'Аня', lastName: 'Пивоварова', username: 'anya_pints', languageCode: 'ru' });
    expect(data.authDate).toBe(1764600000);
    expect(data.startParam).toBe('k3J9xQ2pLm');
    expect(data.hash).toMatch(/^c501/);
  });

  it('refuses strings that are not signed launch data', () => {
    expect(parseInitData('')).toBeNull();
    expect(parseInitData('user=%7B%7D&auth_date=1764600000')).toBeNull();
    expect(parseInitData('hash=abc&auth_date=yesterday')).toBeNull();
    expect(parseInitData('hash=abc')).toBeNull();
  });

  it('keeps the data but drops a user that is not a Telegram user object', () => {
    expect(parseInitData('user=not-json&auth_date=1&hash=h')!.user).toBeNull();
    expect(parseInitData(`user=${encodeURIComponent('{"id":"1","first_name":"A"}')}&auth_date=1&hash=h`)!.user).toBeNull();
  });
});

describe('parseLaunchHash', () => {
  it('finds initData, the platform and the palette in the hash Telegram opens the page with', () => {
    const launch = parseLaunchHash(HASH)!;
    expect(launch.initData.raw).toBe(INIT_DATA);
    expect(launch.platform).toBe('android');
    expect(launch.version).toBe('8.0');
    expect(launch.themeParams).toEqual(THEME);
  });

  it('is null in an ordinary tab', () => {
    expect(parseLaunchHash('')).toBeNull();
    expect(parseLaunchHash('#comments')).toBeNull();
    expect(parseLaunchHash('#tgWebAppVersion=8.0')).toBeNull();
  });
});

describe('parseThemeParams', () => {
  it('lets only hex colours through, since they end up in CSS', () => {
    const params = parseThemeParams(JSON.stringify({ bg_color: '#fff', text_color: 'red;} body{display:none', link_color: 42, button_color: '#2481CC' }));
    expect(params).toEqual({ bg_color: '#fff', button_color: '#2481CC' });
    expect(parseThemeParams('{broken')).toEqual({});
    expect(parseThemeParams(null)).toEqual({});
  });
});

describe('takeLaunchParams', () => {
  it('takes the launch data out of the address bar, keeps the rest, and recalls it after a reload', () => {
    history.replaceState(null, '', `/e/k3J9xQ2pLm${HASH}&section=board`);
    const launch = takeLaunchParams()!;
    expect(launch.initData.user?.username).toBe('anya_pints');
    expect(location.pathname).toBe('/e/k3J9xQ2pLm');
    expect(location.hash).toBe('#section=board');
    expect(location.href).not.toContain('tgWebAppData');

    // A reload inside Telegram: the hash is gone, sessionStorage still has it.
    const again = takeLaunchParams()!;
    expect(again.initData.raw).toBe(INIT_DATA);
    expect(again.themeParams).toEqual(THEME);
  });

  it('is null outside Telegram', () => {
    history.replaceState(null, '', '/e/abc#x=1');
    expect(takeLaunchParams()).toBeNull();
    expect(location.hash).toBe('#x=1');
  });

  it('strips only tgWebApp parameters from a hash', () => {
    expect(hashWithoutLaunch(HASH)).toBe('');
    expect(hashWithoutLaunch('#a=1&tgWebAppVersion=8.0')).toBe('#a=1');
  });
});
