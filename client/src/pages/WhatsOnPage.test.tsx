import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocation } from 'react-router';
import type { EventSummary } from '../lib';
import { apiError, fakeServer, type FakeCall } from '../lib/testing/fakeServer';
import { makeEvent, person } from '../lib/testing/fixtures';
import { renderRoute, startSession } from '../lib/testing/renderRoute';
import WhatsOnPage from './WhatsOnPage';

function summary(id: string, title: string, parts: Partial<EventSummary> = {}): EventSummary {
  return {
    id,
    title,
    timezone: 'Europe/Moscow',
    visibility: 'public',
    status: 'open',
    organizer: { id: 'u-org', name: 'Olga' },
    slotCount: 3,
    placeCount: 1,
    firstStart: '2026-12-04T15:00:00Z',
    lastEnd: '2026-12-04T18:00:00Z',
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    participantCount: 4,
    places: [{ name: 'Пивовар', address: 'Тверская 1' }],
    ...parts,
  };
}

/** Shows where the page sent the address bar. */
function Address() {
  const location = useLocation();
  return <output data-testid="address">{location.search}</output>;
}

const open = (at: string, lang: 'en' | 'ru' = 'en') =>
  renderRoute(
    '/whats-on',
    at,
    <>
      <WhatsOnPage />
      <Address />
    </>,
    lang,
  );

const params = (call: FakeCall) => new URL(call.url, 'http://prost.test').searchParams;

beforeEach(() => startSession());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('What’s on', () => {
  it('starts from the address bar, searches, and writes the new search back into it', async () => {
    const server = fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'GET /events': (call) => ({
        body: { items: params(call).get('q') === 'квиз' ? [summary('e2', 'Квиз в пабе')] : [summary('e1', 'Пивной вечер')], nextCursor: null },
      }),
    });
    open('/whats-on?q=%D0%BF%D0%B8%D0%B2%D0%BE&from=2026-12-04');
    expect(((await screen.findByTestId('search-q')) as HTMLInputElement).value).toBe('пиво');
    expect((screen.getByTestId('search-from') as HTMLInputElement).value).toBe('2026-12-04');
    const card = await screen.findByTestId('result-card');
    expect(card.textContent).toContain('Пивной вечер');
    expect(card.textContent).toContain('Public');
    expect(card.textContent).toContain('4 answered');
    expect(card.textContent).toContain('Пивовар, Тверская 1');
    const first = params(server.to('GET /events')[0]!);
    expect(first.get('q')).toBe('пиво');
    expect(first.get('from')).toMatch(/^2026-12-0[34]T/);
    expect(first.get('limit')).toBe('20');

    fireEvent.change(screen.getByTestId('search-q'), { target: { value: 'квиз' } });
    fireEvent.click(screen.getByTestId('search-where-place'));
    fireEvent.change(await screen.findByTestId('search-place'), { target: { value: 'Невский' } });
    fireEvent.click(screen.getByTestId('search-submit'));

    await waitFor(() => expect(screen.getByTestId('address').textContent).toBe('?q=%D0%BA%D0%B2%D0%B8%D0%B7&from=2026-12-04&place=%D0%9D%D0%B5%D0%B2%D1%81%D0%BA%D0%B8%D0%B9'));
    await waitFor(() => expect(screen.getByTestId('result-card').textContent).toContain('Квиз в пабе'));
    const second = params(server.to('GET /events').at(-1)!);
    expect([second.get('q'), second.get('place')]).toEqual(['квиз', 'Невский']);
  });

  it('refuses a range that ends before it starts, without searching again', async () => {
    const server = fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'GET /events': { body: { items: [], nextCursor: null } },
    });
    open('/whats-on');
    await screen.findByTestId('search-empty');
    fireEvent.change(screen.getByTestId('search-from'), { target: { value: '2026-12-10' } });
    fireEvent.change(screen.getByTestId('search-to'), { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByTestId('search-submit'));
    expect((await screen.findByTestId('search-problem')).textContent).toMatch(/last day comes before/);
    expect(screen.getByTestId('address').textContent).toBe('');
    expect(server.to('GET /events')).toHaveLength(1);
  });

  it('pages with “more” through the cursor, keeping what it has', async () => {
    const server = fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'GET /events': (call) =>
        params(call).get('cursor') === 'page2'
          ? { body: { items: [summary('e3', 'Третья')], nextCursor: null } }
          : { body: { items: [summary('e1', 'Первая'), summary('e2', 'Вторая')], nextCursor: 'page2' } },
    });
    open('/whats-on', 'ru');
    await waitFor(() => expect(screen.getAllByTestId('result-card')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('search-more'));
    await waitFor(() => expect(screen.getAllByTestId('result-card')).toHaveLength(3));
    expect(screen.queryByTestId('search-more')).toBeNull();
    expect(params(server.to('GET /events')[1]!).get('cursor')).toBe('page2');
    expect(within(screen.getAllByTestId('result-card')[0]!).getByText('Открытая')).toBeTruthy();
  });

  it('loads the event for a card whose summary has no details', async () => {
    const server = fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'GET /events': { body: { items: [summary('ev1', 'Friday pints', { participantCount: undefined, places: undefined })], nextCursor: null } },
      'GET /events/ev1': { body: makeEvent({ participants: [person('a', 'Anya'), person('b', 'Boris')] }) },
    });
    open('/whats-on');
    await waitFor(() => expect(screen.getByTestId('result-card').textContent).toContain('2 answered'));
    expect(screen.getByTestId('result-card').textContent).toContain('Bar Pivovar +1');
    expect(server.to('GET /events/ev1')).toHaveLength(1);
  });

  it('asks for the location only on “near me”, rounds it, and puts it in the search', async () => {
    const server = fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'GET /events': { body: { items: [], nextCursor: null } },
    });
    const getCurrentPosition = vi.fn((found: PositionCallback) =>
      found({ coords: { latitude: 55.755831, longitude: 37.617673 } } as GeolocationPosition),
    );
    vi.stubGlobal('navigator', { ...navigator, geolocation: { getCurrentPosition } });
    open('/whats-on');
    await screen.findByTestId('search-empty');
    fireEvent.click(screen.getByTestId('search-where-near'));
    fireEvent.click(screen.getByTestId('search-submit'));
    expect((await screen.findByTestId('search-problem')).textContent).toMatch(/Share your location first/);
    expect(getCurrentPosition).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('search-locate'));
    fireEvent.change(screen.getByTestId('search-radius'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('search-submit'));
    await waitFor(() => expect(screen.getByTestId('address').textContent).toBe('?near=55.756%2C37.618&radiusKm=2'));
    await waitFor(() => expect(server.to('GET /events')).toHaveLength(2));
    const sent = params(server.to('GET /events')[1]!);
    expect([sent.get('near'), sent.get('radiusKm')]).toEqual(['55.756,37.618', '2']);
    expect(screen.getByTestId('search-locate-state').dataset.state).toBe('located');
  });

  it('explains a refused location', async () => {
    fakeServer({ 'POST /auth/refresh': apiError(401, 'unauthenticated'), 'GET /events': { body: { items: [], nextCursor: null } } });
    const getCurrentPosition = vi.fn((_found: PositionCallback, failed: PositionErrorCallback) =>
      failed({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'denied' } as GeolocationPositionError),
    );
    vi.stubGlobal('navigator', { ...navigator, geolocation: { getCurrentPosition } });
    open('/whats-on');
    fireEvent.click(await screen.findByTestId('search-where-near'));
    fireEvent.click(screen.getByTestId('search-locate'));
    expect((await screen.findByTestId('search-locate-state')).textContent).toMatch(/Location is blocked for this site/);
  });

  it('says so when the search fails', async () => {
    fakeServer({
      'POST /auth/refresh': apiError(401, 'unauthenticated'),
      'GET /events': { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } },
    });
    open('/whats-on');
    expect((await screen.findByTestId('search-error')).textContent).toMatch(/could not fetch the events/);
  });
});
