import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Board } from '../../board/Board';
import { LangProvider } from '../../i18n';
import { SessionProvider, type Event } from '../../lib';
import { apiError, fakeServer } from '../../lib/testing/fakeServer';
import { makeEvent, person, slot } from '../../lib/testing/fixtures';
import { authOf, startSession } from '../../lib/testing/renderRoute';
import { ToastProvider } from '../ui/Toast';
import { ImportSources } from './AvailabilityImport';
import { ProposalBar } from './ProposalBar';
import type { Proposal } from './proposal';

// Friday 4 December 2026, 19:00–20:30 in Berlin, in half hours; I have said "maybe" to 20:00.
const EVENT: Event = makeEvent({
  timezone: 'Europe/Berlin',
  grid: { dates: ['2026-12-04'], from: '19:00', to: '20:30', stepMinutes: 30 },
  slots: [slot('s19', '2026-12-04T18:00:00Z'), slot('s1930', '2026-12-04T18:30:00Z'), slot('s20', '2026-12-04T19:00:00Z')],
  participants: [person('me', 'Anya', { s20: 'maybe' }, {}, null)],
});
const ME = EVENT.participants[0]!;

/** Busy 19:00–19:45 in Berlin, the zone named but not defined in the file. */
const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Prost tests//EN',
  'BEGIN:VEVENT',
  'UID:dentist@prost.test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART;TZID=Europe/Berlin:20261204T190000',
  'DTEND;TZID=Europe/Berlin:20261204T194500',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

/** The import and the board together, as the event page wires them. */
function Page() {
  const [proposal, setProposal] = useState<Proposal | null>(null);
  return (
    <>
      {proposal ? <ProposalBar event={EVENT} me={ME} proposal={proposal} onDone={() => setProposal(null)} /> : <ImportSources event={EVENT} me={ME} onPropose={setProposal} />}
      <Board event={EVENT} me={ME} proposal={proposal?.slots ?? null} />
    </>
  );
}

function renderPage() {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <LangProvider initial="en">
        <SessionProvider>
          <ToastProvider>
            <Page />
          </ToastProvider>
        </SessionProvider>
      </LangProvider>
    </QueryClientProvider>,
  );
}

const cell = (id: string) => document.querySelector<HTMLElement>(`[role="gridcell"][data-slot-id="${id}"]`)!;
const pick = (text: string, name = 'calendar.ics') =>
  fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File([text], name, { type: 'text/calendar' })] } });

beforeEach(() => startSession());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('filling the grid from a calendar file', () => {
  it('previews "no" over busy time and "yes" elsewhere, then sends it with the answers call', async () => {
    const server = fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'PUT /events/ev1/participants/me/answers': (call) => ({ body: { ...ME, answers: call.body } }),
    });
    renderPage();
    pick(CALENDAR);
    const summary = await screen.findByTestId('proposal-summary');
    expect(summary.textContent).toBe('From your calendar: 2 times busy (“no”), 1 time free (“yes”).');
    // On the grid, marked as a proposal; nothing has been sent yet.
    expect(['s19', 's1930', 's20'].map((id) => [cell(id).dataset.answer, cell(id).dataset.proposed])).toEqual([
      ['no', 'true'],
      ['no', 'true'],
      ['yes', 'true'],
    ]);
    expect(server.to('PUT /events/ev1/participants/me/answers')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('proposal-send'));
    await waitFor(() => expect(server.to('PUT /events/ev1/participants/me/answers')).toHaveLength(1));
    expect(server.to('PUT /events/ev1/participants/me/answers')[0]!.body).toEqual({ slots: { s19: 'no', s1930: 'no', s20: 'yes' }, places: {} });
    await waitFor(() => expect(cell('s19').dataset.proposed).toBeUndefined());
  });

  it('keeps the answers already given when asked to', async () => {
    fakeServer({ 'POST /auth/refresh': apiError(401, 'unauthenticated') });
    renderPage();
    fireEvent.click(screen.getByTestId('import-keep'));
    pick(CALENDAR);
    await screen.findByTestId('proposal-summary');
    expect([cell('s19').dataset.proposed, cell('s20').dataset.proposed, cell('s20').dataset.answer]).toEqual(['true', undefined, 'maybe']);
  });

  it('explains a malformed file and paints nothing', async () => {
    const server = fakeServer({ 'POST /auth/refresh': apiError(401, 'unauthenticated') });
    renderPage();
    pick('BEGIN:VCALENDAR\r\nthis is not a calendar line\r\nEND:VCALENDAR', 'notes.ics');
    const problem = await screen.findByTestId('import-problem');
    expect(problem.textContent).toMatch(/not a calendar we can read/);
    expect(screen.queryByTestId('proposal-bar')).toBeNull();
    expect(document.querySelectorAll('[data-proposed]')).toHaveLength(0);
    expect([cell('s19').dataset.answer, cell('s20').dataset.answer]).toEqual(['', 'maybe']);
    expect(server.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('explains a feed the browser may not read (CORS) and points to the file instead', async () => {
    fakeServer({ 'POST /auth/refresh': apiError(401, 'unauthenticated') });
    // A cross-origin refusal reaches fetch as a bare TypeError.
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    renderPage();
    fireEvent.click(screen.getByTestId('import-source-feed'));
    fireEvent.change(screen.getByTestId('import-feed'), { target: { value: 'webcal://calendar.example.com/me.ics' } });
    fireEvent.click(screen.getByTestId('import-feed-fetch'));
    const problem = await screen.findByTestId('import-problem');
    expect(problem.textContent).toMatch(/CORS/);
    expect(problem.textContent).toMatch(/Calendar file/);
  });
});

describe('copying my answers from another event', () => {
  it('maps last week’s answers by weekday and time, says how, and previews them', async () => {
    // Last Friday, same evening hours in Berlin; I (Olga, signed in) answered two of them.
    const lastWeek = makeEvent({
      id: 'last',
      title: 'Last Friday',
      slots: [slot('l19', '2026-11-27T18:00:00Z'), slot('l1930', '2026-11-27T18:30:00Z'), slot('l20', '2026-11-27T19:00:00Z')],
      participants: [person('p-olga', 'Olga', { l19: 'yes', l1930: 'no' }, {}, 'u1')],
    });
    fakeServer({
      'POST /auth/refresh': { body: authOf() },
      'GET /events': { body: { items: [{ ...lastWeek, slotCount: 3, placeCount: 2 }, { ...EVENT, slotCount: 3, placeCount: 2 }], nextCursor: null } },
      'GET /events/last': { body: lastWeek },
    });
    renderPage();
    fireEvent.click(screen.getByTestId('import-source-event'));
    const select = (await screen.findByTestId('import-event')) as HTMLSelectElement;
    // This event itself is not offered as a source.
    expect([...select.options].map((o) => o.value)).toEqual(['last']);
    fireEvent.click(screen.getByTestId('import-event-use'));
    const summary = await screen.findByTestId('proposal-summary');
    expect(summary.textContent).toBe('2 times by the same weekday and time; 1 time with no match, left as they are.');
    expect([cell('s19').dataset.answer, cell('s1930').dataset.answer, cell('s20').dataset.answer]).toEqual(['yes', 'no', 'maybe']);
    expect(cell('s20').dataset.proposed).toBeUndefined();
  });
});
