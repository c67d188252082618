// The sign-up and create-event forms, through the README selectors.
import type { Locator, Page } from 'playwright-core';
import type { Account } from '../harness/api';

/** Sets a field whatever it is built from: a select picks the option, anything else is typed into. */
export async function setField(field: Locator, value: string): Promise<void> {
  const tag = await field.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') await field.selectOption(value);
  else await field.fill(value);
}

/** Registers through `/register`; resolves once the app has moved on from the form. */
export async function registerThroughUi(page: Page, account: Pick<Account, 'name' | 'email' | 'password'>): Promise<void> {
  await page.goto('/register');
  await page.getByTestId('auth-name').fill(account.name);
  await page.getByTestId('auth-email').fill(account.email);
  await page.getByTestId('auth-password').fill(account.password);
  await page.getByTestId('auth-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/register'), { timeout: 15_000 });
}

export interface GridForm {
  title: string;
  description?: string;
  /** `YYYY-MM-DD` days to tick on the calendar. */
  dates: string[];
  from: string;
  to: string;
  stepMinutes: number;
  timezone?: string;
  place?: { name: string; url: string };
}

/** Ticks a calendar day, turning to the next month first when the day is not shown yet. */
async function pickDay(page: Page, date: string): Promise<void> {
  const day = page.locator(`[data-date="${date}"]`);
  for (let turns = 0; turns < 2 && (await day.count()) === 0; turns += 1) {
    await page.getByRole('button', { name: /next month|следующий месяц/i }).click();
  }
  await day.click();
}

/** Fills `/new` as a grid event and submits it; returns the new event's id from the URL. */
export async function createGridThroughUi(page: Page, form: GridForm): Promise<string> {
  await page.goto('/new');
  await page.getByTestId('create-title').fill(form.title);
  if (form.description) await page.getByTestId('create-description').fill(form.description);
  await page.getByTestId('create-mode-grid').click();
  for (const date of form.dates) await pickDay(page, date);
  await setField(page.getByTestId('create-from'), form.from);
  await setField(page.getByTestId('create-to'), form.to);
  await setField(page.getByTestId('create-step'), String(form.stepMinutes));
  if (form.timezone) await setField(page.getByTestId('create-timezone'), form.timezone);
  if (form.place) {
    await page.getByTestId('create-place-name').fill(form.place.name);
    await page.getByTestId('create-place-url').fill(form.place.url);
    await page.getByTestId('create-place-add').click();
  }
  await page.getByTestId('create-submit').click();
  await page.waitForURL(/\/e\/[A-Za-z0-9_-]+$/, { timeout: 15_000 });
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no event id in ${page.url()}`);
  return id;
}
