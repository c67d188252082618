import { describe, expect, it } from 'vitest';
import { luminance, mapThemeParams, themeCss } from './themeParams';

// Telegram's own night and day palettes (the shapes its clients send).
const NIGHT = {
  bg_color: '#17212b',
  secondary_bg_color: '#232e3c',
  section_bg_color: '#17212b',
  text_color: '#f5f5f5',
  hint_color: '#708499',
  subtitle_text_color: '#708499',
  link_color: '#6ab3f3',
  destructive_text_color: '#ec3942',
  button_color: '#5288c1',
};
const DAY = { bg_color: '#ffffff', text_color: '#000000', hint_color: '#999999', link_color: '#2481cc' };

describe('luminance', () => {
  it('runs from black to white and refuses what is not a hex colour', () => {
    expect(luminance('#000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 5);
    expect(luminance('#17212b')!).toBeLessThan(0.05);
    expect(luminance('blue')).toBeNull();
  });
});

describe('mapThemeParams', () => {
  it('turns a night palette into stout wearing Telegram’s colours', () => {
    const mapped = mapThemeParams(NIGHT)!;
    expect(mapped.theme).toBe('stout');
    expect(mapped.vars['--bg']).toBe('#232e3c');
    expect(mapped.vars['--surface']).toBe('#17212b');
    expect(mapped.vars['--surface-2']).toBe('#232e3c');
    expect(mapped.vars['--foam-0']).toBe('#232e3c');
    expect(mapped.vars['--text']).toBe('#f5f5f5');
    expect(mapped.vars['--muted']).toBe('#708499');
    expect(mapped.vars['--danger']).toBe('#ec3942');
    expect(mapped.vars['--focus']).toBe('#6ab3f3');
    expect(mapped.headerColorKey).toBe('secondary_bg_color');
    expect(mapped.background).toBe('#232e3c');
    // The gold is Prost's own: Telegram's blue button colour does not replace it.
    expect(mapped.vars['--accent']).toBeUndefined();
  });

  it('turns a day palette into lager, with a second surface mixed from the first', () => {
    const mapped = mapThemeParams(DAY)!;
    expect(mapped.theme).toBe('lager');
    expect(mapped.vars['--bg']).toBe('#ffffff');
    expect(mapped.vars['--surface-2']).toBe('color-mix(in srgb, #ffffff 90%, #000000)');
    expect(mapped.vars['--border']).toBe('color-mix(in srgb, #999999 35%, #ffffff)');
    expect(mapped.vars['--danger']).toBeUndefined();
    expect(mapped.headerColorKey).toBe('bg_color');
  });

  it('leaves Prost’s theme alone when Telegram sends no usable background', () => {
    expect(mapThemeParams({})).toBeNull();
    expect(mapThemeParams({ text_color: '#fff' })).toBeNull();
    expect(mapThemeParams({ bg_color: 'dark' })).toBeNull();
  });
});

describe('themeCss', () => {
  it('applies only while the matching theme is shown', () => {
    const css = themeCss(mapThemeParams(NIGHT)!);
    expect(css.startsWith(":root[data-theme='stout'] {")).toBe(true);
    expect(css).toContain('--bg: #232e3c;');
    expect(css).toContain('--text: #f5f5f5;');
  });
});
