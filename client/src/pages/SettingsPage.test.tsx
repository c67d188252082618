import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSession } from '../lib/sessionStore';
import { apiError, config, fakeServer, type FakeRoute } from '../lib/testing/fakeServer';
import { OLGA, authOf, renderRoute, startSession } from '../lib/testing/renderRoute';
import type { User } from '../lib';
import { profilePatch } from '../components/settings/ProfileSection';
import { confirmsDeletion } from '../components/settings/DataSection';
import SettingsPage from './SettingsPage';

const PROVIDERS = [
  { id: 'google', name: 'Google' },
  { id: 'yandex', name: 'Yandex' },
];

function serve(user: User, routes: Record<string, FakeRoute> = {}) {
  return fakeServer({
    'GET /config': { body: config(PROVIDERS) },
    'POST /auth/refresh': { body: authOf(user) },
    'GET /me': { body: user },
    ...routes,
  });
}

const open = (at = '/settings', lang: 'en' | 'ru' = 'en') => renderRoute('/settings', at, <SettingsPage />, lang);

beforeEach(() => startSession());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('name and email', () => {
  it('sends only what changed; a new email asks to check the mail', async () => {
    const server = serve(OLGA, {
      'PATCH /me': (call) => ({ body: { ...OLGA, ...(call.body as object), emailVerified: false } }),
      'POST /auth/verify-email/resend': { status: 202 },
    });
    open();
    const email = await screen.findByTestId('settings-email');
    await waitFor(() => expect((email as HTMLInputElement).value).toBe('olga@example.com'));
    fireEvent.change(email, { target: { value: 'olga@pub.example' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    const check = await screen.findByTestId('check-mail');
    expect(check.textContent).toContain('olga@pub.example');
    expect(server.to('PATCH /me')[0]!.body).toEqual({ email: 'olga@pub.example' });
    expect(getSession().user).toMatchObject({ email: 'olga@pub.example', emailVerified: false });
  });

  it('says so when the address is taken', async () => {
    serve(OLGA, { 'PATCH /me': apiError(409, 'conflict', 'taken') });
    open();
    const email = await screen.findByTestId('settings-email');
    fireEvent.change(email, { target: { value: 'anya@example.com' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText(/Another account already drinks from this address/)).toBeTruthy();
  });

  it('profilePatch leaves out unchanged and blank fields, and a change of case only', () => {
    expect(profilePatch(OLGA, { name: ' Olga ', email: 'OLGA@example.com' })).toEqual({});
    expect(profilePatch(OLGA, { name: 'Olya', email: '' })).toEqual({ name: 'Olya' });
  });
});

describe('password', () => {
  it('asks for the current one, and names it when it is wrong', async () => {
    const server = serve(OLGA, { 'POST /auth/password/change': apiError(401, 'unauthenticated', 'wrong') });
    open();
    fireEvent.change(await screen.findByTestId('settings-current-password'), { target: { value: 'not-it-at-all' } });
    fireEvent.change(screen.getByTestId('settings-new-password'), { target: { value: 'dark-stout-at-nine' } });
    fireEvent.click(screen.getByTestId('settings-password-submit'));
    expect(await screen.findByText('That is not your current password.')).toBeTruthy();
    expect(server.to('POST /auth/password/change')[0]!.body).toEqual({ currentPassword: 'not-it-at-all', newPassword: 'dark-stout-at-nine' });
  });

  it('lets a provider-only account set its first password without a current one', async () => {
    const social = { ...OLGA, hasPassword: false, identities: [{ provider: 'google' }] };
    const server = serve(social, { 'POST /auth/password/change': { status: 204 } });
    open('/settings', 'ru');
    expect(await screen.findByRole('heading', { name: 'Задать пароль' })).toBeTruthy();
    expect(screen.queryByTestId('settings-current-password')).toBeNull();
    fireEvent.change(screen.getByTestId('settings-new-password'), { target: { value: 'dark-stout-at-nine' } });
    fireEvent.click(screen.getByTestId('settings-password-submit'));
    await screen.findByText(/Пароль задан/);
    expect(server.to('POST /auth/password/change')[0]!.body).toEqual({ newPassword: 'dark-stout-at-nine' });
  });

  it('shows the server’s complaint about a common password on the field', async () => {
    serve(OLGA, {
      'POST /auth/password/change': apiError(400, 'invalid_argument', 'bad', { newPassword: 'is one of the most common passwords' }),
    });
    open();
    fireEvent.change(await screen.findByTestId('settings-current-password'), { target: { value: 'old-one-here' } });
    fireEvent.change(screen.getByTestId('settings-new-password'), { target: { value: 'password1' } });
    fireEvent.click(screen.getByTestId('settings-password-submit'));
    expect(await screen.findByText(/Half the bar uses that one/)).toBeTruthy();
  });
});

describe('providers', () => {
  it('links what is not linked (back to settings), and keeps one way in when unlinking', async () => {
    const social = { ...OLGA, hasPassword: false, identities: [{ provider: 'google' }] };
    const server = serve(social, { 'DELETE /me/identities/google': apiError(409, 'conflict', 'last way in') });
    open();
    const yandex = await screen.findByTestId('settings-link-yandex');
    expect(yandex.getAttribute('href')).toBe('/api/v1/auth/oidc/yandex/start?returnTo=%2Fsettings&link=1');
    expect(screen.getByTestId('settings-provider-google').dataset.linked).toBe('true');

    fireEvent.click(screen.getByTestId('settings-unlink-google'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unlink Google' }));
    expect((await screen.findByTestId('settings-providers-error')).textContent).toMatch(/only way in/);
    expect(server.to('DELETE /me/identities/google')).toHaveLength(1);
  });

  it('shows why a link failed when the server sent it back with an error', async () => {
    serve(OLGA);
    open('/settings?error=oidc_already_linked');
    expect((await screen.findByTestId('auth-error')).textContent).toMatch(/already linked to another Prost account/);
  });

  it('unlinks and shows the fresh list; a return from linking says so', async () => {
    let user: User = { ...OLGA, identities: [{ provider: 'google' }] };
    serve(user, {
      'GET /me': () => ({ body: user }),
      'DELETE /me/identities/google': () => {
        user = { ...user, identities: [] };
        return { status: 204 };
      },
    });
    open('/settings?linked=google');
    expect((await screen.findByTestId('toast')).textContent).toBe('Google linked. One more way to the bar!');
    fireEvent.click(await screen.findByTestId('settings-unlink-google'));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Unlink Google' }));
    await waitFor(() => expect(screen.getByTestId('settings-provider-google').dataset.linked).toBeUndefined());
    expect(screen.getByTestId('settings-link-google')).toBeTruthy();
  });
});

describe('leaving', () => {
  it('downloads the export as a .json file', async () => {
    serve(OLGA, { 'GET /me/export': { body: { user: OLGA, events: [] } } });
    const created: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (created.push(b), 'blob:x'), revokeObjectURL: () => undefined }));
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    open();
    fireEvent.click(await screen.findByTestId('settings-export-button'));
    await screen.findByText('Downloaded.');
    expect(clicked[0]).toMatch(/^prost-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(await created[0]!.text())).toEqual({ user: OLGA, events: [] });
    click.mockRestore();
  });

  it('deletes only after the word is typed, explaining what goes, then signs out', async () => {
    const server = serve(OLGA, { 'DELETE /me': { status: 204 } });
    open();
    fireEvent.click(await screen.findByTestId('settings-delete-open'));
    const dialog = await screen.findByTestId('delete-dialog');
    expect(dialog.textContent).toMatch(/every event you organise/);
    expect(dialog.textContent).toMatch(/your answers in other people’s events/);
    const confirm = within(dialog).getByTestId('delete-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId('delete-confirm-text'), { target: { value: 'delet' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId('delete-confirm-text'), { target: { value: 'delete ' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect((await screen.findByTestId('elsewhere')).textContent).toBe('/');
    expect(server.to('DELETE /me')).toHaveLength(1);
    expect(getSession().status).toBe('signedOut');
  });

  it('takes the Russian word in Russian', () => {
    expect(confirmsDeletion(' удалить ', 'УДАЛИТЬ')).toBe(true);
    expect(confirmsDeletion('DELETE', 'УДАЛИТЬ')).toBe(false);
  });
});
