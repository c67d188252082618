// The search results on an OpenStreetMap map (Leaflet, like the event page's place map). In the
// maps chunk (../map/maps.ts), loaded only when the What's on page has pins to show.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import '../../styles/map.css';
import type { ResultPin } from '../../lib/discovery';

const TILES = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

interface ResultsMapProps {
  pins: ResultPin[];
  label: string;
  /** Accessible name of each event's link in a pin's popup. */
  openLabel(title: string): string;
  /** Opens an event inside the app (no full page load). */
  onOpen(eventId: string): void;
}

/** Pins at one spot share a popup, one link per event there. Built as DOM: titles come from users. */
function popupOf(pins: ResultPin[], openLabel: (title: string) => string, onOpen: (id: string) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'results-map-popup';
  const first = pins[0];
  if (first) {
    const where = document.createElement('p');
    where.className = 'muted small';
    where.textContent = [first.name, first.address].filter(Boolean).join(', ');
    box.append(where);
  }
  const seen = new Set<string>();
  for (const pin of pins) {
    if (seen.has(pin.eventId)) continue;
    seen.add(pin.eventId);
    const link = document.createElement('a');
    link.href = `/e/${encodeURIComponent(pin.eventId)}`;
    link.textContent = pin.title;
    link.setAttribute('aria-label', openLabel(pin.title));
    link.addEventListener('click', (e) => {
      e.preventDefault();
      onOpen(pin.eventId);
    });
    box.append(link);
  }
  return box;
}

export default function ResultsMap({ pins, label, openLabel, onOpen }: ResultsMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  // The latest callbacks without rebuilding the map when the parent re-renders.
  const callbacks = useRef({ openLabel, onOpen });
  useEffect(() => {
    callbacks.current = { openLabel, onOpen };
  });

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
    if (!current || !group || pins.length === 0) return;
    group.clearLayers();
    const bySpot = new Map<string, ResultPin[]>();
    for (const pin of pins) {
      const key = `${pin.lat.toFixed(5)},${pin.lng.toFixed(5)}`;
      bySpot.set(key, [...(bySpot.get(key) ?? []), pin]);
    }
    for (const spot of bySpot.values()) {
      const first = spot[0]!;
      const icon = L.divIcon({
        className: 'map-pin',
        html: '<span class="map-pin-drop"><span>🍺</span></span>',
        iconSize: [36, 36],
        iconAnchor: [18, 34],
      });
      const name = spot.map((p) => p.title).join(', ');
      L.marker([first.lat, first.lng], { icon, title: name, alt: name, keyboard: true })
        .bindPopup(() => popupOf(spot, (title) => callbacks.current.openLabel(title), (id) => callbacks.current.onOpen(id)))
        .addTo(group);
    }
    const bounds = L.latLngBounds(pins.map((p) => [p.lat, p.lng] as [number, number]));
    current.fitBounds(bounds, { padding: [32, 32], maxZoom: 14 });
  }, [pins]);

  return <div ref={container} className="place-map results-map" role="region" aria-label={label} data-testid="results-map" />;
}
