import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, config, fakeServer } from '../../lib/testing/fakeServer';
import { OLGA, authOf, renderRoute, startSession } from '../../lib/testing/renderRoute';
import { dismissJustSignedUp, justSignedUp, markJustSignedUp } from './justSignedUp';
import { UnverifiedGate } from './UnverifiedGate';

const UNVERIFIED = { ...OLGA, emailVerified: false };

beforeEach(() => {
  startSession();
  dismissJustSignedUp();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the unconfirmed-email banner', () => {
  it('opens as "check your mail" just after sign-up, counts down a 429 on resend, and folds when dismissed', async () => {
    markJustSignedUp();
    fakeServer({
      'GET /config': { body: config() },
      'POST /auth/refresh': { body: authOf(UNVERIFIED) },
      'POST /auth/verify-email/resend': (_call, nth) =>
        nth === 1 ? { status: 202 } : apiError(429, 'rate_limited', 'slow', undefined, { 'Retry-After': '42' }),
    });
    renderRoute('*', '/e/ev3', <UnverifiedGate />);
    const card = await screen.findByTestId('check-mail');
    expect(card.textContent).toContain('We sent a link to olga@example.com');
    fireEvent.click(screen.getByTestId('verify-resend'));
    await screen.findByText(/Sent again/);
    fireEvent.click(screen.getByTestId('verify-resend'));
    await screen.findByText(/ask again in 42 s/);
    expect((screen.getByTestId('verify-resend') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('check-mail-dismiss'));
    expect(screen.queryByTestId('check-mail')).toBeNull();
    expect((await screen.findByTestId('verify-banner')).textContent).toMatch(/Please confirm olga@example.com/);
    expect(justSignedUp()).toBe(false);
  });

  it('stays away from confirmed accounts and the verify page, and speaks Russian', async () => {
    fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': { body: authOf(OLGA) } });
    renderRoute('*', '/events', <UnverifiedGate />);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('verify-banner')).toBeNull();
    cleanup();
    startSession();
    fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': { body: authOf(UNVERIFIED) } });
    renderRoute('*', '/verify-email?token=x', <UnverifiedGate />, 'ru');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('verify-banner')).toBeNull();
    cleanup();
    startSession();
    fakeServer({ 'GET /config': { body: config() }, 'POST /auth/refresh': { body: authOf(UNVERIFIED) } });
    renderRoute('*', '/events', <UnverifiedGate />, 'ru');
    expect((await screen.findByTestId('verify-banner')).textContent).toMatch(/Подтвердите olga@example.com/);
  });
});
