import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LangProvider } from '../../i18n';
import { SessionProvider, type Friend } from '../../lib';
import { fakeServer } from '../../lib/testing/fakeServer';
import { makeEvent, person } from '../../lib/testing/fixtures';
import { authOf, startSession } from '../../lib/testing/renderRoute';
import { ToastProvider } from '../ui/Toast';
import { InviteBody } from './InviteDialog';
import { matchesName } from './matchName';

const FRIENDS: Friend[] = [
  { id: 'u-anya', name: 'Anya Petrova', telegramLinked: true, eventsTogether: 3, lastEventAt: '2026-11-20T18:00:00Z' },
  { id: 'u-boris', name: 'Boris', telegramLinked: false, eventsTogether: 1, lastEventAt: '2026-10-01T18:00:00Z' },
  { id: 'u-yozh', name: 'Ёжик', telegramLinked: false, eventsTogether: 2, lastEventAt: '2026-09-01T18:00:00Z' },
];

// Boris already took part in this event with his account.
const EVENT = makeEvent({ participants: [person('p-boris', 'Boris', {}, {}, 'u-boris')] });

function renderDialog() {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <LangProvider initial="en">
        <SessionProvider>
          <ToastProvider>
            <InviteBody event={EVENT} />
          </ToastProvider>
        </SessionProvider>
      </LangProvider>
    </QueryClientProvider>,
  );
}

const row = (userId: string) => document.querySelector<HTMLElement>(`[data-testid="invite-friend"][data-user-id="${userId}"]`);
const box = (userId: string) => row(userId)!.querySelector('input') as HTMLInputElement;

beforeEach(() => startSession());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the invitation dialog', () => {
  it('lists friends with who is on Telegram, finds them by name ignoring ё, and sends the picked ones', async () => {
    const server = fakeServer({
      'POST /auth/refresh': { body: authOf() },
      'GET /me/friends': { body: { items: FRIENDS } },
      'POST /events/ev1/invitations': { status: 202, body: { invited: ['u-anya'], unreachable: ['u-yozh'] } },
    });
    renderDialog();
    await screen.findByTestId('invite-list');
    expect(within(row('u-anya')!).getByText('On Telegram')).toBeTruthy();
    expect(within(row('u-yozh')!).queryByText('On Telegram')).toBeNull();
    // Already in: shown, but not offered again.
    expect(box('u-boris').disabled).toBe(true);
    expect(row('u-boris')!.textContent).toContain('already in');

    fireEvent.change(screen.getByTestId('invite-search'), { target: { value: 'ежи' } });
    expect(row('u-yozh')).not.toBeNull();
    expect(row('u-anya')).toBeNull();
    fireEvent.click(box('u-yozh'));
    fireEvent.change(screen.getByTestId('invite-search'), { target: { value: 'pet' } });
    fireEvent.click(box('u-anya'));
    fireEvent.change(screen.getByTestId('invite-search'), { target: { value: '' } });
    // Filtering does not forget who was picked.
    expect([box('u-anya').checked, box('u-yozh').checked]).toEqual([true, true]);
    expect(screen.getByTestId('invite-send').textContent).toBe('Invite 2 friends');

    fireEvent.click(screen.getByTestId('invite-send'));
    const result = await screen.findByTestId('invite-result');
    expect(new Set((server.to('POST /events/ev1/invitations')[0]!.body as { userIds: string[] }).userIds)).toEqual(new Set(['u-anya', 'u-yozh']));
    expect(within(result).getByTestId('invite-invited').textContent).toBe('Invited: Anya Petrova.');
    expect(within(result).getByTestId('invite-unreachable').textContent).toMatch(/^Could not reach Ёжик: no Telegram and no confirmed email/);
    await waitFor(() => expect(box('u-anya').checked).toBe(false));
  });

  it('asks for someone to be picked before sending, and offers the share link to everyone else', async () => {
    const server = fakeServer({
      'POST /auth/refresh': { body: authOf() },
      'GET /me/friends': { body: { items: FRIENDS } },
    });
    renderDialog();
    fireEvent.click(await screen.findByTestId('invite-send'));
    expect(screen.getByRole('alert').textContent).toBe('Pick at least one friend.');
    expect(server.to('POST /events/ev1/invitations')).toHaveLength(0);
    expect(screen.getByTestId('share-copy')).toBeTruthy();
    expect(screen.getByTestId('share-telegram').getAttribute('href')).toMatch(/^https:\/\/t\.me\/share\/url\?url=.*%2Fe%2Fev1&text=/);
  });

  it('says there is nobody to invite yet when the list is empty', async () => {
    fakeServer({ 'POST /auth/refresh': { body: authOf() }, 'GET /me/friends': { body: { items: [] } } });
    renderDialog();
    expect((await screen.findByTestId('invite-no-friends')).textContent).toMatch(/Send the link instead/);
    expect(screen.queryByTestId('invite-send')).toBeNull();
  });
});

describe('matching a friend’s name', () => {
  it('matches word prefixes, ignoring case and ё', () => {
    expect(matchesName('Анна Ёлкина', 'ёл')).toBe(true);
    expect(matchesName('Анна Ёлкина', 'ЕЛК ан')).toBe(true);
    expect(matchesName('Анна Ёлкина', 'нна')).toBe(false);
    expect(matchesName('Boris', '  ')).toBe(true);
  });
});
