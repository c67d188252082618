import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, parseSearch, searchProblem, toEventQuery, toSearchParams } from './searchParams';

const parse = (qs: string) => parseSearch(new URLSearchParams(qs));

describe('the search in the address bar', () => {
  it('round-trips a full search through the URL', () => {
    const value = { ...EMPTY_SEARCH, q: 'пиво квиз', from: '2026-12-04', to: '2026-12-06', status: 'open' as const, where: 'near' as const, near: { lat: 55.7558, lng: 37.6173 }, radiusKm: 2 };
    const params = toSearchParams(value);
    expect(params.toString()).toBe('q=%D0%BF%D0%B8%D0%B2%D0%BE+%D0%BA%D0%B2%D0%B8%D0%B7&from=2026-12-04&to=2026-12-06&near=55.756%2C37.617&radiusKm=2&status=open');
    expect(parseSearch(params)).toEqual({ ...value, near: { lat: 55.756, lng: 37.617 } });
  });

  it('leaves out what is empty, and a place when searching near me', () => {
    expect(toSearchParams(EMPTY_SEARCH).toString()).toBe('');
    expect(toSearchParams({ ...EMPTY_SEARCH, q: '  ', place: 'Pivovar', where: 'anywhere' }).toString()).toBe('');
    expect(toSearchParams({ ...EMPTY_SEARCH, place: 'Pivovar', where: 'place' }).toString()).toBe('place=Pivovar');
  });

  it('drops malformed parts of a hand-edited URL instead of guessing', () => {
    expect(parse('from=04.12.2026&to=2026-13-45&near=north&radiusKm=3&status=closed')).toEqual(EMPTY_SEARCH);
    expect(parse('near=95,10').near).toBeNull();
    expect(parse('near=-33.8688,151.2093&place=ignored')).toMatchObject({ where: 'near', place: '', near: { lat: -33.869, lng: 151.209 } });
    expect(parse('place=Nevsky').where).toBe('place');
  });

  it('turns days into instants in the reader’s zone, the last day included, starting today by default', () => {
    const query = toEventQuery({ ...EMPTY_SEARCH, from: '2026-12-04', to: '2026-12-05', q: ' stout ' }, 'Europe/Moscow', '2026-12-01');
    expect(query).toEqual({ q: 'stout', from: '2026-12-03T21:00:00.000Z', to: '2026-12-05T21:00:00.000Z' });
    expect(toEventQuery(EMPTY_SEARCH, 'Asia/Kathmandu', '2026-12-01')).toEqual({ from: '2026-11-30T18:15:00.000Z' });
    expect(toEventQuery({ ...EMPTY_SEARCH, where: 'near', near: { lat: 55.75, lng: 37.61 }, radiusKm: 10 }, 'UTC', '2026-12-01')).toMatchObject({
      near: '55.75,37.61',
      radiusKm: 10,
    });
  });

  it('refuses a range that ends before it starts, and "near me" without a location', () => {
    expect(searchProblem({ ...EMPTY_SEARCH, from: '2026-12-05', to: '2026-12-04' })).toBe('toBeforeFrom');
    expect(searchProblem({ ...EMPTY_SEARCH, where: 'near' })).toBe('nearNeedsLocation');
    expect(searchProblem({ ...EMPTY_SEARCH, from: '2026-12-05', to: '2026-12-05' })).toBeNull();
  });
});
