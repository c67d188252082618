// The "What's on" search lives in the address bar, so a search can be shared or bookmarked and
// Back goes to the previous one. The URL holds what a person reads (`from=2026-12-04`); the API
// query is derived from it, with days turned into instants in the reader's zone.
import { addDays, zonedToUtc, type DateKey, type EventQuery, type EventStatus } from '../../lib';

export type WhereMode = 'anywhere' | 'place' | 'near';

export interface SearchValue {
  q: string;
  /** First and last day (inclusive), `YYYY-MM-DD` in the reader's zone; '' for open-ended. */
  from: DateKey | '';
  to: DateKey | '';
  where: WhereMode;
  place: string;
  /** Rounded coordinates from the browser's geolocation. */
  near: { lat: number; lng: number } | null;
  radiusKm: number;
  status: EventStatus | '';
}

export const RADII_KM = [1, 2, 5, 10, 25, 50] as const;
export const DEFAULT_RADIUS_KM = 5;

export const EMPTY_SEARCH: SearchValue = {
  q: '',
  from: '',
  to: '',
  where: 'anywhere',
  place: '',
  near: null,
  radiusKm: DEFAULT_RADIUS_KM,
  status: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 200;

/**
 * Three decimals is about 100 m: close enough for "within 2 km", and a shared link does not carry
 * the exact doorstep it was searched from.
 */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function parseNear(raw: string | null): SearchValue['near'] {
  const match = raw ? /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(raw) : null;
  if (!match) return null;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return null;
  return { lat: roundCoordinate(lat), lng: roundCoordinate(lng) };
}

/** Reads a search from the address bar; whatever is malformed there is dropped, not guessed. */
export function parseSearch(params: URLSearchParams): SearchValue {
  const date = (key: string): DateKey | '' => {
    const value = params.get(key) ?? '';
    return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
  };
  const near = parseNear(params.get('near'));
  const place = (params.get('place') ?? '').slice(0, MAX_TEXT);
  const radius = Number(params.get('radiusKm'));
  const status = params.get('status');
  return {
    q: (params.get('q') ?? '').slice(0, MAX_TEXT),
    from: date('from'),
    to: date('to'),
    where: near ? 'near' : place.trim() ? 'place' : 'anywhere',
    place: near ? '' : place,
    near,
    radiusKm: (RADII_KM as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS_KM,
    status: status === 'open' || status === 'finalized' ? status : '',
  };
}

/** The address-bar form of a search: only what differs from "everything". */
export function toSearchParams(value: SearchValue): URLSearchParams {
  const params = new URLSearchParams();
  if (value.q.trim()) params.set('q', value.q.trim());
  if (value.from) params.set('from', value.from);
  if (value.to) params.set('to', value.to);
  if (value.where === 'place' && value.place.trim()) params.set('place', value.place.trim());
  if (value.where === 'near' && value.near) {
    params.set('near', `${roundCoordinate(value.near.lat)},${roundCoordinate(value.near.lng)}`);
    params.set('radiusKm', String(value.radiusKm));
  }
  if (value.status) params.set('status', value.status);
  return params;
}

export type SearchProblem = 'toBeforeFrom' | 'nearNeedsLocation';

/** What stops a search from being sent as typed. */
export function searchProblem(value: SearchValue): SearchProblem | null {
  if (value.from && value.to && value.to < value.from) return 'toBeforeFrom';
  if (value.where === 'near' && !value.near) return 'nearNeedsLocation';
  return null;
}

/**
 * The API query. With no first day the search starts today: "what's on" is about what is still
 * to come. The last day is inclusive, so the range runs to the next midnight.
 */
export function toEventQuery(value: SearchValue, zone: string, today: DateKey): Omit<EventQuery, 'cursor' | 'limit'> {
  const query: Omit<EventQuery, 'cursor' | 'limit'> = {};
  if (value.q.trim()) query.q = value.q.trim();
  query.from = zonedToUtc(value.from || today, '00:00', zone).toISOString();
  if (value.to) query.to = zonedToUtc(addDays(value.to, 1), '00:00', zone).toISOString();
  if (value.where === 'place' && value.place.trim()) query.place = value.place.trim();
  if (value.where === 'near' && value.near) {
    query.near = `${value.near.lat},${value.near.lng}`;
    query.radiusKm = value.radiusKm;
  }
  if (value.status) query.status = value.status;
  return query;
}
