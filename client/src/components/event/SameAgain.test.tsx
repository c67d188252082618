import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeServer } from '../../lib/testing/fakeServer';
import { makeEvent } from '../../lib/testing/fixtures';
import { authOf, renderRoute, startSession } from '../../lib/testing/renderRoute';
import { csvFileName } from '../../lib/discovery';
import SameAgain from './SameAgain';

const EVENT = makeEvent({ status: 'finalized' });

beforeEach(() => startSession());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('same again next week', () => {
  it('copies the event a week on and opens the copy', async () => {
    const server = fakeServer({
      'POST /auth/refresh': { body: authOf() },
      'POST /events/ev1/copy': { status: 201, body: makeEvent({ id: 'next1' }) },
    });
    renderRoute('/e/ev1', '/e/ev1', <SameAgain event={EVENT} />);
    fireEvent.click(await screen.findByTestId('same-again'));
    await waitFor(() => expect(screen.getByTestId('elsewhere').textContent).toBe('/e/next1'));
    expect(server.to('POST /events/ev1/copy')[0]!.body).toEqual({ shiftDays: 7 });
  });

  it('shows why a copy failed and stays', async () => {
    fakeServer({
      'POST /auth/refresh': { body: authOf() },
      'POST /events/ev1/copy': apiError(400, 'invalid_argument', 'a week on, every slot would still be in the past'),
    });
    renderRoute('/e/ev1', '/e/ev1', <SameAgain event={EVENT} />);
    fireEvent.click(await screen.findByTestId('same-again'));
    expect((await screen.findByTestId('same-again-error')).textContent).toBe('a week on, every slot would still be in the past');
    expect(screen.queryByTestId('elsewhere')).toBeNull();
  });

  it('asks a signed-out visitor to sign in first, back to this event', async () => {
    fakeServer({ 'POST /auth/refresh': apiError(401, 'unauthenticated') });
    renderRoute('/e/ev1', '/e/ev1', <SameAgain event={EVENT} />);
    const link = await screen.findByTestId('same-again-sign-in');
    expect(decodeURIComponent(link.getAttribute('href') ?? '')).toContain('/e/ev1');
  });
});

describe('the answers spreadsheet’s file name', () => {
  it('keeps letters of any script and the id', () => {
    expect(csvFileName({ id: 'k3J9', title: 'Пятница: пиво & квиз!' })).toBe('Пятница-пиво-квиз-k3J9.csv');
    expect(csvFileName({ id: 'k3J9', title: '🍺🍺' })).toBe('prost-k3J9.csv');
  });
});
