// Why the viewer cannot paint right now, if they cannot.
import type { Event, Participant } from '../lib';

export type ReadOnlyReason = 'notJoined' | 'finalized' | 'pastDeadline';

export function readOnlyReason(event: Event, me: Participant | null, now: number = Date.now()): ReadOnlyReason | null {
  // The lock outranks the rest: after it nobody paints, joined or not.
  if (event.status === 'finalized') return 'finalized';
  if (event.settings.deadline && Date.parse(event.settings.deadline) <= now) return 'pastDeadline';
  if (!me) return 'notJoined';
  return null;
}
