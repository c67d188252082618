import { describe, expect, it } from 'vitest';
import { summaryStatus } from './eventStatus';

const now = Date.parse('2026-12-05T12:00:00Z');

describe('summaryStatus', () => {
  it('calls a finalised event final even when its time has passed', () => {
    expect(summaryStatus({ status: 'finalized', lastEnd: '2026-12-01T00:00:00Z' }, now)).toBe('final');
  });

  it('calls an open event past once its last slot has ended', () => {
    expect(summaryStatus({ status: 'open', lastEnd: '2026-12-05T11:59:00Z' }, now)).toBe('past');
  });

  it('keeps an open event open while a slot is still ahead, or when it has no slots', () => {
    expect(summaryStatus({ status: 'open', lastEnd: '2026-12-05T12:01:00Z' }, now)).toBe('open');
    expect(summaryStatus({ status: 'open', lastEnd: null }, now)).toBe('open');
  });
});
