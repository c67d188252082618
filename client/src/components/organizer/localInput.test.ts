import { describe, expect, it } from 'vitest';
import { localInputToUtc } from '../../lib';
import { utcToLocalInput } from './localInput';

describe('utcToLocalInput', () => {
  it('shows an instant on the event zone’s clock, not the machine’s', () => {
    expect(utcToLocalInput('2026-12-03T17:00:00Z', 'Europe/Moscow')).toBe('2026-12-03T20:00');
    expect(utcToLocalInput('2026-12-03T17:00:00Z', 'America/New_York')).toBe('2026-12-03T12:00');
    expect(utcToLocalInput(null, 'UTC')).toBe('');
  });

  it('round-trips with the create form’s reading of the same field', () => {
    const value = utcToLocalInput('2026-07-01T09:45:00Z', 'Asia/Kathmandu');
    expect(localInputToUtc(value, 'Asia/Kathmandu')?.toISOString()).toBe('2026-07-01T09:45:00.000Z');
  });
});
