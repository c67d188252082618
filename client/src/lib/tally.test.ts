import { describe, expect, it } from 'vitest';
import { computeTally } from './tally';
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
    expect(tally.slots[0]).toEqual({ slotId: 's1', yes: ['Anya'], maybe: [], no: ['Boris'], yesIds: ['a'], maybeIds: [], noIds: ['b'], score: 1 });
    expect(tally.slots[1]?.score).toBe(1.5);
    expect(tally.places[0]).toEqual({ placeId: 'p1', yes: ['Boris'], maybe: ['Anya'], no: [], yesIds: ['b'], maybeIds: ['a'], noIds: [], score: 1.5 });
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

describe('computeTally by id', () => {
  it('keeps two people of the same name apart by id', () => {
    const tally = computeTally(makeEvent({ participants: [person('a', 'Sasha', { s1: 'yes' }), person('b', 'Sasha', { s1: 'no' })] }));
    expect(tally.slots[0]).toMatchObject({ yes: ['Sasha'], no: ['Sasha'], yesIds: ['a'], noIds: ['b'] });
  });
});
