import { describe, expect, it } from 'vitest';
import { makeEvent, person, slot } from '../../lib/testing/fixtures';
import { defaultChoice } from './planChoice';

const grid = { dates: ['2026-12-04'], from: '18:00', to: '19:30', stepMinutes: 30 };
const slots = [slot('s1', '2026-12-04T17:00:00Z'), slot('s2', '2026-12-04T17:30:00Z'), slot('s3', '2026-12-04T18:00:00Z')];

describe('defaultChoice', () => {
  it('takes the top whole plan', () => {
    const event = makeEvent({ grid, slots, participants: [person('a', 'Anya', { s2: 'yes', s3: 'yes' }, { p2: 'yes' })] });
    expect(defaultChoice(event)).toEqual({ slotIds: ['s2', 's3'], placeId: 'p2' });
  });

  it('with times answered but no place, takes the best evening and the first place', () => {
    const event = makeEvent({ grid, slots, participants: [person('a', 'Anya', { s2: 'yes', s3: 'yes' }), person('b', 'Boris', { s2: 'yes' })] });
    expect(defaultChoice(event)).toEqual({ slotIds: ['s2'], placeId: 'p1' });
  });

  it('with no answers, takes the earliest slot', () => {
    expect(defaultChoice(makeEvent({ grid, slots }))).toEqual({ slotIds: ['s1'], placeId: 'p1' });
  });
});
