import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, config, fakeServer } from '../lib/testing/fakeServer';
import { OLGA, authOf, renderRoute, startSession } from '../lib/testing/renderRoute';
import { saveGuest, getGuest } from '../lib';
import { saveOrganizerToken } from '../lib/organizerTokens';
import AuthPage from './AuthPage';
import { dismissJustSignedUp, justSignedUp } from '../components/auth/justSignedUp';

const PROVIDERS = [
  { id: 'google', name: 'Google' },
  { id: 'corp', name: 'Acme SSO' },
];
const SIGNED_OUT = apiError(401, 'unauthenticated', 'no session');

beforeEach(() => {
  startSession();
  dismissJustSignedUp();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('provider buttons', () => {
  it('link every provider from /config to its start, coming back where sign-in would', async () => {
    fakeServer({ 'GET /config': { body: config(PROVIDERS) }, 'POST /auth/refresh': SIGNED_OUT });
    renderRoute('/login', '/login?next=%2Fe%2Fk3J9', <AuthPage mode="login" />);
    const google = await screen.findByRole('link', { name: 'Sign in with Google' });
    expect(google.getAttribute('href')).toBe('/api/v1/auth/oidc/google/start?returnTo=%2Fe%2Fk3J9');
    cleanup();
    // A guest's answers come along through the provider, as they do with a password.
    saveGuest('k3J9', { participantId: 'p1', token: 'k3J9.guest' });
    saveGuest('x7', { participantId: 'p2', token: 'x7.guest' });
    saveOrganizerToken('ev9', 'ev9.organiser');
    renderRoute('/login', '/login?next=%2Fe%2Fk3J9', <AuthPage mode="login" />);
    const withTokens = await screen.findByRole('link', { name: 'Sign in with Google' });
    const sent = new URL(withTokens.getAttribute('href')!, 'http://x').searchParams;
    expect(sent.get('participantTokens')).toBe('k3J9.guest,x7.guest');
    expect(sent.get('organizerTokens')).toBe('ev9.organiser');
    expect(screen.getByRole('link', { name: 'Sign in with Acme SSO' }).getAttribute('href')).toContain('/auth/oidc/corp/start?');
    // A click forgets "signed out" so the next page load asks for the cookie the server sets.
    localStorage.setItem('prost.signedOut', '1');
    withTokens.addEventListener('click', (e) => e.preventDefault());
    fireEvent.click(withTokens);
    expect(localStorage.getItem('prost.signedOut')).toBeNull();
  });

  it('speak Russian, and are absent when the server offers none', async () => {
    fakeServer({ 'GET /config': { body: config(PROVIDERS) }, 'POST /auth/refresh': SIGNED_OUT });
    renderRoute('/register', '/register', <AuthPage mode="register" />, 'ru');
    await screen.findByRole('link', { name: 'Войти через Google' });
    cleanup();
    fakeServer({ 'GET /config': { body: config([]) }, 'POST /auth/refresh': SIGNED_OUT });
    renderRoute('/login', '/login', <AuthPage mode="login" />);
    await screen.findByTestId('auth-submit');
    await act(() => Promise.resolve());
    expect(screen.queryByTestId('auth-providers')).toBeNull();
  });
});

describe('/login?error=', () => {
  it.each([
    ['oidc_state', /took too long/],
    ['oidc_denied', /provider said no/],
    ['oidc_token', /did not check out/],
    ['oidc_email_unverified', /not confirmed the address/],
    ['oidc_unavailable', /not answering/],
    ['oidc_already_linked', /another Prost account/],
    ['something_new', /did not work out/],
  ])('%s says what happened', async (code, text) => {
    fakeServer({ 'GET /config': { body: config(PROVIDERS) }, 'POST /auth/refresh': SIGNED_OUT });
    renderRoute('/login', `/login?error=${code}`, <AuthPage mode="login" />);
    const alert = await screen.findByTestId('auth-error');
    expect(alert.textContent).toMatch(text);
    expect(alert.getAttribute('role')).toBe('alert');
  });

  it('sends someone signed in (a failed link from settings) to read it in settings', async () => {
    fakeServer({ 'GET /config': { body: config(PROVIDERS) }, 'POST /auth/refresh': { body: authOf() } });
    renderRoute('/login', '/login?error=oidc_already_linked', <AuthPage mode="login" />);
    expect((await screen.findByTestId('elsewhere')).textContent).toBe('/settings?error=oidc_already_linked');
  });

  it('has the same messages in Russian', async () => {
    fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': SIGNED_OUT });
    renderRoute('/login', '/login?error=oidc_email_unverified', <AuthPage mode="login" />, 'ru');
    expect((await screen.findByTestId('auth-error')).textContent).toMatch(/не подтвердил/);
  });
});

describe('signing up', () => {
  it('sends the guest tokens held, drops the ones that moved, and goes straight back with "check your mail" to come', async () => {
    saveGuest('ev3', { participantId: 'p9', token: 'ev3.guest' });
    const fresh = { ...OLGA, emailVerified: false };
    const server = fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': SIGNED_OUT,
      'POST /auth/register': { status: 201, body: { ...authOf(fresh), claimed: { events: [], participants: ['p9'] } } },
    });
    renderRoute('/register', '/register?next=%2Fe%2Fev3', <AuthPage mode="register" />);
    await screen.findByTestId('auth-submit');
    await act(() => Promise.resolve());
    fill('auth-name', 'Olga');
    fill('auth-email', 'olga@example.com');
    fill('auth-password', 'hoppy-lager-9');
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect((await screen.findByTestId('elsewhere')).textContent).toBe('/e/ev3');
    expect(server.to('POST /auth/register')[0]!.body).toMatchObject({ participantTokens: ['ev3.guest'] });
    expect(getGuest('ev3')).toBeNull();
    expect(justSignedUp()).toBe(true);
  });
});

describe('a busy server', () => {
  it('shows the taps are busy while it waits, and signs in on the next try', async () => {
    fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': SIGNED_OUT,
      'POST /auth/login': (_call, nth) => (nth === 1 ? apiError(503, 'unavailable', 'busy', undefined, { 'Retry-After': '3' }) : { body: authOf() }),
    });
    renderRoute('/login', '/login', <AuthPage mode="login" />);
    await screen.findByTestId('auth-submit');
    vi.useFakeTimers({ shouldAdvanceTime: true });
    fill('auth-email', 'olga@example.com');
    fill('auth-password', 'hoppy-lager-9');
    fireEvent.click(screen.getByTestId('auth-submit'));
    await waitFor(() => expect(screen.getByTestId('auth-busy').textContent).toMatch(/taps are busy, pouring again in \d s/));
    expect(screen.queryByRole('alert')).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect((await screen.findByTestId('elsewhere')).textContent).toBe('/events');
  });
});
