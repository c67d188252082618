// axe-core on the landing, create and event pages (issue 10) and the account pages (issue 9), in
// both languages and both themes.
// Any serious or critical violation fails the run.
import { beforeAll, describe, expect, test } from 'vitest';
import { isoDate, signInContext, type Account, type EventView } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { seriousViolations } from '../pages/axe';

const suite = prostSuite('a11y');

const LANGS = [
  { lang: 'en', locale: 'en-US' },
  { lang: 'ru', locale: 'ru-RU' },
] as const;
const THEMES = [
  { theme: 'lager', colorScheme: 'light' },
  { theme: 'stout', colorScheme: 'dark' },
] as const;

describe('accessibility', () => {
  let event: EventView;
  let organiser: Account;

  beforeAll(async () => {
    organiser = await suite.api.register('Olga');
    event = await suite.api.createGridEvent(organiser, { dates: [isoDate(3), isoDate(4)] });
    const s = [...event.slots].sort((a, b) => a.start.localeCompare(b.start));
    for (const name of ['Anya', 'Boris']) {
      const guest = await suite.api.joinAsGuest(event.id, name);
      await suite.api.answerAsGuest(event.id, guest, { [s[0]!.id]: 'yes', [s[1]!.id]: 'maybe' });
    }
  });

  for (const { lang, locale } of LANGS) {
    for (const { theme, colorScheme } of THEMES) {
      test(`landing, create and event pages: ${lang}, ${theme}`, async () => {
        // bypassCSP: the app's CSP (rightly) refuses inline scripts, and axe is injected as one.
        const context = await suite.context({ locale, colorScheme, bypassCSP: true });
        const page = await context.newPage();
        const found: Record<string, unknown> = {};
        for (const [name, path, ready] of [
          ['landing', '/', 'h1'],
          ['create', '/new', '[data-testid="create-title"]'],
          ['event', `/e/${event.id}`, '[role="gridcell"]'],
        ] as const) {
          await page.goto(path);
          await page.locator(ready).first().waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          expect(await page.evaluate(() => document.documentElement.dataset.theme ?? '')).toMatch(theme === 'stout' ? /stout/ : /^(lager|)$/);
          // On the event page, open the who's-in details too: they are part of what people use.
          // and wait for the lazily loaded map, whose credit line is one of the findings.
          if (name === 'event') {
            await page.locator('.leaflet-control-attribution').waitFor();
            await page.locator('[role="gridcell"]').first().hover();
          }
          const violations = await seriousViolations(page);
          if (violations.length) found[name] = violations;
        }
        expect(found).toEqual({});
      });
    }
  }

  for (const { lang, locale } of LANGS) {
    for (const { theme, colorScheme } of THEMES) {
      test(`account pages: ${lang}, ${theme}`, async () => {
        const found: Record<string, unknown> = {};
        const check = async (signedIn: boolean, pages: (readonly [string, string, string])[]) => {
          const context = await suite.context({ locale, colorScheme, bypassCSP: true });
          if (signedIn) await signInContext(context, suite.base, organiser);
          const page = await context.newPage();
          for (const [name, path, ready] of pages) {
            await page.goto(path);
            await page.locator(ready).first().waitFor();
            const violations = await seriousViolations(page);
            if (violations.length) found[name] = violations;
          }
        };
        await check(false, [
          ['sign-in', '/login?error=oidc_denied', '[data-testid="auth-error"]'],
          ['sign-up', '/register', '[data-testid="auth-submit"]'],
          ['forgot', '/forgot-password', '[data-testid="forgot-submit"]'],
          ['reset', '/reset-password?token=t', '[data-testid="reset-submit"]'],
          ['verify', '/verify-email?token=t', '[data-testid="verify-state"]'],
        ]);
        await check(true, [['settings', '/settings', '[data-testid="settings-delete-open"]']]);
        expect(found).toEqual({});
      });
    }
  }
});
