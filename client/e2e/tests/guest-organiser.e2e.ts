// A first-time organiser, no account (issue 10): from the landing page to a shared link, the lock
// dialog stretching the plan over a whole evening, the calendar file carrying all of it, and a
// sign-up later that takes the event into the new account.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { LIVE_WAIT } from '../pages/board';
import { setField } from '../pages/forms';

const suite = prostSuite('guest-organiser');

describe('organising without an account', () => {
  test('landing → create → share → lock an evening → sign up and keep it', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Start a round' }).first().click();
    // Straight to the form, not to "Welcome back to the bar".
    await page.waitForURL(/\/new$/);
    await page.getByTestId('create-title').fill('Guest pints');
    await page.getByTestId('create-organizer-name').fill('Olga');
    const date = isoDate(3);
    const day = page.locator(`[data-date="${date}"]`);
    if ((await day.count()) === 0) await page.getByRole('button', { name: /next month/i }).click();
    await day.click();
    await setField(page.getByTestId('create-from'), '18:00');
    await setField(page.getByTestId('create-to'), '21:00');
    await page.getByTestId('create-submit').click();
    await page.waitForURL(/\/e\/[A-Za-z0-9_-]+$/, { timeout: 15_000 });
    const id = new URL(page.url()).pathname.split('/').pop()!;

    // The browser keeps the key, and the organiser's tools are there without an account.
    const token = await page.evaluate((eventId) => (JSON.parse(localStorage.getItem('prost.organizers') ?? '{}') as Record<string, string>)[eventId], id);
    expect(token, 'the organiser token is kept').toBeTruthy();
    await page.getByTestId('share-copy').waitFor();
    await page.getByTestId('finalize-open').waitFor({ timeout: LIVE_WAIT });

    // Two friends answer from the shared link; the best plan is their common evening.
    const event = await suite.api.getEvent(id);
    const s = [...event.slots].sort((a, b) => a.start.localeCompare(b.start)).map((slot) => slot.id);
    for (const [name, cells] of [
      ['Anya', [0, 1, 2, 3]],
      ['Boris', [1, 2, 3, 4]],
    ] as const) {
      const guest = await suite.api.joinAsGuest(id, name);
      await suite.api.answerAsGuest(id, guest, Object.fromEntries(cells.map((i) => [s[i]!, 'yes'])));
    }
    const top = page.getByTestId('best-plan-row').first();
    await expect.poll(() => top.getAttribute('data-slot-ids'), { timeout: LIVE_WAIT }).toBe([s[1], s[2], s[3]].join(' '));
    expect(await top.getByTestId('best-plan-crew').textContent()).toBe('2 yes');

    // Lock it, stretched by one more half-hour at the start.
    await page.getByTestId('finalize-open').click();
    await setField(page.getByTestId('finalize-from'), '0');
    await page.getByTestId('finalize-confirm').click();
    await page.getByTestId('final-plan').waitFor({ timeout: LIVE_WAIT });
    const locked = await suite.api.getEvent(id);
    expect(locked.final?.slotIds).toEqual([s[0], s[1], s[2], s[3]]);
    expect(locked.final?.start).toBe(event.slots.find((x) => x.id === s[0])!.start);
    expect(locked.final?.end).toBe(event.slots.find((x) => x.id === s[3])!.end);
    const ics = await (await fetch(`${suite.base}/api/v1/events/${id}/calendar.ics`)).text();
    const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
    expect(ics).toContain(`DTSTART:${stamp(locked.final!.start)}`);
    expect(ics).toContain(`DTEND:${stamp(locked.final!.end)}`);

    // Sign up later: the event moves into the account, and sign-up lands back where we were.
    await page.goto(`/register?next=${encodeURIComponent(`/e/${id}`)}`);
    await page.getByTestId('auth-name').fill('Olga');
    await page.getByTestId('auth-email').fill(`olga.guest.${Date.now()}@example.com`);
    await page.getByTestId('auth-password').fill('correct horse battery');
    await page.getByTestId('auth-submit').click();
    await page.waitForURL(new RegExp(`/e/${id}$`), { timeout: 15_000 });
    await page.goto('/events');
    await page.getByText('Guest pints').first().waitFor({ timeout: LIVE_WAIT });
    expect((await suite.api.getEvent(id)).organizer.isGuest ?? false).toBe(false);
  });

  test('a draft survives a detour to sign in', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await page.goto('/new');
    await page.getByTestId('create-title').fill('Half-typed plans');
    await page.getByTestId('create-description').fill('Bring snacks');
    await page.goto('/login?next=/new');
    await page.goto('/new');
    expect(await page.getByTestId('create-title').inputValue()).toBe('Half-typed plans');
    expect(await page.getByTestId('create-description').inputValue()).toBe('Bring snacks');
  });

  test('refuses an empty title and a past deadline, naming them and focusing the first', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await page.goto('/new');
    await page.getByTestId('create-title').fill('');
    await page.locator(`[data-date="${isoDate(2)}"]`).click().catch(async () => {
      await page.getByRole('button', { name: /next month/i }).click();
      await page.locator(`[data-date="${isoDate(2)}"]`).click();
    });
    await page.getByTestId('create-deadline').fill('2020-01-01');
    await page.getByTestId('create-submit').press('Enter');
    const banner = page.locator('.create .alert[role="alert"]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/title.*voting deadline/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('create-title');
    expect(await page.getByTestId('create-title').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/new$/);
  });
});
