// Reading events: a few hot events read over and over (served from the Redis view cache after
// the first read), and reads right after a vote (the owner invalidated the view, so they miss).
// X-Prost-Cache: hit on a response says the cache answered; cache_hit counts how often.
import { check } from 'k6';
import { Rate, Trend } from 'k6/metrics';
import { options as base, organiser, createEvent, call, vote, summary } from './lib.js';

export const options = base();
const hotMs = new Trend('read_hot_ms', true);
const afterWriteMs = new Trend('read_after_write_ms', true);
const hotHit = new Rate('hot_read_cache_hit');
const afterWriteHit = new Rate('after_write_cache_hit');

const HOT_EVENTS = 5;

export function setup() {
  const token = organiser('Reader');
  const hot = Array.from({ length: HOT_EVENTS }, (_, i) => createEvent(token, `Hot ${i}`));
  // One event and guest per VU for the write-then-read half, so votes do not queue on one actor.
  const written = [];
  for (let vu = 0; vu < 50; vu++) {
    const id = createEvent(token, `Written ${vu}`);
    const joined = call('POST', `/events/${id}/participants`, { name: `Voter ${vu}` }, { name: 'join' });
    written.push({ id, pid: joined.json('participant.id'), token: joined.json('participantToken') });
  }
  return { hot, written };
}

export default function ({ hot, written }) {
  // Even iterations read a hot event; odd ones vote and then read that event.
  if (__ITER % 2 === 0) {
    const id = hot[__ITER % hot.length];
    const res = call('GET', `/events/${id}`, undefined, { name: 'GET /events/{id} hot' });
    hotMs.add(res.timings.duration);
    hotHit.add(res.headers['X-Prost-Cache'] === 'hit');
    check(res, { 'hot read ok': (r) => r.status === 200 });
  } else {
    const mine = written[(__VU - 1) % written.length];
    const put = call('PUT', `/events/${mine.id}/participants/${mine.pid}/answers`, vote(__ITER), {
      guest: mine.token,
      name: 'PUT answers',
    });
    check(put, { 'vote ok': (r) => r.status === 200 });
    const res = call('GET', `/events/${mine.id}`, undefined, { name: 'GET /events/{id} after write' });
    afterWriteMs.add(res.timings.duration);
    afterWriteHit.add(res.headers['X-Prost-Cache'] === 'hit');
    check(res, { 'read after write ok': (r) => r.status === 200 });
  }
}

export function handleSummary(data) {
  return summary(data);
}
