import { describe, expect, it } from 'vitest';
import { mapLinkOf } from './mapLink';

describe('mapLinkOf', () => {
  it('prefers the link the organiser pasted', () => {
    expect(mapLinkOf({ name: 'Bar', mapUrl: 'https://yandex.ru/maps/?ll=37.6,55.7', lat: 55.7, lng: 37.6 })).toBe('https://yandex.ru/maps/?ll=37.6,55.7');
  });

  it('pins the coordinates when there is no link', () => {
    expect(mapLinkOf({ name: 'Bar', lat: 55.75, lng: 37.61 })).toBe('https://www.openstreetmap.org/?mlat=55.75&mlon=37.61#map=17/55.75/37.61');
  });

  it('searches the address as a last resort, and gives up without one', () => {
    const link = new URL(mapLinkOf({ name: 'Pivovar', address: 'Tverskaya 1' })!);
    expect(link.pathname).toBe('/search');
    expect(link.searchParams.get('query')).toBe('Pivovar, Tverskaya 1');
    expect(mapLinkOf({ name: 'Somebody’s kitchen' })).toBeNull();
  });
});
