import { describe, expect, it } from 'vitest';
import { slot } from '../testing/fixtures';
import { copyAnswers } from './copyAnswers';

describe('copying answers from another event', () => {
  it('matches the same moment first, then the same weekday and time on the reader’s clock', () => {
    // Last week: Friday 4 Dec and Saturday 5 Dec 2026, evenings in Berlin (UTC+1).
    const source = [slot('fri19', '2026-12-04T18:00:00Z', 60), slot('fri20', '2026-12-04T19:00:00Z', 60), slot('sat19', '2026-12-05T18:00:00Z', 60)];
    const answers = { fri19: 'yes', fri20: 'no', sat19: 'maybe' } as const;
    const target = [
      slot('same', '2026-12-05T18:00:00Z', 60), // the very same Saturday slot
      slot('nextFri19', '2026-12-11T18:00:00Z', 60),
      slot('nextFri20', '2026-12-11T19:00:00Z', 60),
      slot('nextFri21', '2026-12-11T20:00:00Z', 60), // nothing like it before
      slot('nextFri19short', '2026-12-11T18:00:00Z', 30), // same start, another length
    ];
    const copied = copyAnswers(target, source, { ...answers }, 'Europe/Berlin');
    expect(copied.slots).toEqual({ same: 'maybe', nextFri19: 'yes', nextFri20: 'no' });
    expect([copied.sameMoment, copied.sameWeekday, copied.unmatched]).toEqual([1, 2, 2]);
  });

  it('reads weekdays on the reader’s clock, where late evenings may fall on the next day', () => {
    // 22:30 on a Friday in Berlin is Saturday 03:15 in Kathmandu: both weeks agree on the reader's clock.
    const source = [slot('late', '2026-12-04T21:30:00Z', 60)];
    const target = [slot('nextLate', '2026-12-11T21:30:00Z', 60)];
    expect(copyAnswers(target, source, { late: 'yes' }, 'Asia/Kathmandu').slots).toEqual({ nextLate: 'yes' });
  });

  it('takes the latest answer when the source has the same weekday and time twice', () => {
    const source = [slot('w1', '2026-12-04T18:00:00Z'), slot('w2', '2026-12-11T18:00:00Z')];
    const target = [slot('w3', '2026-12-18T18:00:00Z')];
    expect(copyAnswers(target, source, { w1: 'no', w2: 'yes' }, 'Europe/Berlin').slots).toEqual({ w3: 'yes' });
  });
});
