import { describe, expect, it } from 'vitest';
import { plural } from '.';

describe('plural', () => {
  const friends = { one: '{n} друг', few: '{n} друга', many: '{n} друзей', other: '{n} друга' };
  it('uses the three Russian forms', () => {
    expect(plural('ru', 1, friends)).toBe('1 друг');
    expect(plural('ru', 3, friends)).toBe('3 друга');
    expect(plural('ru', 5, friends)).toBe('5 друзей');
    expect(plural('ru', 21, friends)).toBe('21 друг');
    expect(plural('ru', 12, friends)).toBe('12 друзей');
  });
  it('uses one/other in English', () => {
    const en = { one: '{n} friend', other: '{n} friends' };
    expect(plural('en', 1, en)).toBe('1 friend');
    expect(plural('en', 0, en)).toBe('0 friends');
  });
});
