// Both Leaflet maps behind one dynamic import, so Leaflet (a CommonJS module) and the interop
// helpers it needs load as one chunk, and nothing of it lands on the event page's first load.
export { default as PlaceMap } from '../event/PlaceMap';
export { default as ResultsMap } from '../discovery/ResultsMap';
