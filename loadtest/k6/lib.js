// Shared by the k6 scenarios: where to send requests, bounded load, error-rate-only thresholds,
// and a summary written as JSON for loadtest/k6/run.sh.
//
// Environment: BASE_URL (https://… of HAProxy or http://… of one replica), VUS (≤ 50, default
// 20), DURATION (seconds, `30s` or `30`; ≤ 60, default 30), SUMMARY_JSON (where handleSummary writes the summary).
import http from 'k6/http';
import { check, fail } from 'k6';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const API = `${BASE_URL}/api/v1`;

// Bounded whatever the caller asks: these runs share a two-core machine with the servers.
const VUS = Math.min(parseInt(__ENV.VUS || '20', 10), 50);
const SECONDS = Math.min(parseInt((__ENV.DURATION || '30s').replace(/s$/, ''), 10), 60);

/** Options every scenario starts from: fixed VUs for a fixed time; pass/fail on errors only. */
export function options(extraThresholds = {}) {
  return {
    vus: VUS,
    duration: `${SECONDS}s`,
    // Timings are measured and reported, never judged: the machine is shared and small.
    thresholds: Object.assign({ http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] }, extraThresholds),
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
  };
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** POST/PUT/GET with JSON; `tags.name` groups URLs with ids into one series. */
export function call(method, path, body, { token, guest, name } = {}) {
  const headers = Object.assign({}, JSON_HEADERS);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (guest) headers['X-Participant-Token'] = guest;
  const payload = body === undefined ? null : JSON.stringify(body);
  return http.request(method, `${API}${path}`, payload, { headers, tags: { name: name || path } });
}

/** Registers a fresh organiser; returns the access token. */
export function organiser(label) {
  const email = `${label}.${Date.now()}.${Math.floor(Math.random() * 1e9)}@example.com`;
  const res = call('POST', '/auth/register', { email, password: 'correct horse battery', name: label }, { name: 'register' });
  if (res.status !== 201) fail(`register: ${res.status} ${res.body}`);
  return res.json('accessToken');
}

/** Slot `i`: 15:00–18:00 UTC, `i` days after a week from now (a slot must start in the future). */
function evening(i) {
  const day = new Date(Date.now() + (7 + i) * 86400000).toISOString().slice(0, 10);
  return { start: `${day}T15:00:00Z`, end: `${day}T18:00:00Z` };
}

/** The event body every scenario creates: three slots, two places. */
export function eventBody(title) {
  return {
    title,
    timezone: 'Europe/Moscow',
    slots: [0, 1, 2].map(evening),
    places: [{ name: 'Bar Pivovar', address: 'Tverskaya 1' }, { name: 'Stout Corner' }],
  };
}

/** Creates an event; returns its id (fails the iteration's check otherwise). */
export function createEvent(token, title) {
  const res = call('POST', '/events', eventBody(title), { token, name: 'POST /events' });
  check(res, { 'event created': (r) => r.status === 201 });
  return res.status === 201 ? res.json('id') : null;
}

/** A vote that differs with `i`. */
export function vote(i) {
  const answers = ['yes', 'maybe', 'no'];
  return {
    slots: { s1: answers[i % 3], s2: answers[(i + 1) % 3], s3: answers[(i + 2) % 3] },
    places: { p1: answers[i % 2], p2: answers[(i + 1) % 2] },
  };
}

/** handleSummary: the whole summary as JSON to SUMMARY_JSON, a short text to stdout. */
export function summary(data) {
  const out = {};
  if (__ENV.SUMMARY_JSON) out[__ENV.SUMMARY_JSON] = JSON.stringify(data, null, 2);
  const lines = [`k6 ${BASE_URL}: ${data.metrics.iterations ? data.metrics.iterations.values.count : 0} iterations`];
  for (const [name, metric] of Object.entries(data.metrics)) {
    if (metric.type === 'trend' && name.endsWith('_ms')) {
      const v = metric.values;
      lines.push(`  ${name.padEnd(22)} p50 ${v.med.toFixed(2)}  p95 ${v['p(95)'].toFixed(2)}  p99 ${v['p(99)'].toFixed(2)} ms`);
    }
  }
  const failed = data.metrics.http_req_failed ? data.metrics.http_req_failed.values.rate : 0;
  lines.push(`  http_req_failed        ${(failed * 100).toFixed(2)}%`);
  out.stdout = lines.join('\n') + '\n';
  return out;
}
