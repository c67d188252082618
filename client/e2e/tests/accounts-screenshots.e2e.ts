// Screenshots of the account pages (issue 9) in both themes, on a desktop and a phone, English and
// Russian, against the real server with the fake mail and OIDC provider (e2e/artifacts/screenshots/,
// not committed). As a test it checks what a glance would: each page renders its state without
// errors, nothing is wider than the screen (long addresses wrap), and stout is darker than lager.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { signInContext, type Account } from '../harness/api';
import { DESKTOP, PHONE } from '../harness/browser';
import { OIDC_PROVIDER } from '../harness/fakeAuth';
import { ARTIFACTS } from '../harness/paths';
import { prostSuite } from '../harness/suite';
import { luminance } from '../pages/colour';

const suite = prostSuite('accounts-screenshots', { accounts: true });
const DIR = join(ARTIFACTS, 'screenshots');
let olga: Account;
let signUps = 0;

interface Shot {
  name: string;
  path: string;
  signedIn: boolean;
  ready: (page: Page) => Promise<unknown>;
  act?: (page: Page) => Promise<unknown>;
  viewportOnly?: boolean;
}

const SHOTS: Shot[] = [
  { name: 'sign-in-providers', path: '/login', signedIn: false, ready: (p) => p.getByTestId(`auth-provider-${OIDC_PROVIDER}`).waitFor() },
  { name: 'sign-in-error', path: '/login?error=oidc_email_unverified', signedIn: false, ready: (p) => p.getByTestId('auth-error').waitFor() },
  {
    name: 'check-mail',
    path: '/register',
    signedIn: false,
    ready: (p) => p.getByTestId('auth-submit').waitFor(),
    act: async (p) => {
      signUps += 1;
      await p.getByTestId('auth-name').fill('Vera');
      await p.getByTestId('auth-email').fill(`vera.with.a.rather.long.address.${signUps}.${Date.now()}@example.com`);
      await p.getByTestId('auth-password').fill('hoppy lager at nine');
      await p.getByTestId('auth-submit').click();
      await p.getByTestId('check-mail').waitFor({ timeout: 15_000 });
    },
  },
  { name: 'unverified-banner', path: '/events', signedIn: true, viewportOnly: true, ready: (p) => p.getByTestId('verify-banner').waitFor() },
  { name: 'verify-spent', path: '/verify-email?token=not-a-real-token', signedIn: false, ready: (p) => p.locator('[data-testid="verify-state"]:not([data-state="error"])').waitFor() },
  { name: 'forgot-password', path: '/forgot-password', signedIn: false, ready: (p) => p.getByTestId('forgot-submit').waitFor() },
  {
    name: 'forgot-sent',
    path: '/forgot-password',
    signedIn: false,
    ready: (p) => p.getByTestId('forgot-submit').waitFor(),
    act: async (p) => {
      await p.getByTestId('forgot-email').fill(olga.email);
      await p.getByTestId('forgot-submit').click();
      await p.getByTestId('forgot-sent').waitFor();
    },
  },
  { name: 'reset-password', path: '/reset-password?token=from-the-mail', signedIn: false, ready: (p) => p.getByTestId('reset-submit').waitFor() },
  { name: 'settings', path: '/settings', signedIn: true, ready: (p) => p.getByTestId(`settings-link-${OIDC_PROVIDER}`).waitFor() },
  {
    name: 'delete-account',
    path: '/settings',
    signedIn: true,
    viewportOnly: true,
    ready: (p) => p.getByTestId('settings-delete-open').waitFor(),
    act: async (p) => {
      await p.getByTestId('settings-delete-open').click();
      await p.getByTestId('delete-confirm-text').fill('DEL');
    },
  },
];

const DEVICES: [string, BrowserContextOptions][] = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  olga = await suite.api.register('Olga');
});

describe.each(DEVICES)('on a %s', (device, deviceOptions) => {
  test.each(SHOTS)('$name, light and dark, en and ru', async (shot) => {
    for (const lang of ['en', 'ru'] as const) {
      const backgrounds: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await suite.context({ ...deviceOptions, colorScheme, reducedMotion: 'reduce' });
        await context.addInitScript((l) => localStorage.setItem('prost.lang', l), lang);
        if (shot.signedIn) await signInContext(context, suite.base, olga);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(shot.path);
        await shot.ready(page);
        await shot.act?.(page);
        await page.evaluate(() => document.fonts.ready);
        const suffix = lang === 'en' ? '' : '-ru';
        await page.screenshot({ path: join(DIR, `account-${shot.name}-${device}-${colorScheme}${suffix}.png`), fullPage: !shot.viewportOnly });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${shot.name} is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
        backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
        expect(errors).toEqual([]);
        await context.close();
      }
      const [light, dark] = backgrounds.map(luminance);
      expect(dark).toBeLessThan(light!);
    }
  });
});
