import { describe, expect, it } from 'vitest';
import { computeTally, rankPlans } from './tally';
import { makeEvent, person } from './testing/fixtures';

describe('computeTally', () => {
  it('lists names per answer and scores yes + ½ maybe, like the server', () => {
    const event = makeEvent({
      participants: [
        person('a', 'Anya', { s1: 'yes', s2: 'maybe' }, { p1: 'maybe' }),
        person('b', 'Boris', { s1: 'no', s2: 'yes' }, { p1: 'yes' }),
      ],
    });
    const tally = computeTally(event);
    expect(tally.slots[0]).toEqual({ slotId: 's1', yes: ['Anya'], maybe: [], no: ['Boris'], score: 1 });
    expect(tally.slots[1]?.score).toBe(1.5);
    expect(tally.places[0]).toEqual({ placeId: 'p1', yes: ['Boris'], maybe: ['Anya'], no: [], score: 1.5 });
    expect(tally.best).toEqual({ slotIds: ['s2'], placeIds: ['p1'] });
  });

  it('keeps every tied option in best, and with no votes every option ties at zero', () => {
    const tally = computeTally(makeEvent({ participants: [person('a', 'Anya', { s1: 'yes', s3: 'yes' })] }));
    expect(tally.best.slotIds).toEqual(['s1', 's3']);
    expect(tally.best.placeIds).toEqual(['p1', 'p2']);
  });

  it('has an empty best when there is nothing to vote on', () => {
    expect(computeTally(makeEvent({ slots: [], places: [] })).best).toEqual({ slotIds: [], placeIds: [] });
  });
});

describe('rankPlans', () => {
  it('ranks every slot × place by combined score', () => {
    const event = makeEvent({
      participants: [
        person('a', 'Anya', { s2: 'yes' }, { p2: 'yes' }),
        person('b', 'Boris', { s2: 'yes', s1: 'maybe' }, { p2: 'maybe' }),
      ],
    });
    const plans = rankPlans(event);
    expect(plans).toHaveLength(6);
    expect(plans[0]).toMatchObject({ slotId: 's2', placeId: 'p2', score: 3.5, together: 1.5 });
  });

  it('breaks a score tie by who can make both, then by fewer refusals', () => {
    const event = makeEvent({
      slots: makeEvent().slots.slice(0, 2),
      participants: [
        person('a', 'Anya', { s1: 'yes', s2: 'yes' }, { p1: 'yes' }),
        person('b', 'Boris', { s1: 'no' }, { p2: 'yes' }),
      ],
    });
    const plans = rankPlans(event);
    // Every slot and every place scores 1, so every pair scores 2.
    expect(plans.every((p) => p.score === 2)).toBe(true);
    expect(plans.map((p) => `${p.slotId}+${p.placeId}`)).toEqual(['s2+p1', 's1+p1', 's2+p2', 's1+p2']);
    expect(plans[1]).toMatchObject({ together: 1, blocked: 1 });
    expect(plans[2]).toMatchObject({ together: 0, blocked: 0 });
  });

  it('falls back to the earlier slot and the organiser’s place order on a full tie', () => {
    const event = makeEvent();
    const reversed = { ...event, slots: [...event.slots].reverse() };
    expect(rankPlans(reversed).map((p) => `${p.slotId}+${p.placeId}`).slice(0, 3)).toEqual(['s1+p1', 's1+p2', 's2+p1']);
  });

  it('ranks slots alone when the event has no places', () => {
    const event = makeEvent({ places: [], participants: [person('a', 'Anya', { s3: 'yes' })] });
    const plans = rankPlans(event);
    expect(plans.map((p) => p.placeId)).toEqual([null, null, null]);
    expect(plans[0]?.slotId).toBe('s3');
  });
});
