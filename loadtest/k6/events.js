// Organisers creating events: every iteration is one POST /events (a store write and a new id;
// no cache involved).
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { options as base, organiser, eventBody, call, summary } from './lib.js';

export const options = base();
const createMs = new Trend('create_ms', true);

export function setup() {
  // A handful of organisers, so creation is not one user's hot spot.
  return { tokens: Array.from({ length: 5 }, (_, i) => organiser(`Organiser${i}`)) };
}

export default function ({ tokens }) {
  const token = tokens[(__VU + __ITER) % tokens.length];
  const res = call('POST', '/events', eventBody(`Load ${__VU}-${__ITER}`), { token, name: 'POST /events' });
  createMs.add(res.timings.duration);
  check(res, { 'event created': (r) => r.status === 201 });
}

export function handleSummary(data) {
  return summary(data);
}
