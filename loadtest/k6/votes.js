// Guests arriving at a few busy events: each iteration joins as a new guest and votes once.
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { options as base, organiser, createEvent, call, vote, summary } from './lib.js';

export const options = base();
const joinMs = new Trend('join_ms', true);
const answerMs = new Trend('answer_ms', true);

export function setup() {
  const token = organiser('Host');
  return { events: Array.from({ length: 10 }, (_, i) => createEvent(token, `Party ${i}`)) };
}

export default function ({ events }) {
  const id = events[(__VU + __ITER) % events.length];
  const joined = call('POST', `/events/${id}/participants`, { name: `Guest ${__VU}-${__ITER}` }, { name: 'join' });
  joinMs.add(joined.timings.duration);
  if (!check(joined, { joined: (r) => r.status === 201 })) return;
  const pid = joined.json('participant.id');
  const answered = call('PUT', `/events/${id}/participants/${pid}/answers`, vote(__ITER), {
    guest: joined.json('participantToken'),
    name: 'PUT answers',
  });
  answerMs.add(answered.timings.duration);
  check(answered, { answered: (r) => r.status === 200 });
}

export function handleSummary(data) {
  return summary(data);
}
