// "Copy my answers from another event I answered": the other events this browser knows me in
// (the account's events, or the guest tokens kept here), then my answers there mapped onto
// this event's times, with what was matched and how.
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useMessages } from '../../i18n';
import { availabilityMessages } from '../../i18n/messages/availability';
import { commonMessages } from '../../i18n/messages/common';
import { api, eventKey, findMe, useMyEvents, useSession, viewerZone, type Answer, type Event } from '../../lib';
import { copyAnswers } from '../../lib/availability/copyAnswers';
import { allGuests, getGuest } from '../../lib/participantTokens';
import { errorText } from '../ui/errorText';
import { withoutAnswered, type Proposal } from './proposal';

/** A guest's other events are only ids in localStorage: titles take a GET each, so a few at most. */
const MAX_GUEST_EVENTS = 10;

interface EventSourceProps {
  event: Event;
  held: Record<string, Answer>;
  keep: boolean;
  onPropose(proposal: Proposal): void;
  onProblem(problem: string | null): void;
}

function useCandidates(currentId: string): { items: { id: string; title: string }[]; loading: boolean } {
  const session = useSession();
  const signedIn = session.status === 'signedIn';
  const mine = useMyEvents({ limit: 100 });
  const guestIds = useMemo(
    () => (signedIn ? [] : Object.keys(allGuests()).filter((id) => id !== currentId).slice(0, MAX_GUEST_EVENTS)),
    [signedIn, currentId],
  );
  const guestEvents = useQueries({
    queries: guestIds.map((id) => ({
      queryKey: eventKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.getEvent(id, { participantToken: getGuest(id)?.token, signal }),
      staleTime: 60_000,
    })),
  });
  if (signedIn) {
    const items = (mine.data?.items ?? []).filter((e) => e.id !== currentId && e.slotCount > 0).map((e) => ({ id: e.id, title: e.title }));
    return { items, loading: mine.isPending };
  }
  const items = guestEvents.flatMap((q) => (q.data && q.data.id !== currentId ? [{ id: q.data.id, title: q.data.title }] : []));
  return { items, loading: guestEvents.some((q) => q.isPending) };
}

export function EventSource({ event, held, keep, onPropose, onProblem }: EventSourceProps) {
  const t = useMessages(availabilityMessages);
  const common = useMessages(commonMessages);
  const id = useId();
  const queries = useQueryClient();
  const session = useSession();
  const { items, loading } = useCandidates(event.id);
  const [picked, setPicked] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = picked || items[0]?.id || '';

  async function preview() {
    if (!chosen) return;
    onProblem(null);
    setBusy(true);
    try {
      const source = await queries.fetchQuery({
        queryKey: eventKey(chosen),
        queryFn: ({ signal }) => api.getEvent(chosen, { participantToken: getGuest(chosen)?.token, signal }),
        staleTime: 60_000,
      });
      const mine = findMe(source, session.user?.id ?? null, getGuest(chosen)?.participantId ?? null);
      if (!mine || Object.keys(mine.answers.slots).length === 0) {
        onProblem(t.eventNoAnswers);
        return;
      }
      const copied = copyAnswers(event.slots, source.slots, mine.answers.slots, viewerZone());
      if (Object.keys(copied.slots).length === 0) {
        onProblem(t.copyNothing);
        return;
      }
      onPropose({
        slots: withoutAnswered(copied.slots, held, keep),
        summary: t.copySummary(copied.sameMoment, copied.sameWeekday, copied.unmatched),
      });
    } catch (error) {
      onProblem(errorText(error, common));
    } finally {
      setBusy(false);
    }
  }

  if (loading) return <p className="muted small" role="status">{t.eventLoading}</p>;
  if (items.length === 0) return <p className="muted" data-testid="import-event-none">{t.eventNone}</p>;
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={`${id}-event`}>{t.eventPick}</label>
        <select id={`${id}-event`} className="select" data-testid="import-event" value={chosen} onChange={(e) => setPicked(e.target.value)}>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
        <span className="field-hint">{t.eventHowMatched}</span>
      </div>
      <button type="button" className="btn" data-testid="import-event-use" disabled={busy || !chosen} onClick={() => void preview()}>
        {busy ? t.reading : t.use}
      </button>
    </div>
  );
}
