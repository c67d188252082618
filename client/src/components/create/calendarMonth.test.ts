import { describe, expect, it } from 'vitest';
import { keyMove, monthWeeks, shiftMonth } from './calendarMonth';

describe('monthWeeks', () => {
  it('starts weeks on Monday and pads with the neighbouring months', () => {
    // 1 December 2026 is a Tuesday.
    const weeks = monthWeeks({ year: 2026, month: 12 });
    expect(weeks[0]?.[0]).toEqual({ date: '2026-11-30', outside: true });
    expect(weeks[0]?.[1]).toEqual({ date: '2026-12-01', outside: false });
    expect(weeks.at(-1)?.at(-1)).toEqual({ date: '2027-01-03', outside: true });
    expect(weeks.flat().filter((d) => !d.outside)).toHaveLength(31);
  });
});

describe('shiftMonth', () => {
  it('crosses year boundaries both ways', () => {
    expect(shiftMonth({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
  });
});

describe('keyMove', () => {
  it('moves by days and weeks with the arrows', () => {
    expect(keyMove('2026-12-31', 'ArrowRight')).toBe('2027-01-01');
    expect(keyMove('2026-12-03', 'ArrowUp')).toBe('2026-11-26');
  });

  it('jumps to the ends of the week and clamps month jumps to short months', () => {
    expect(keyMove('2026-12-03', 'Home')).toBe('2026-11-30');
    expect(keyMove('2026-12-03', 'End')).toBe('2026-12-06');
    expect(keyMove('2027-01-31', 'PageDown')).toBe('2027-02-28');
    expect(keyMove('2026-12-03', 'Enter')).toBeNull();
  });
});
