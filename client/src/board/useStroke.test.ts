import { describe, expect, it } from 'vitest';
import { strokeDelta } from './useStroke';

describe('strokeDelta: a stroke sent while it is painted', () => {
  const base = { s1: 'maybe', s4: 'yes' } as const;

  it('sends only what changed since the last message', () => {
    expect(strokeDelta({ s1: 'yes', s2: 'yes' }, {}, base)).toEqual({ s1: 'yes', s2: 'yes' });
    expect(strokeDelta({ s1: 'yes', s2: 'yes', s3: 'yes' }, { s1: 'yes', s2: 'yes' }, base)).toEqual({ s3: 'yes' });
    expect(strokeDelta({ s1: 'yes' }, { s1: 'yes' }, base)).toEqual({});
  });

  it('gives back the cells the rectangle left, with the answers they had before the stroke', () => {
    const sent = { s1: 'yes', s2: 'yes', s3: 'yes' } as const;
    expect(strokeDelta({ s2: 'yes' }, sent, base)).toEqual({ s1: 'maybe', s3: null });
  });

  it('handles a wiping stroke turning round', () => {
    expect(strokeDelta({ s1: null }, { s1: null, s4: null }, base)).toEqual({ s4: 'yes' });
  });
});
