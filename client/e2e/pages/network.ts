// Cuts a page off from the server and back: REST through `page.route`, the live socket through
// `page.routeWebSocket` (every socket is proxied to the real server while the line is up; cutting
// closes the open ones and refuses new ones). Restoring fires `online`, as a phone coming back
// does, so the client reconnects at once instead of after its backoff.
import type { Page, Route, WebSocketRoute } from 'playwright-core';

export class NetworkCut {
  private apiCut = false;
  private socketCut = false;
  private readonly sockets = new Set<WebSocketRoute>();

  private constructor(readonly page: Page) {}

  /** Installs the routes; call before the page loads. */
  static async install(page: Page): Promise<NetworkCut> {
    const cut = new NetworkCut(page);
    await page.route(/\/api\/v1\//, (route: Route) => (cut.apiCut ? route.abort('internetdisconnected') : route.fallback()));
    await page.routeWebSocket(/\/live$/, (ws) => {
      if (cut.socketCut) {
        void ws.close({ code: 1006, reason: 'cut' }).catch(() => undefined);
        return;
      }
      cut.sockets.add(ws);
      ws.connectToServer();
      ws.onClose(() => cut.sockets.delete(ws));
    });
    return cut;
  }

  /** Both the API and the socket down. */
  async down(what: { api?: boolean; socket?: boolean } = { api: true, socket: true }): Promise<void> {
    this.apiCut = what.api ?? false;
    this.socketCut = what.socket ?? false;
    if (this.socketCut) {
      for (const ws of [...this.sockets]) await ws.close({ code: 1006, reason: 'cut' }).catch(() => undefined);
      this.sockets.clear();
    }
  }

  async up(): Promise<void> {
    this.apiCut = false;
    this.socketCut = false;
    await this.page.evaluate(() => window.dispatchEvent(new Event('online')));
  }
}

/** What every cell shows, by slot id: my answer and everyone's counts. */
export function boardCells(page: Page): Promise<Record<string, { answer: string; yes: string; maybe: string }>> {
  return page.locator('[role="gridcell"][data-slot-id]').evaluateAll((cells) =>
    Object.fromEntries(
      cells.map((c) => [
        c.getAttribute('data-slot-id') ?? '',
        { answer: c.getAttribute('data-answer') ?? '', yes: c.getAttribute('data-yes-count') ?? '', maybe: c.getAttribute('data-maybe-count') ?? '' },
      ]),
    ),
  );
}
