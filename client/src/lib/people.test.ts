import { describe, expect, it } from 'vitest';
import { displayNames, distinctName, nameTaken } from './people';

const at = '2027-03-01T18:00:00.000Z';

describe('displayNames', () => {
  it('numbers people sharing a name in the order they joined', () => {
    const names = displayNames([
      { id: 'b', name: 'Саша', joinedAt: '2027-03-01T18:00:01.000Z' },
      { id: 'a', name: 'саша', joinedAt: '2027-03-01T18:00:02.000Z' },
      { id: 'c', name: 'Olga', joinedAt: at },
    ]);
    expect([...names.entries()].sort()).toEqual([
      ['a', 'саша (2)'],
      ['b', 'Саша'],
      ['c', 'Olga'],
    ]);
  });

  it('keeps the server order for two who joined in the same millisecond', () => {
    // Ids sort the other way round: the first to join must still keep the plain name.
    const names = displayNames([
      { id: 'zz', name: 'Sasha', joinedAt: at },
      { id: 'aa', name: 'Sasha', joinedAt: at },
    ]);
    expect(names.get('zz')).toBe('Sasha');
    expect(names.get('aa')).toBe('Sasha (2)');
  });
});

describe('nameTaken and distinctName', () => {
  it('compare names the way the eye does and offer the next free one', () => {
    const people = [{ name: 'Саша' }, { name: 'саша 2' }];
    expect(nameTaken(people, '  САША ')).toBe(true);
    expect(nameTaken(people, '')).toBe(false);
    expect(distinctName(people, 'Саша')).toBe('Саша 3');
  });
});
