// Prost opened as a Telegram Mini App: sign in as the Telegram user, wear Telegram's colours, and
// tell Telegram the page is ready. Runs once, before the first render, and does nothing in an
// ordinary browser tab (no launch parameters in the hash).
import { followHostTheme } from './styles/theme';
import { restoreSessionWith } from './lib/sessionStore';
import { signInWithInitData } from './lib/telegram/api';
import { onTelegramEvent, postEvent } from './lib/telegram/bridge';
import { parseThemeParams, takeLaunchParams, type LaunchParams, type ThemeParams } from './lib/telegram/launchParams';
import { mapThemeParams, themeCss } from './lib/telegram/themeParams';

const STYLE_ID = 'telegram-theme';

/** Puts Telegram's palette on the page and matches Telegram's header and frame to it. */
export function applyTelegramTheme(params: ThemeParams): void {
  const mapped = mapThemeParams(params);
  if (!mapped) return;
  let style = document.getElementById(STYLE_ID) as HTMLStyleElement | null;
  if (!style) {
    style = document.createElement('style');
    style.id = STYLE_ID;
    document.head.append(style);
  }
  style.textContent = themeCss(mapped);
  followHostTheme(mapped.theme);
  postEvent('web_app_set_header_color', { color_key: mapped.headerColorKey });
  postEvent('web_app_set_background_color', { color: mapped.background });
}

/** A start parameter that names an event (`t.me/<bot>/<app>?startapp=<eventId>`) opens it. */
const EVENT_ID = /^[A-Za-z0-9_-]{4,64}$/;

function openStartEvent(startParam: string | null): void {
  if (startParam && EVENT_ID.test(startParam) && location.pathname === '/') {
    history.replaceState(history.state, '', `/e/${startParam}`);
  }
}

/** Starts the Mini App side of the page; returns its launch parameters, or null outside Telegram. */
export function startMiniApp(): LaunchParams | null {
  const launch = takeLaunchParams();
  if (!launch) return null;
  document.documentElement.dataset.telegram = launch.platform ?? 'unknown';
  applyTelegramTheme(launch.themeParams);
  restoreSessionWith(() => signInWithInitData(launch.initData.raw));
  openStartEvent(launch.initData.startParam);
  onTelegramEvent((type, data) => {
    if (type === 'theme_changed' && data && typeof data === 'object') {
      const params = (data as { theme_params?: unknown }).theme_params;
      applyTelegramTheme(parseThemeParams(JSON.stringify(params ?? {})));
    }
  });
  postEvent('web_app_ready');
  postEvent('web_app_expand');
  return launch;
}
