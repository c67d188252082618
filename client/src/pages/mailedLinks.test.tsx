// The pages a mail's link opens: verify an address, forget and reset a password.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSession } from '../lib/sessionStore';
import { apiError, config, fakeServer } from '../lib/testing/fakeServer';
import { OLGA, authOf, renderRoute, startSession } from '../lib/testing/renderRoute';
import ForgotPasswordPage from './ForgotPasswordPage';
import ResetPasswordPage from './ResetPasswordPage';
import VerifyEmailPage from './VerifyEmailPage';

const SIGNED_OUT = apiError(401, 'unauthenticated', 'no session');
const state = async () => (await screen.findByTestId('verify-state')).dataset.state;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('/verify-email', () => {
  it('verifies once on load and updates the signed-in user', async () => {
    startSession();
    const server = fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': { body: authOf({ ...OLGA, emailVerified: false }) },
      'POST /auth/verify-email': { body: { user: { ...OLGA, emailVerified: true } } },
    });
    renderRoute('/verify-email', '/verify-email?token=tok-1', <VerifyEmailPage />);
    expect(await state()).toBe('verified');
    expect(server.to('POST /auth/verify-email').map((c) => c.body)).toEqual([{ token: 'tok-1' }]);
    await waitFor(() => expect(getSession().user?.emailVerified).toBe(true));
    expect(screen.getByRole('link', { name: 'To my events' })).toBeTruthy();
  });

  // The server's one answer for a used, an expired and an unknown token.
  const SPENT = apiError(400, 'invalid_argument', 'this link is used up or out of date', { token: 'used, expired or unknown' });

  it('says all a spent link may mean to someone signed out, and sends them to sign in', async () => {
    startSession();
    fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': SIGNED_OUT, 'POST /auth/verify-email': SPENT });
    renderRoute('/verify-email', '/verify-email?token=old', <VerifyEmailPage />);
    expect(await state()).toBe('spent');
    expect(screen.getByTestId('verify-state').textContent).toMatch(/used up or out of date/);
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy();
  });

  it('calls a spent link "already confirmed" when the signed-in address is', async () => {
    startSession();
    fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': { body: authOf(OLGA) }, 'POST /auth/verify-email': SPENT });
    renderRoute('/verify-email', '/verify-email?token=old', <VerifyEmailPage />);
    expect(await state()).toBe('used');
    expect(screen.getByTestId('verify-state').textContent).toMatch(/Already confirmed/);
  });

  it('offers to retry when the server could not be reached, without calling the link spent', async () => {
    startSession();
    let tries = 0;
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.endsWith('/auth/refresh')) return new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'no' } }), { status: 401 });
      if (url.endsWith('/auth/verify-email')) {
        tries += 1;
        if (tries === 1) throw new TypeError('Failed to fetch');
        return new Response(JSON.stringify({ user: OLGA }), { status: 200 });
      }
      return new Response(JSON.stringify(config()), { status: 200 });
    });
    renderRoute('/verify-email', '/verify-email?token=t', <VerifyEmailPage />);
    expect(await state()).toBe('error');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(async () => expect(await state()).toBe('verified'));
  });

  it('offers a new link to someone signed in whose link expired, and asks nothing without a token', async () => {
    startSession();
    const server = fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': { body: authOf({ ...OLGA, emailVerified: false }) },
      'POST /auth/verify-email': apiError(400, 'invalid_argument', 'used up', { token: 'used, expired or unknown' }),
      'POST /auth/verify-email/resend': { status: 202 },
    });
    renderRoute('/verify-email', '/verify-email?token=old', <VerifyEmailPage />, 'ru');
    expect(await state()).toBe('expired');
    fireEvent.click(screen.getByTestId('verify-resend'));
    await screen.findByText(/Отправили снова/);
    cleanup();
    renderRoute('/verify-email', '/verify-email', <VerifyEmailPage />);
    expect(await state()).toBe('missing');
    expect(server.to('POST /auth/verify-email')).toHaveLength(1);
  });
});

describe('/forgot-password', () => {
  it('gives the same answer whatever the server knows', async () => {
    startSession();
    const server = fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': SIGNED_OUT, 'POST /auth/password/forgot': { status: 202 } });
    renderRoute('/forgot-password', '/forgot-password', <ForgotPasswordPage />);
    fireEvent.click(screen.getByTestId('forgot-submit'));
    expect(await screen.findByText('Please fill this in.')).toBeTruthy();
    fireEvent.change(screen.getByTestId('forgot-email'), { target: { value: ' nobody@example.com ' } });
    fireEvent.click(screen.getByTestId('forgot-submit'));
    expect((await screen.findByTestId('forgot-sent')).textContent).toMatch(/If nobody@example.com is ours, a mail is on its way/);
    expect(server.to('POST /auth/password/forgot')[0]!.body).toEqual({ email: 'nobody@example.com' });
  });

  it('shows a rate limit as one, with its wait', async () => {
    startSession();
    fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': SIGNED_OUT,
      'POST /auth/password/forgot': apiError(429, 'rate_limited', 'slow down', undefined, { 'Retry-After': '30' }),
    });
    renderRoute('/forgot-password', '/forgot-password', <ForgotPasswordPage />);
    fireEvent.change(screen.getByTestId('forgot-email'), { target: { value: 'olga@example.com' } });
    fireEvent.click(screen.getByTestId('forgot-submit'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/30 s/);
    expect(screen.queryByTestId('forgot-sent')).toBeNull();
  });
});

describe('/reset-password', () => {
  function fillAndSend(password: string) {
    fireEvent.change(screen.getByTestId('reset-password'), { target: { value: password } });
    fireEvent.click(screen.getByTestId('reset-submit'));
  }

  it('shows the server’s word on the password, then signs in with the next one', async () => {
    startSession();
    const server = fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': SIGNED_OUT,
      'POST /auth/password/reset': (call) =>
        (call.body as { password: string }).password === 'password'
          ? apiError(400, 'invalid_argument', 'bad password', { password: 'is one of the most common passwords' })
          : { body: authOf() },
    });
    renderRoute('/reset-password', '/reset-password?token=r-1', <ResetPasswordPage />);
    fillAndSend('short');
    expect(await screen.findByText('At least 8 characters, please.')).toBeTruthy();
    expect(server.to('POST /auth/password/reset')).toHaveLength(0);
    fillAndSend('password');
    expect(await screen.findByText(/Half the bar uses that one/)).toBeTruthy();
    expect(screen.getByTestId('reset-password').getAttribute('aria-invalid')).toBe('true');
    fillAndSend('dark-stout-at-nine');
    expect((await screen.findByTestId('elsewhere')).textContent).toBe('/events');
    expect(server.to('POST /auth/password/reset')[1]!.body).toEqual({ token: 'r-1', password: 'dark-stout-at-nine' });
    expect(getSession()).toMatchObject({ status: 'signedIn', token: 'token' });
  });

  it('sends a spent or missing link back to ask for a new one', async () => {
    startSession();
    fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': SIGNED_OUT,
      'POST /auth/password/reset': apiError(400, 'invalid_argument', 'used up', { token: 'used, expired or unknown' }),
    });
    renderRoute('/reset-password', '/reset-password?token=spent', <ResetPasswordPage />);
    fillAndSend('dark-stout-at-nine');
    const bad = await screen.findByTestId('reset-bad-link');
    expect(bad.querySelector('a')?.getAttribute('href')).toBe('/forgot-password');
    cleanup();
    renderRoute('/reset-password', '/reset-password', <ResetPasswordPage />, 'ru');
    expect((await screen.findByTestId('reset-bad-link')).textContent).toMatch(/истекла или уже использована/);
  });
});
