// The places on an OpenStreetMap map. Its own chunk (with Leaflet and its CSS), loaded only when
// some place has coordinates, so the event page's first load stays light.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Place } from '../../lib';

export interface MappedPlace extends Place {
  lat: number;
  lng: number;
}

const TILES = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

/** A label built as DOM text: Leaflet treats strings as HTML, and place names come from users. */
function label(place: Place): HTMLElement {
  const element = document.createElement('span');
  element.textContent = place.address ? `${place.name}, ${place.address}` : place.name;
  return element;
}

export default function PlaceMap({ places, best, label: ariaLabel }: { places: MappedPlace[]; best: ReadonlySet<string>; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const created = L.map(container.current, { scrollWheelZoom: false, attributionControl: true });
    L.tileLayer(TILES, { subdomains: 'abc', maxZoom: 19, attribution: ATTRIBUTION }).addTo(created);
    layer.current = L.layerGroup().addTo(created);
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
      layer.current = null;
    };
  }, []);

  useEffect(() => {
    const current = map.current;
    const group = layer.current;
    if (!current || !group) return;
    group.clearLayers();
    for (const place of places) {
      const icon = L.divIcon({
        className: best.has(place.id) ? 'map-pin map-pin-best' : 'map-pin',
        // Leaflet positions the marker with `transform`, so the drop shape turns an inner element.
        html: '<span class="map-pin-drop"><span>🍺</span></span>',
        iconSize: [36, 36],
        iconAnchor: [18, 34],
      });
      L.marker([place.lat, place.lng], { icon, title: place.name, alt: place.name }).bindTooltip(label(place)).addTo(group);
    }
    const bounds = L.latLngBounds(places.map((p) => [p.lat, p.lng] as [number, number]));
    current.fitBounds(bounds, { padding: [32, 32], maxZoom: 15 });
  }, [places, best]);

  return <div ref={container} className="place-map" role="region" aria-label={ariaLabel} />;
}
