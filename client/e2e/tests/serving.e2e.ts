// The binary serves the built client well enough for a browser: the app boots on the landing
// page and on deep links, under the server's Content Security Policy, without errors.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';

const suite = prostSuite('serving');

describe('the served client', () => {
  test.each(['/', '/e/NoSuchEvent1', '/login'])('boots on %s without errors or CSP refusals', async (path) => {
    const context = await suite.context();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-cache');
    // React rendered something into #root.
    await page.locator('#root > *').first().waitFor();
    // The browser logs expected refusals too: the session restore without a cookie (401) and a
    // missing event (404). Anything else is a problem.
    expect(problems.filter((p) => !/Failed to load resource.*\b(401|404)\b/.test(p))).toEqual([]);
  });

  test('a wrong event link shows the 404 page and never opens the live socket', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto('/e/NoSuchEvent1');
    await page.locator('main h1').first().waitFor();
    // Long enough for a reconnecting socket to have tried a few times.
    await page.waitForTimeout(1500);
    expect(sockets).toEqual([]);
  });

  test('scripts come compressed and cached for a year', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    const scripts: { encoding?: string; cache?: string }[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') {
        scripts.push({ encoding: r.headers()['content-encoding'], cache: r.headers()['cache-control'] });
      }
    });
    await page.goto('/');
    await page.locator('#root > *').first().waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      expect(s.encoding).toBe('br');
      expect(s.cache).toBe('public, max-age=31536000, immutable');
    }
  });
});

describe('the Content Security Policy', () => {
  test('lets the event page run, map included, without a single violation', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { dates: [isoDate(2)] });
    expect(event.places.some((p) => p.lat !== undefined)).toBe(true);
    const context = await suite.context();
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    await page.goto(`/e/${event.id}`);
    await page.getByRole('grid').waitFor();
    // Leaflet's own container class: the lazily loaded map chunk ran and drew its panes.
    await page.locator('.leaflet-container .leaflet-pane').first().waitFor({ state: 'attached' });
    await page.getByTestId('connection').and(page.locator('[data-state="open"]')).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
});
