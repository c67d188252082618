// Accounts end to end (issue 9), against the real server with a fake SMTP server and a local
// OpenID Connect provider on 127.0.0.1: a guest signs up and keeps their answers, verifies from
// the mail, resets a forgotten password from the next mail, and people sign in through the
// provider in Chromium (and are refused where an unverified address matches an account).
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { isoDate, signInContext } from '../harness/api';
import { OIDC_NAME, OIDC_PROVIDER } from '../harness/fakeAuth';
import { prostSuite } from '../harness/suite';
import { BoardPage, LIVE_WAIT } from '../pages/board';

const suite = prostSuite('accounts', { accounts: true });
const unique = (name: string) => `${name}.${process.pid}.${Date.now()}@example.com`;

async function passwordWorks(email: string, password: string): Promise<number> {
  const response = await fetch(`${suite.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

const accountLink = (page: Page, name: string) => page.getByRole('link', { name: `Account: ${name}` });

describe('an account by email', () => {
  test('a guest signs up and keeps their answer, verifies from the mail, and resets a forgotten password', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { title: 'Guest pints', dates: [isoDate(3)] });
    const context = await suite.context();
    const board = await BoardPage.open(await context.newPage(), event.id);
    const page = board.page;
    await page.getByTestId('join-name').fill('Vera');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('you-are-in').waitFor({ timeout: LIVE_WAIT });

    // Sign up from the event: back on it at once, the guest's participant now the account's.
    const email = unique('vera');
    await page.goto(`/register?next=${encodeURIComponent(`/e/${event.id}`)}`);
    await page.getByTestId('auth-name').fill('Vera');
    await page.getByTestId('auth-email').fill(email);
    await page.getByTestId('auth-password').fill('hoppy lager at nine');
    await page.getByTestId('auth-submit').click();
    await page.waitForURL(new RegExp(`/e/${event.id}$`), { timeout: 15_000 });
    const card = page.getByTestId('check-mail');
    await card.waitFor();
    expect(await card.textContent()).toContain(email);
    await expect.poll(async () => (await suite.api.getEvent(event.id)).participants.find((p) => p.name === 'Vera')?.userId ?? null).not.toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('prost.guests'))).not.toContain(event.id);

    // The link in the mail confirms the address; the banner goes.
    const verify = await suite.auth.linkFrom(email, '/verify-email');
    expect(verify.mail.subject.length).toBeGreaterThan(0);
    await page.goto(verify.path);
    await page.locator('[data-testid="verify-state"][data-state="verified"]').waitFor({ timeout: 15_000 });
    await page.goto('/events');
    await accountLink(page, 'Vera').waitFor();
    expect(await page.getByTestId('verify-banner').count()).toBe(0);
    expect(await page.getByTestId('check-mail').count()).toBe(0);
    // The same link again is spent; signed in and confirmed, the page knows why.
    await page.goto(verify.path);
    await page.locator('[data-testid="verify-state"][data-state="used"]').waitFor({ timeout: 15_000 });

    // Forgot the password: sign out, ask for a link, set a new one from the mail, signed in.
    await page.goto('/settings');
    await page.getByTestId('settings-sign-out').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/login');
    await page.getByTestId('auth-forgot').click();
    await page.getByTestId('forgot-email').fill(email);
    await page.getByTestId('forgot-submit').click();
    expect(await page.getByTestId('forgot-sent').textContent()).toContain(`If ${email} is ours`);
    const reset = await suite.auth.linkFrom(email, '/reset-password', verify.count);
    await page.goto(reset.path);
    await page.getByTestId('reset-password').fill('dark stout at ten');
    await page.getByTestId('reset-submit').click();
    await page.waitForURL((url) => url.pathname === '/events', { timeout: 15_000 });
    await accountLink(page, 'Vera').waitFor();
    expect(await passwordWorks(email, 'hoppy lager at nine')).toBe(401);
    expect(await passwordWorks(email, 'dark stout at ten')).toBe(200);

    // Asking about an address nobody has gets the very same answer.
    await page.goto('/forgot-password');
    await page.getByTestId('forgot-email').fill(unique('nobody'));
    await page.getByTestId('forgot-submit').click();
    expect(await page.getByTestId('forgot-sent').textContent()).toMatch(/If .* is ours, a mail is on its way/);
  });
});

describe('leaving', () => {
  test('downloads everything as a .json file, then deletes the account and its events for good', async () => {
    const olga = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(olga, { title: 'Farewell pints', dates: [isoDate(2)] });
    const context = await suite.context();
    await signInContext(context, suite.base, olga);
    const page = await context.newPage();
    await page.goto('/settings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('settings-export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^prost-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = await readFile((await download.path())!, 'utf8');
    expect(exported).toContain(olga.email);
    expect(exported).toContain('Farewell pints');

    await page.getByTestId('settings-delete-open').click();
    const confirm = page.getByTestId('delete-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('delete-confirm-text').fill('delete');
    await confirm.click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await passwordWorks(olga.email, olga.password)).toBe(401);
    expect((await fetch(`${suite.base}/api/v1/events/${event.id}`)).status).toBe(404);
  });
});

describe('an account through the OpenID Connect provider', () => {
  test('signs in with one click, lands where it was going, and cannot unlink its only way in', async () => {
    const email = unique('boris');
    await suite.auth.signInNextAs({ sub: `boris-${Date.now()}`, email, emailVerified: true, name: 'Boris' });
    const context = await suite.context();
    const page = await context.newPage();
    await page.goto('/login?next=/events');
    await page.getByRole('link', { name: `Sign in with ${OIDC_NAME}` }).click();
    await page.waitForURL((url) => url.pathname === '/events', { timeout: 15_000 });
    await accountLink(page, 'Boris').click();
    await page.waitForURL((url) => url.pathname === '/settings');
    const row = page.getByTestId(`settings-provider-${OIDC_PROVIDER}`);
    await row.and(page.locator('[data-linked="true"]')).waitFor();
    // No password yet: settings offers to set one, without asking for a current one.
    await page.getByRole('heading', { name: 'Set a password' }).waitFor();
    expect(await page.getByTestId('settings-current-password').count()).toBe(0);

    await page.getByTestId(`settings-unlink-${OIDC_PROVIDER}`).click();
    await page.getByRole('dialog').getByRole('button', { name: `Unlink ${OIDC_NAME}` }).click();
    expect(await page.getByTestId('settings-providers-error').textContent()).toMatch(/only way in/);
    await row.and(page.locator('[data-linked="true"]')).waitFor();
  });

  test('a guest who signs in through the provider keeps their answers too', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { title: 'Provider pints', dates: [isoDate(4)] });
    const context = await suite.context();
    const board = await BoardPage.open(await context.newPage(), event.id);
    const page = board.page;
    await page.getByTestId('join-name').fill('Gleb');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('you-are-in').waitFor({ timeout: LIVE_WAIT });
    await suite.auth.signInNextAs({ sub: `gleb-${Date.now()}`, email: unique('gleb'), emailVerified: true, name: 'Gleb' });
    await page.goto(`/login?next=${encodeURIComponent(`/e/${event.id}`)}`);
    await page.getByTestId(`auth-provider-${OIDC_PROVIDER}`).click();
    await page.waitForURL(new RegExp(`/e/${event.id}$`), { timeout: 15_000 });
    await accountLink(page, 'Gleb').waitFor();
    await expect.poll(async () => (await suite.api.getEvent(event.id)).participants.find((p) => p.name === 'Gleb')?.userId ?? null).not.toBeNull();
    expect((await suite.api.getEvent(event.id)).participants).toHaveLength(1);
  });

  test('links to a password account from settings, then unlinks (the password keeps a way in)', async () => {
    const olga = await suite.api.register('Olga');
    await suite.auth.signInNextAs({ sub: `olga-${Date.now()}`, email: unique('olga.elsewhere'), emailVerified: true, name: 'Olga' });
    const context = await suite.context();
    await signInContext(context, suite.base, olga);
    const page = await context.newPage();
    await page.goto('/settings');
    await page.getByTestId(`settings-link-${OIDC_PROVIDER}`).click();
    await page.waitForURL((url) => url.pathname === '/settings', { timeout: 15_000 });
    expect(await page.getByTestId('toast').textContent()).toBe(`${OIDC_NAME} linked. One more way to the bar!`);
    // The address bar is tidied once the notice is shown.
    await expect.poll(() => new URL(page.url()).search).toBe('');
    const row = page.getByTestId(`settings-provider-${OIDC_PROVIDER}`);
    await row.and(page.locator('[data-linked="true"]')).waitFor();

    await page.getByTestId(`settings-unlink-${OIDC_PROVIDER}`).click();
    await page.getByRole('dialog').getByRole('button', { name: `Unlink ${OIDC_NAME}` }).click();
    await page.getByTestId(`settings-link-${OIDC_PROVIDER}`).waitFor();
    expect(await page.getByTestId('settings-providers-error').count()).toBe(0);
  });

  test('is refused, with the reason, when an account has the address and the provider has not verified it', async () => {
    const existing = await suite.api.register('Anya');
    await suite.auth.signInNextAs({ sub: `anya-${Date.now()}`, email: existing.email, emailVerified: false, name: 'Not Anya' });
    const context = await suite.context();
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId(`auth-provider-${OIDC_PROVIDER}`).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('error') === 'oidc_email_unverified', { timeout: 15_000 });
    expect(await page.getByTestId('auth-error').textContent()).toMatch(/has not confirmed the address is yours/);
    expect(await page.getByRole('link', { name: /^Account: / }).count()).toBe(0);
  });
});
