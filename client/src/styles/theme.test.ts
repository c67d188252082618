import { afterEach, describe, expect, it } from 'vitest';
import { applyStartTheme, chooseTheme, pickTheme } from './theme';

describe('chooseTheme', () => {
  it('follows the system when nothing was picked', () => {
    expect(chooseTheme(null, true)).toBe('stout');
    expect(chooseTheme(null, false)).toBe('lager');
  });

  it('prefers the remembered pick over the system', () => {
    expect(chooseTheme('lager', true)).toBe('lager');
    expect(chooseTheme('stout', false)).toBe('stout');
  });

  it('ignores a corrupted remembered value', () => {
    expect(chooseTheme('porter', true)).toBe('stout');
  });
});

describe('pickTheme', () => {
  afterEach(() => localStorage.clear());

  it('marks the document and is remembered for the next start', () => {
    pickTheme('stout');
    expect(document.documentElement.dataset.theme).toBe('stout');
    document.documentElement.dataset.theme = '';
    expect(applyStartTheme()).toBe('stout');
    expect(document.documentElement.dataset.theme).toBe('stout');
  });
});
