// A Telegram Mini App learns who opened it from the URL's hash, which Telegram fills with launch
// parameters (`#tgWebAppData=...&tgWebAppVersion=...&tgWebAppThemeParams=...`). Reading them
// ourselves spares the page Telegram's third-party script. They are kept in sessionStorage, since
// the hash does not survive a reload after we have taken it out of the address bar.

/** The Telegram user inside `initData` (unverified: the server checks the signature). */
export interface InitDataUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export interface InitData {
  /** The signed string exactly as Telegram sent it: the server verifies this, byte for byte. */
  raw: string;
  user: InitDataUser | null;
  /** When Telegram signed it (seconds since the epoch); the server refuses it after 24 h. */
  authDate: number | null;
  startParam: string | null;
  hash: string | null;
}

/** Telegram's palette, `snake_case` keys to `#rrggbb` colours; every key is optional. */
export type ThemeParams = Partial<Record<string, string>>;

export interface LaunchParams {
  initData: InitData;
  themeParams: ThemeParams;
  platform: string | null;
  version: string | null;
}

const STORAGE_KEY = 'prost.telegram.launch';

function parseUser(json: string | null): InitDataUser | null {
  if (!json) return null;
  try {
    const user: unknown = JSON.parse(json);
    if (!user || typeof user !== 'object') return null;
    const { id, first_name, last_name, username, language_code } = user as Record<string, unknown>;
    if (typeof id !== 'number' || typeof first_name !== 'string') return null;
    return {
      id,
      firstName: first_name,
      lastName: typeof last_name === 'string' ? last_name : undefined,
      username: typeof username === 'string' ? username : undefined,
      languageCode: typeof language_code === 'string' ? language_code : undefined,
    };
  } catch {
    return null;
  }
}

/** Reads an `initData` query string; null when it is not one (no `hash`, no `auth_date`). */
export function parseInitData(raw: string): InitData | null {
  if (!raw) return null;
  const fields = new URLSearchParams(raw);
  const hash = fields.get('hash');
  const authDate = Number(fields.get('auth_date'));
  if (!hash || !Number.isInteger(authDate) || authDate <= 0) return null;
  return { raw, user: parseUser(fields.get('user')), authDate, startParam: fields.get('start_param'), hash };
}

/** Only `#rrggbb`-style colours get through: the values end up in CSS custom properties. */
const COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function parseThemeParams(json: string | null): ThemeParams {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && COLOUR.test(entry[1]),
      ),
    );
  } catch {
    return {};
  }
}

/** The launch parameters in a location hash (`#a=1&b=2` or `a=1&b=2`); null outside Telegram. */
export function parseLaunchHash(hash: string): LaunchParams | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const initData = parseInitData(params.get('tgWebAppData') ?? '');
  if (!initData) return null;
  return {
    initData,
    themeParams: parseThemeParams(params.get('tgWebAppThemeParams')),
    platform: params.get('tgWebAppPlatform'),
    version: params.get('tgWebAppVersion'),
  };
}

/** The hash without Telegram's parameters (an app's own `#section` stays). */
export function hashWithoutLaunch(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  for (const key of [...params.keys()]) if (key.startsWith('tgWebApp')) params.delete(key);
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

function remember(params: LaunchParams): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ initData: params.initData.raw, themeParams: params.themeParams, platform: params.platform, version: params.version }));
  } catch {
    // Storage blocked: a reload inside Telegram signs in through the refresh cookie instead.
  }
}

function recall(): LaunchParams | null {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!saved || typeof saved !== 'object') return null;
    const { initData, themeParams, platform, version } = saved as Record<string, unknown>;
    const parsed = parseInitData(typeof initData === 'string' ? initData : '');
    if (!parsed) return null;
    return {
      initData: parsed,
      themeParams: parseThemeParams(JSON.stringify(themeParams ?? {})),
      platform: typeof platform === 'string' ? platform : null,
      version: typeof version === 'string' ? version : null,
    };
  } catch {
    return null;
  }
}

/**
 * This page's launch parameters, or null when it was not opened as a Mini App. Takes them out of
 * the address bar: `initData` signs a person in for a day, so it must not travel on in a copied link.
 */
export function takeLaunchParams(): LaunchParams | null {
  const fresh = parseLaunchHash(location.hash);
  if (fresh) {
    remember(fresh);
    history.replaceState(history.state, '', location.pathname + location.search + hashWithoutLaunch(location.hash));
    return fresh;
  }
  return recall();
}
