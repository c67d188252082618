// Talking to the Telegram app around a Mini App without Telegram's script: methods go out through
// whichever channel this client exposes (a webview proxy on phones and desktop, `postMessage` to
// the parent frame on Telegram Web), events come back through `Telegram.WebView.receiveEvent` or
// a message from that frame. Only the few calls Prost needs are used.

const TELEGRAM_WEB = 'https://web.telegram.org';

interface TelegramWindow {
  TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
  external?: { notify?: (data: string) => void };
  Telegram?: { WebView?: { receiveEvent?: (type: string, data: unknown) => void } };
}

const host = () => window as unknown as TelegramWindow;

/** Calls a Mini App method (`web_app_ready`, `web_app_set_header_color`, ...). Never throws. */
export function postEvent(type: string, data: Record<string, unknown> = {}): void {
  try {
    const w = host();
    if (w.TelegramWebviewProxy?.postEvent) {
      w.TelegramWebviewProxy.postEvent(type, JSON.stringify(data));
    } else if (typeof w.external?.notify === 'function') {
      w.external.notify(JSON.stringify({ eventType: type, eventData: data }));
    } else if (window.parent !== window) {
      window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), TELEGRAM_WEB);
    }
  } catch {
    // Outside Telegram, or an older client: the page works without the nicety.
  }
}

/** Listens for Telegram's events; returns the function that stops listening. */
export function onTelegramEvent(listener: (type: string, data: unknown) => void): () => void {
  const w = host();
  // Telegram's own script, if some other code loaded it, owns receiveEvent: leave it in place.
  const previous = w.Telegram?.WebView?.receiveEvent;
  if (!previous) {
    w.Telegram = { ...w.Telegram, WebView: { ...w.Telegram?.WebView, receiveEvent: listener } };
  }
  const onMessage = (message: MessageEvent) => {
    if (message.origin !== TELEGRAM_WEB || typeof message.data !== 'string') return;
    try {
      const parsed = JSON.parse(message.data) as { eventType?: unknown; eventData?: unknown };
      if (typeof parsed.eventType === 'string') listener(parsed.eventType, parsed.eventData);
    } catch {
      // Some other frame's chatter.
    }
  };
  window.addEventListener('message', onMessage);
  return () => {
    window.removeEventListener('message', onMessage);
    if (!previous && w.Telegram?.WebView?.receiveEvent === listener) delete w.Telegram.WebView.receiveEvent;
  };
}
