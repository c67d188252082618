import { describe, expect, it } from 'vitest';
import { allZones, filterZones } from './zones';

describe('filterZones', () => {
  const zones = ['America/New_York', 'Europe/Moscow', 'Asia/Kathmandu', 'America/Argentina/Buenos_Aires'];

  it('matches words in any order, spaces standing for underscores', () => {
    expect(filterZones(zones, 'york new')).toEqual(['America/New_York']);
    expect(filterZones(zones, 'BUENOS aires')).toEqual(['America/Argentina/Buenos_Aires']);
  });

  it('returns everything for an empty query and nothing for a miss', () => {
    expect(filterZones(zones, '  ')).toHaveLength(4);
    expect(filterZones(zones, 'atlantis')).toEqual([]);
  });
});

describe('allZones', () => {
  it('offers UTC and current zone names only, each once', () => {
    const zones = allZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Asia/Kathmandu');
    expect(zones).not.toContain('Asia/Katmandu');
    expect(new Set(zones).size).toBe(zones.length);
  });
});

describe('filterZones in Russian', () => {
  it('finds a zone by its Russian city', () => {
    expect(filterZones(['Europe/Berlin', 'Europe/Moscow'], 'моск')).toEqual(['Europe/Moscow']);
  });
});
