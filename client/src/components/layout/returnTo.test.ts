import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './returnTo';

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/e/abc?tab=places')).toBe('/e/abc?tab=places');
  });

  it('refuses anything that could leave the site', () => {
    expect(safeNext('//evil.example/x')).toBe('/events');
    expect(safeNext('https://evil.example')).toBe('/events');
    expect(safeNext('/\\evil.example')).toBe('/events');
    expect(safeNext(null, '/')).toBe('/');
  });

  it('round-trips through the sign-in link', () => {
    const link = new URL(signInPath('/new?x=1&y=2'), 'http://localhost');
    expect(link.pathname).toBe('/login');
    expect(safeNext(link.searchParams.get('next'))).toBe('/new?x=1&y=2');
  });
});
