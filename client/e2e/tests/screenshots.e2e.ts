// Screenshots of the main pages in both themes, on a desktop and a phone, for people to look at
// (e2e/artifacts/screenshots/, not committed). As a test it checks what a glance would: every
// page renders without errors, and the dark theme really is darker than the light one.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { isoDate, signInContext, type Account } from '../harness/api';
import { DESKTOP, PHONE } from '../harness/browser';
import { ARTIFACTS } from '../harness/paths';
import { prostSuite } from '../harness/suite';
import { luminance } from '../pages/colour';

const suite = prostSuite('screenshots');
const DIR = join(ARTIFACTS, 'screenshots');

interface Shot {
  name: string;
  path: () => string;
  signedIn: boolean;
  /** What must be on screen before the picture is taken. */
  ready: (page: Page) => Promise<unknown>;
  /** Something to do first (open a dialog, tap a cell), once the page is ready. */
  act?: (page: Page) => Promise<unknown>;
  /** Only the viewport, for what sits fixed on screen (a dialog, a bottom sheet). */
  viewportOnly?: boolean;
  /** Only this part of the page, to look at it closely. */
  part?: (page: Page) => Locator;
}

let organiser: Account;
let boardId = '';
let finalId = '';

const SHOTS: Shot[] = [
  { name: 'landing', path: () => '/', signedIn: false, ready: (p) => p.locator('main h1').first().waitFor() },
  { name: 'sign-in', path: () => '/login', signedIn: false, ready: (p) => p.getByTestId('auth-submit').waitFor() },
  { name: 'my-events', path: () => '/events', signedIn: true, ready: (p) => p.getByText('Friday pints').first().waitFor() },
  { name: 'create', path: () => '/new', signedIn: true, ready: (p) => p.getByTestId('create-submit').waitFor() },
  { name: 'create-guest', path: () => '/new', signedIn: false, ready: (p) => p.getByTestId('create-submit').waitFor() },
  {
    name: 'create-errors',
    path: () => '/new',
    signedIn: false,
    ready: (p) => p.getByTestId('create-submit').waitFor(),
    act: async (p) => {
      await p.getByTestId('create-submit').click();
      await p.locator('.create .alert').waitFor();
    },
  },
  { name: 'event-organiser', path: () => `/e/${boardId}`, signedIn: true, ready: (p) => boardReady(p, p.getByTestId('best-plan')) },
  {
    name: 'best-plan',
    path: () => `/e/${boardId}`,
    signedIn: true,
    ready: (p) => boardReady(p, p.getByTestId('best-plan-row').first()),
    part: (p) => p.getByTestId('best-plan'),
  },
  {
    name: 'lock-dialog',
    path: () => `/e/${boardId}`,
    signedIn: true,
    viewportOnly: true,
    ready: (p) => boardReady(p, p.getByTestId('finalize-open')),
    act: async (p) => {
      await p.getByTestId('finalize-open').click();
      await p.getByTestId('finalize-confirm').waitFor();
    },
  },
  {
    name: 'who-is-in',
    path: () => `/e/${boardId}`,
    signedIn: false,
    viewportOnly: true,
    ready: (p) => boardReady(p, p.getByRole('grid')),
    act: async (p) => {
      const cell = p.locator('[role="gridcell"][data-yes-count="2"]').first();
      await cell.scrollIntoViewIfNeeded();
      await cell.click();
      await p.getByTestId('slot-details').locator('h3').waitFor();
    },
  },
  { name: 'event-board', path: () => `/e/${boardId}`, signedIn: false, ready: (p) => boardReady(p, p.getByRole('grid')) },
  { name: 'finalised', path: () => `/e/${finalId}`, signedIn: false, ready: (p) => boardReady(p, p.getByTestId('final-plan')) },
  { name: 'not-found', path: () => '/no/such/page', signedIn: false, ready: (p) => p.locator('main h1').first().waitFor() },
];

/** An event page is done when its main part and its lazily loaded map (Leaflet's panes) are. */
async function boardReady(page: Page, main: Locator): Promise<void> {
  await main.waitFor();
  await page.locator('.leaflet-container .leaflet-pane').first().waitFor({ state: 'attached' });
}

const DEVICES: [string, BrowserContextOptions][] = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  organiser = await suite.api.register('Olga');
  // A board with answers on it, so the heatmap has something to show.
  const board = await suite.api.createGridEvent(organiser, { title: 'Friday pints', dates: [isoDate(3), isoDate(4), isoDate(5)] });
  boardId = board.id;
  const slots = [...board.slots].sort((a, b) => a.start.localeCompare(b.start));
  for (const [i, name] of ['Anya', 'Boris', 'Vera'].entries()) {
    const guest = await suite.api.joinAsGuest(board.id, name);
    const answers = Object.fromEntries(slots.slice(i * 2, i * 2 + 6).map((slot, j) => [slot.id, j % 4 === 3 ? 'maybe' : 'yes']));
    // Place votes too, so the best plan has whole plans to rank.
    const places = Object.fromEntries(board.places.map((place, j) => [place.id, (i + j) % 3 === 2 ? 'no' : j === 0 ? 'yes' : 'maybe']));
    await suite.api.answerAsGuest(board.id, guest, answers, places);
  }
  const finalised = await suite.api.createGridEvent(organiser, { title: 'Saturday stouts', dates: [isoDate(6)] });
  finalId = finalised.id;
  await suite.api.finalize(organiser, finalised.id, finalised.slots[1]!.id, finalised.places[0]!.id);
});

describe.each(DEVICES)('on a %s', (device, deviceOptions) => {
  test.each(SHOTS)('$name, light and dark', async (shot) => {
    const backgrounds: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await suite.context({ ...deviceOptions, colorScheme, reducedMotion: 'reduce' });
      if (shot.signedIn) await signInContext(context, suite.base, organiser);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(shot.path());
      await shot.ready(page);
      await shot.act?.(page);
      await page.evaluate(() => document.fonts.ready);
      const path = join(DIR, `${shot.name}-${device}-${colorScheme}.png`);
      if (shot.part) await shot.part(page).screenshot({ path });
      else await page.screenshot({ path, fullPage: !shot.viewportOnly });
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      expect(errors).toEqual([]);
      await context.close();
    }
    const [light, dark] = backgrounds.map(luminance);
    expect(dark, `dark background ${backgrounds[1]} vs light ${backgrounds[0]}`).toBeLessThan(light!);
  });
});
