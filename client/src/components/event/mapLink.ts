import type { Place } from '../../lib';

/**
 * Where "open the map" goes for a place: the organiser's own link when there is one, else a pin
 * at its coordinates, else an OpenStreetMap search for its address. Null when we know nothing.
 */
export function mapLinkOf(place: Pick<Place, 'mapUrl' | 'lat' | 'lng' | 'address' | 'name'>): string | null {
  if (place.mapUrl) return place.mapUrl;
  if (typeof place.lat === 'number' && typeof place.lng === 'number') {
    return `https://www.openstreetmap.org/?mlat=${place.lat}&mlon=${place.lng}#map=17/${place.lat}/${place.lng}`;
  }
  if (place.address) return `https://www.openstreetmap.org/search?${new URLSearchParams({ query: `${place.name}, ${place.address}` })}`;
  return null;
}
