import { describe, expect, it } from 'vitest';
import { chainsOf, MAX_PLANS, rankPlans } from './plans';
import { makeEvent, person, slot } from './testing/fixtures';
import type { GridSpec } from './types';

// Six half-hours on one evening in Berlin (17:00Z = 18:00 local), then one on the next day.
const evening = ['s0', 's1', 's2', 's3', 's4', 's5'].map((id, i) => slot(id, new Date(Date.parse('2026-12-04T17:00:00Z') + i * 30 * 60_000).toISOString()));
const nextDay = slot('t0', '2026-12-05T17:00:00Z');
const grid: GridSpec = { dates: ['2026-12-04', '2026-12-05'], from: '18:00', to: '21:00', stepMinutes: 30 };
const gridEvent = (participants: ReturnType<typeof person>[], places = [] as { id: string; name: string }[]) =>
  makeEvent({ grid, slots: [...evening, nextDay], places, participants });

const cells = (ids: string[], answer: 'yes' | 'maybe' | 'no' = 'yes') => Object.fromEntries(ids.map((id) => [id, answer]));

describe('chainsOf', () => {
  it('joins touching grid cells of one local day and nothing across days', () => {
    const chains = chainsOf(gridEvent([]));
    expect(chains.map((c) => c.map((s) => s.id))).toEqual([['s0', 's1', 's2', 's3', 's4', 's5'], ['t0']]);
  });

  it('keeps explicit options apart even when they touch', () => {
    expect(chainsOf(makeEvent({ grid: null })).map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('cuts a run at the local midnight of the event zone, not of UTC', () => {
    // 23:00 and 23:30 on Friday in Moscow (UTC+3), then 00:00 on Saturday: touching, but two days.
    const late = [slot('a', '2026-12-04T20:00:00Z'), slot('b', '2026-12-04T20:30:00Z'), slot('c', '2026-12-04T21:00:00Z')];
    const event = makeEvent({ timezone: 'Europe/Moscow', grid: { dates: ['2026-12-04', '2026-12-05'], from: '00:00', to: '24:00', stepMinutes: 30 }, slots: late });
    expect(chainsOf(event).map((c) => c.map((s) => s.id))).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps a window that crosses midnight as one night', () => {
    // 23:00, 23:30 and 00:00 in Moscow for a 20:00–02:00 window: one grid day, Friday.
    const late = [slot('a', '2026-12-04T20:00:00Z'), slot('b', '2026-12-04T20:30:00Z'), slot('c', '2026-12-04T21:00:00Z')];
    const event = makeEvent({ timezone: 'Europe/Moscow', grid: { dates: ['2026-12-04'], from: '20:00', to: '02:00', stepMinutes: 30 }, slots: late });
    expect(chainsOf(event).map((c) => c.map((s) => s.id))).toEqual([['a', 'b', 'c']]);
  });

  it('does not join cells of another length (the step is the cell)', () => {
    const odd = [slot('a', '2026-12-04T17:00:00Z'), slot('b', '2026-12-04T17:30:00Z', 60)];
    expect(chainsOf(makeEvent({ grid, slots: odd })).map((c) => c.length)).toEqual([1, 1]);
  });
});

describe('rankPlans', () => {
  it('merges neighbouring cells into one evening per crew, the shared part first', () => {
    const plans = rankPlans(
      gridEvent([person('a', 'Anya', cells(['s0', 's1', 's2'])), person('b', 'Boris', cells(['s1', 's2', 's3']))]),
    );
    expect(plans.map((p) => [p.slotIds.join(','), p.score])).toEqual([
      ['s1,s2', 2],
      // Ties at one person: the longer run first, then the earlier start.
      ['s0,s1,s2', 1],
      ['s1,s2,s3', 1],
    ]);
    expect(plans[0]).toMatchObject({ start: evening[1]!.start, end: evening[2]!.end, placeId: null, yes: ['a', 'b'], maybe: [] });
  });

  it('counts a maybe anywhere in the run, or for the place, as half', () => {
    const plans = rankPlans(
      gridEvent(
        [person('a', 'Anya', { s0: 'yes', s1: 'maybe' }, { p1: 'yes' }), person('b', 'Boris', cells(['s0', 's1']), { p1: 'maybe' })],
        [{ id: 'p1', name: 'Pivovar' }],
      ),
    );
    expect(plans[0]).toMatchObject({ slotIds: ['s0'], yes: ['a'], maybe: ['b'], score: 1.5 });
    expect(plans[1]).toMatchObject({ slotIds: ['s0', 's1'], yes: [], maybe: ['a', 'b'], score: 1 });
  });

  it('leaves out anyone with a no or no answer anywhere in the plan', () => {
    const plans = rankPlans(
      gridEvent([person('a', 'Anya', cells(['s0']), { p1: 'no' }), person('b', 'Boris', cells(['s0']), { p1: 'yes' })], [{ id: 'p1', name: 'Pivovar' }]),
    );
    expect(plans).toEqual([expect.objectContaining({ slotIds: ['s0'], placeId: 'p1', yes: ['b'], score: 1 })]);
  });

  it('ranks every run with every place, in the organiser order of places on a tie', () => {
    const places = [
      { id: 'p1', name: 'Pivovar' },
      { id: 'p2', name: 'Hirsch' },
    ];
    const plans = rankPlans(gridEvent([person('a', 'Anya', cells(['s4']), cells(['p2', 'p1']))], places));
    expect(plans.map((p) => p.placeId)).toEqual(['p1', 'p2']);
  });

  it('has no plans when nobody can make anything', () => {
    expect(rankPlans(gridEvent([person('a', 'Anya', cells(['s0'], 'no'))]))).toEqual([]);
  });

  it('sends at most ten', () => {
    const slots = Array.from({ length: 30 }, (_, i) => slot(`o${i}`, new Date(Date.parse('2026-12-04T17:00:00Z') + i * 86_400_000).toISOString()));
    const anya = person('a', 'Anya', cells(slots.map((s) => s.id)));
    expect(rankPlans(makeEvent({ grid: null, slots, places: [], participants: [anya] }))).toHaveLength(MAX_PLANS);
  });
});
