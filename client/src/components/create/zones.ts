// The zones the browser knows, for the picker. Kept outside React: the list never changes.
import { canonicalZone, russianCity } from '../../lib';

let cached: string[] | null = null;

export function allZones(): string[] {
  if (!cached) {
    const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    // ICU still lists some zones by retired names (Asia/Katmandu); offer the current ones, which
    // is also what viewerZone() answers. Some engines leave UTC out, yet it is a fine answer for
    // "no particular place".
    cached = [...new Set([...supported.map(canonicalZone), 'UTC'])].sort();
  }
  return cached;
}

/** Zones whose name (or Russian city) matches every word typed, ignoring case and `_` vs space ("new york", "москва"). */
export function filterZones(zones: readonly string[], query: string): string[] {
  const words = query.toLowerCase().replace(/_/g, ' ').split(/\s+/).filter(Boolean);
  if (!words.length) return [...zones];
  return zones.filter((zone) => {
    const name = `${zone} ${russianCity(zone) ?? ''}`.toLowerCase().replace(/_/g, ' ');
    return words.every((word) => name.includes(word));
  });
}
