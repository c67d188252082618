import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LangProvider } from '../i18n';
import { eventKey } from '../lib/queries';
import { makeEvent, person, slot } from '../lib/testing/fixtures';
import type { Answers, Event } from '../lib';
import { Board } from './Board';

// Three evening slots in one column, and a second evening: a 3 × 2 grid.
const gridEvent = (answers: Answers['slots'] = {}): Event =>
  makeEvent({
    timezone: 'Asia/Kathmandu',
    grid: { dates: ['2026-12-04', '2026-12-05'], from: '18:00', to: '19:30', stepMinutes: 30 },
    slots: [
      slot('s1', '2026-12-04T12:15:00Z'),
      slot('s2', '2026-12-04T12:45:00Z'),
      slot('s3', '2026-12-04T13:15:00Z'),
      slot('s4', '2026-12-05T12:15:00Z'),
      slot('s5', '2026-12-05T12:45:00Z'),
      slot('s6', '2026-12-05T13:15:00Z'),
    ],
    participants: [person('me', 'Anya', answers, {}, 'u1'), person('b', 'Boris', { s2: 'yes', s5: 'maybe' })],
  });

let queries: QueryClient;
let requests: { url: string; method: string; body: unknown }[];

/** The board as the event page holds it: reading the cached event, which strokes update. */
function CachedBoard({ initial, meId, now }: { initial: Event; meId: string | null; now?: number }) {
  const { data: event = initial } = useQuery({ queryKey: eventKey(initial.id), queryFn: () => initial, staleTime: Infinity });
  const me = event.participants.find((p) => p.id === meId) ?? null;
  return <Board event={event} me={me} now={now} />;
}

function renderBoard(event: Event, me = event.participants[0] ?? null, now?: number) {
  queries.setQueryData(eventKey(event.id), event);
  const wrap = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queries}>
      <LangProvider initial="en">{children}</LangProvider>
    </QueryClientProvider>
  );
  return render(<CachedBoard initial={event} meId={me?.id ?? null} now={now} />, { wrapper: wrap });
}

const cell = (id: string) => document.querySelector<HTMLElement>(`[role="gridcell"][data-slot-id="${id}"]`)!;

beforeEach(() => {
  queries = new QueryClient();
  requests = [];
  // No socket in these tests, so strokes take the REST fallback: the whole sheet in a PUT.
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ url, method: init.method ?? 'GET', body });
    return new Response(JSON.stringify({ ...person('me', 'Anya', body?.slots ?? {}, {}, 'u1') }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Board painting', () => {
  it('lays the grid out with the contract attributes', () => {
    renderBoard(gridEvent());
    const grid = screen.getByRole('grid');
    expect(within(grid).getAllByRole('gridcell')).toHaveLength(6);
    expect(cell('s2').getAttribute('data-answer')).toBe('');
    expect(cell('s2').dataset).toMatchObject({ yesCount: '1', maybeCount: '0' });
    expect(cell('s5').dataset.maybeCount).toBe('1');
    // Kathmandu viewer, Kathmandu event: 18:00 local.
    expect(cell('s1').getAttribute('aria-label')).toMatch(/^Fri 4 Dec, 18:00–18:30/);
  });

  it('drags a rectangle of yes, shows it at once, and sends only the cells it changed', async () => {
    renderBoard(gridEvent({ s2: 'yes' }));
    fireEvent.pointerDown(cell('s1'), { pointerId: 1, button: 0 });
    fireEvent.pointerMove(cell('s6'), { pointerId: 1 });
    expect(cell('s4').dataset.answer).toBe('yes');
    await act(async () => {
      fireEvent.pointerUp(cell('s6'), { pointerId: 1 });
    });
    expect(['s1', 's2', 's3', 's4', 's5', 's6'].map((id) => cell(id).dataset.answer)).toEqual(Array(6).fill('yes'));
    await waitFor(() => expect(requests).toHaveLength(1));
    const put = requests[0];
    expect(put?.url).toBe('/api/v1/events/ev1/participants/me/answers');
    expect((put?.body as Answers).slots).toEqual({ s1: 'yes', s2: 'yes', s3: 'yes', s4: 'yes', s5: 'yes', s6: 'yes' });
    // The tally moved with the stroke once the cache had it.
    await waitFor(() => expect(cell('s1').dataset.yesCount).toBe('1'));
    expect(cell('s4').dataset.yesCount).toBe('1');
  });

  it('sends the stroke while it is painted, and gives back cells when the drag turns round', async () => {
    renderBoard(gridEvent());
    fireEvent.pointerDown(cell('s1'), { pointerId: 1, button: 0 });
    fireEvent.pointerMove(cell('s6'), { pointerId: 1 });
    // Still holding the pointer: friends already get the cells.
    await waitFor(() => expect(requests).toHaveLength(1));
    expect((requests[0]?.body as Answers).slots).toEqual({ s1: 'yes', s2: 'yes', s3: 'yes', s4: 'yes', s5: 'yes', s6: 'yes' });
    fireEvent.pointerMove(cell('s3'), { pointerId: 1 });
    await act(async () => {
      fireEvent.pointerUp(cell('s3'), { pointerId: 1 });
    });
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(Object.keys((requests[1]?.body as Answers).slots).sort()).toEqual(['s1', 's2', 's3']);
  });

  it('wipes when the stroke starts on a cell that already has the tool’s answer', async () => {
    renderBoard(gridEvent({ s1: 'yes', s2: 'yes', s3: 'maybe' }));
    fireEvent.pointerDown(cell('s1'), { pointerId: 1, button: 0 });
    fireEvent.pointerMove(cell('s3'), { pointerId: 1 });
    await act(async () => {
      fireEvent.pointerUp(cell('s3'), { pointerId: 1 });
    });
    expect([cell('s1'), cell('s2'), cell('s3')].map((c) => c.dataset.answer ?? '')).toEqual(['', '', '']);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect((requests[0]?.body as Answers).slots).toEqual({});
  });

  it('paints "if need be" with the keyboard: arrows move, Space pours', async () => {
    renderBoard(gridEvent());
    fireEvent.click(screen.getByTestId('paint-maybe'));
    expect(screen.getByTestId('paint-maybe').getAttribute('aria-pressed')).toBe('true');
    expect(cell('s1').tabIndex).toBe(0);
    fireEvent.keyDown(cell('s1'), { key: 'ArrowDown' });
    fireEvent.keyDown(cell('s1'), { key: 'ArrowRight' });
    expect(cell('s5').tabIndex).toBe(0);
    await act(async () => {
      fireEvent.keyDown(cell('s5'), { key: ' ' });
    });
    expect(cell('s5').dataset.answer).toBe('maybe');
    expect(cell('s1').dataset.answer ?? '').toBe('');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect((requests[0]?.body as Answers).slots).toEqual({ s5: 'maybe' });
  });

  it('marks a range with Shift+arrows and sends it when Shift is let go', async () => {
    renderBoard(gridEvent());
    // s1 → s2 → s3 down the first day, then across to the second: the rectangle s1..s6.
    fireEvent.keyDown(cell('s1'), { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(cell('s2'), { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(cell('s3'), { key: 'ArrowRight', shiftKey: true });
    expect(requests).toHaveLength(0);
    await act(async () => {
      fireEvent.keyUp(cell('s6'), { key: 'Shift' });
    });
    for (const id of ['s1', 's2', 's3', 's4', 's5', 's6']) expect(cell(id).dataset.answer).toBe('yes');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(Object.keys((requests[0]?.body as Answers).slots).sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
  });

  it('is read-only with a reason before joining, and still shows who said what', () => {
    renderBoard(gridEvent(), null);
    expect(screen.queryByTestId('paint-yes')).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/Join to add your answers/);
    // Nothing of their own to show yet: the heatmap, without a "My answers" switch.
    expect(screen.queryByRole('button', { name: 'My answers' })).toBeNull();
    expect(screen.getByRole('grid').className).toMatch(/board-grid--everyone/);
    fireEvent.pointerDown(cell('s2'), { pointerId: 1, button: 0 });
    fireEvent.pointerUp(cell('s2'), { pointerId: 1 });
    expect(requests).toHaveLength(0);
    expect(screen.getByTestId('slot-details').textContent).toMatch(/Yes \(1\)Boris/);
  });

  it('locks after the deadline', () => {
    const event = gridEvent();
    renderBoard({ ...event, settings: { ...event.settings, deadline: '2026-12-01T00:00:00Z' } }, event.participants[0], Date.parse('2026-12-02T00:00:00Z'));
    expect(screen.getByRole('status').dataset.reason).toBe('pastDeadline');
    expect(screen.getByRole('grid').getAttribute('aria-readonly')).toBe('true');
  });

  it('highlights a person’s answers when their name is pressed', () => {
    renderBoard(gridEvent());
    const boris = screen.getAllByTestId('person').find((b) => b.textContent === 'Boris')!;
    fireEvent.click(boris);
    expect(boris.getAttribute('aria-pressed')).toBe('true');
    expect(cell('s2').dataset.highlight).toBe('yes');
    expect(cell('s5').dataset.highlight).toBe('maybe');
    expect(cell('s1').dataset.highlight).toBeUndefined();
  });
});

describe('Board marks and empty states', () => {
  const finalised = (participants: Event['participants']): Event => {
    const event = { ...gridEvent(), participants };
    return makeEvent({ ...event, status: 'finalized', final: { slotId: 's5', placeId: null, start: '2026-12-05T12:45:00Z', end: '2026-12-05T13:15:00Z' } });
  };

  it('marks the leading slots while open, and nothing when every slot ties at zero', () => {
    renderBoard(gridEvent({ s2: 'yes' }));
    // Anya and Boris both said yes to s2: it leads alone.
    expect(cell('s2').dataset.best).toBe('true');
    expect(cell('s2').getAttribute('aria-label')).toMatch(/best so far$/);
    expect(['s1', 's3', 's4', 's5', 's6'].filter((id) => cell(id).dataset.best)).toEqual([]);
    expect(screen.getByRole('group', { name: 'Foam level' }).textContent).toMatch(/all 2 in.*best so far/);
    cleanup();

    renderBoard(makeEvent({ ...gridEvent(), participants: [] }), null);
    expect(document.querySelectorAll('[data-best]')).toHaveLength(0);
  });

  it('marks the chosen slot of a finalised plan, not the leaders', () => {
    renderBoard(finalised(gridEvent({ s2: 'yes' }).participants), null);
    expect(cell('s5').dataset.final).toBe('true');
    expect(cell('s5').getAttribute('aria-label')).toMatch(/the plan$/);
    expect(document.querySelectorAll('[data-final]')).toHaveLength(1);
    expect(document.querySelectorAll('[data-best]')).toHaveLength(0);
  });

  it('says once that nobody answered, without inviting answers to a locked plan or a scale of zero', () => {
    renderBoard(finalised([]), null);
    const board = screen.getByRole('region', { name: 'How everyone answered' });
    expect(board.textContent).not.toMatch(/Be the first!/);
    expect(board.textContent).not.toMatch(/all 0 in/);
    expect(screen.getAllByText(/Nobody answered before the plan was locked/)).toHaveLength(1);
    // The key still explains the mark on the grid.
    expect(screen.getByRole('group', { name: 'Foam level' }).textContent).toBe('the plan');
    cleanup();

    renderBoard(makeEvent({ ...gridEvent(), participants: [] }), null);
    expect(screen.getAllByText(/Be the first!/)).toHaveLength(1);
    expect(screen.queryByRole('group', { name: 'Foam level' })).toBeNull();
  });
});

describe('Board option list', () => {
  it('votes per option and takes a vote back when pressed again', async () => {
    const event = makeEvent({ participants: [person('me', 'Anya', {}, {}, 'u1')] });
    renderBoard(event);
    expect(screen.queryByRole('grid')).toBeNull();
    const yes = screen.getAllByRole('button', { name: /^Yes for / })[0]!;
    fireEvent.click(yes);
    await waitFor(() => expect(yes.getAttribute('aria-pressed')).toBe('true'));
    await waitFor(() => expect((requests.at(-1)?.body as Answers | undefined)?.slots).toEqual({ s1: 'yes' }));
    fireEvent.click(yes);
    await waitFor(() => expect(yes.getAttribute('aria-pressed')).toBe('false'));
    await waitFor(() => expect((requests.at(-1)?.body as Answers).slots).toEqual({}));
  });
});
