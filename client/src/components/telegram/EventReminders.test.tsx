import { focusManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LangProvider } from '../../i18n';
import { saveGuest, forgetGuest } from '../../lib';
import { person } from '../../lib/testing/fixtures';
import { ToastProvider } from '../ui/Toast';
import { EventReminders } from './EventReminders';

// A tiny fake of the server's Telegram routes, counting what the page asks.
interface Fake {
  linked: boolean;
  expiresInMs: number;
  calls: string[];
}

function serve(fake: Fake) {
  return vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    fake.calls.push(`${method} ${url}`);
    const json = (status: number, body?: unknown) =>
      new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (!url.includes('/events/ev1/participants/g1/telegram')) return json(404, { error: { code: 'not_found', message: url } });
    if (headers['X-Participant-Token'] !== 'secret') return json(403, { error: { code: 'permission_denied', message: 'not yours' } });
    if (method === 'POST') {
      return json(201, {
        code: 'c0dE_123',
        url: 'https://t.me/ProstTestBot?start=c0dE_123',
        expiresAt: new Date(Date.now() + fake.expiresInMs).toISOString(),
      });
    }
    if (method === 'DELETE') {
      fake.linked = false;
      return json(204);
    }
    return json(200, fake.linked ? { linked: true, firstName: 'Anya', username: 'anya_pints' } : { linked: false });
  });
}

function renderGuest() {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queries}>
      <LangProvider initial="en">
        <ToastProvider>
          <MemoryRouter>
            <EventReminders eventId="ev1" me={person('g1', 'Anya')} userId={null} botUsername="ProstTestBot" />
          </MemoryRouter>
        </ToastProvider>
      </LangProvider>
    </QueryClientProvider>,
  );
}

const state = () => screen.getByTestId('telegram-status').dataset.state;
const statusGets = (fake: Fake) => fake.calls.filter((c) => c.startsWith('GET')).length;

beforeEach(() => saveGuest('ev1', { participantId: 'g1', token: 'secret' }));
afterEach(() => {
  cleanup();
  forgetGuest('ev1');
  vi.unstubAllGlobals();
  focusManager.setFocused(undefined);
});

describe('EventReminders for a guest', () => {
  it('links through the deep link, polls while waiting, and shows who it is linked to', async () => {
    const fake: Fake = { linked: false, expiresInMs: 15 * 60_000, calls: [] };
    vi.stubGlobal('fetch', serve(fake));
    renderGuest();
    await waitFor(() => expect(state()).toBe('idle'));
    expect(statusGets(fake)).toBe(1);

    fireEvent.click(screen.getByTestId('telegram-link'));
    await waitFor(() => expect(state()).toBe('waiting'));
    const open = screen.getByTestId('telegram-open');
    expect(open.getAttribute('href')).toBe('https://t.me/ProstTestBot?start=c0dE_123');
    expect(document.activeElement).toBe(open);
    expect(screen.getByText(/Send \/start c0dE_123 to @ProstTestBot/)).toBeTruthy();

    // The person presses Start; the next poll sees it.
    fake.linked = true;
    await waitFor(() => expect(state()).toBe('linked'), { timeout: 4_000 });
    expect(screen.getAllByText(/Anya \(@anya_pints\)/).length).toBeGreaterThan(0);
    const pollsWhenLinked = statusGets(fake);
    expect(pollsWhenLinked).toBeGreaterThanOrEqual(2);

    // Linked: no more polling.
    await act(() => new Promise((r) => setTimeout(r, 2_300)));
    expect(statusGets(fake)).toBe(pollsWhenLinked);
  });

  it('stops polling when the link goes flat and offers a fresh one', async () => {
    const fake: Fake = { linked: false, expiresInMs: 400, calls: [] };
    vi.stubGlobal('fetch', serve(fake));
    renderGuest();
    await waitFor(() => expect(state()).toBe('idle'));
    fireEvent.click(screen.getByTestId('telegram-link'));
    await waitFor(() => expect(state()).toBe('expired'), { timeout: 2_000 });
    expect(screen.getByTestId('telegram-link').textContent).toMatch(/New link/);
    const gets = statusGets(fake);
    await act(() => new Promise((r) => setTimeout(r, 2_300)));
    expect(statusGets(fake)).toBe(gets);
  });

  it('does not poll while the page is hidden', async () => {
    const fake: Fake = { linked: false, expiresInMs: 15 * 60_000, calls: [] };
    vi.stubGlobal('fetch', serve(fake));
    renderGuest();
    await waitFor(() => expect(state()).toBe('idle'));
    fireEvent.click(screen.getByTestId('telegram-link'));
    await waitFor(() => expect(state()).toBe('waiting'));
    act(() => focusManager.setFocused(false));
    const gets = statusGets(fake);
    await act(() => new Promise((r) => setTimeout(r, 2_300)));
    expect(statusGets(fake)).toBe(gets);
  });

  it('says so when the server has Telegram switched off', async () => {
    const fake: Fake = { linked: false, expiresInMs: 1, calls: [] };
    const inner = serve(fake);
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) =>
      init?.method === 'POST'
        ? Promise.resolve(new Response(JSON.stringify({ error: { code: 'unavailable', message: 'off' } }), { status: 503 }))
        : inner(url, init),
    );
    renderGuest();
    await waitFor(() => expect(state()).toBe('idle'));
    fireEvent.click(screen.getByTestId('telegram-link'));
    expect(await screen.findByText(/off duty/)).toBeTruthy();
    expect(state()).toBe('idle');
  });

  it('stops reminders on request', async () => {
    const fake: Fake = { linked: true, expiresInMs: 1, calls: [] };
    vi.stubGlobal('fetch', serve(fake));
    renderGuest();
    await waitFor(() => expect(state()).toBe('linked'));
    fireEvent.click(screen.getByTestId('telegram-unlink'));
    // The "are you sure?" dialog's own button.
    fireEvent.click(document.querySelector<HTMLButtonElement>('dialog .btn-danger')!);
    await waitFor(() => expect(state()).toBe('idle'));
    expect(fake.calls).toContain('DELETE /api/v1/events/ev1/participants/g1/telegram');
  });
});

describe('EventReminders for someone not in the round', () => {
  it('asks a guest to join first', () => {
    render(
      <QueryClientProvider client={new QueryClient()}>
        <LangProvider initial="ru">
          <MemoryRouter>
            <EventReminders eventId="ev1" me={null} userId={null} botUsername="ProstTestBot" />
          </MemoryRouter>
        </LangProvider>
      </QueryClientProvider>,
    );
    expect(screen.getByText(/Сначала присоединитесь/)).toBeTruthy();
  });
});
