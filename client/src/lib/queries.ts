// TanStack Query hooks for pages and the board. `useEvent` loads an event over REST and keeps it
// live over the socket; the mutations write their replies into the same cache entry, so nothing
// waits for a refetch, and the live diffs that follow find the change already there.
import { replaceEqualDeep, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import * as api from './api';
import { retryWhileBusy } from './busyRetry';
import { credentialsFor } from './credentials';
import { getOrganizerToken, saveOrganizerToken, subscribeOrganizerTokens } from './organizerTokens';
import { forgetGuest, getGuest, saveGuest, subscribeGuests } from './participantTokens';
import { applyChange, withTally } from './reducer';
import { eventKey, existingRoom, newerEvent, roomFor, type RoomState } from './liveRoom';
import type { LiveStatus } from './live';
import { getSession, subscribeSession } from './sessionStore';
import type { AnswerCells, Event, EventPatch, EventQuery, FinalizeRequest, NewEvent, NewPlace, Participant } from './types';

export { eventKey } from './liveRoom';
export const myEventsKey = (userId: string | null, query: EventQuery = {}) => ['events', 'mine', userId, query] as const;

/** This browser's participant: by account when signed in, else by the guest token kept for the event. */
export function findMe(event: Event | undefined, userId: string | null, guestParticipantId: string | null): Participant | null {
  if (!event) return null;
  return (
    (userId ? event.participants.find((p) => p.userId === userId) : undefined) ??
    (guestParticipantId ? event.participants.find((p) => p.id === guestParticipantId) : undefined) ??
    null
  );
}

function useGuest(eventId: string) {
  const read = useCallback(() => getGuest(eventId)?.participantId ?? null, [eventId]);
  const participantId = useSyncExternalStore(subscribeGuests, read, read);
  return { participantId, token: () => getGuest(eventId)?.token ?? null };
}

function useUserId(): string | null {
  const read = () => getSession().user?.id ?? null;
  return useSyncExternalStore(subscribeSession, read, read);
}

const OFFLINE: RoomState = { status: 'offline', presence: 0, gone: false, unsent: 0, pendingSlots: new Set(), pendingPlaces: new Set() };

export interface EventView {
  event: Event | undefined;
  /** The live connection. */
  status: LiveStatus;
  /** How many people are looking at the event now, this browser included. */
  presence: number;
  me: Participant | null;
  error: Error | null;
  isLoading: boolean;
  /** Deleted while we watched, or never existed. */
  gone: boolean;
  /** Answers painted with no connection, waiting to go out; `retry` sends them now. */
  unsent: number;
  retry(): void;
  /** Cells drawn here that the server has not confirmed yet. */
  pendingSlots: ReadonlySet<string>;
  pendingPlaces: ReadonlySet<string>;
}

const eventQuery = (eventId: string) => ({
  queryKey: eventKey(eventId),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.getEvent(eventId, { participantToken: getGuest(eventId)?.token, signal }),
});

/**
 * Starts loading a share link's event as the app boots, before the event page's code has even
 * arrived, and without waiting for the session check: the GET needs no account (a guest's token
 * is in localStorage), so a guest's grid never waits on `/auth/refresh`.
 */
export function prefetchEventOf(path: string, queries: QueryClient): void {
  const match = /^\/e\/([^/?#]+)/.exec(path);
  if (match?.[1]) void queries.prefetchQuery({ ...eventQuery(decodeURIComponent(match[1])), staleTime: Infinity });
}

/** The event, kept live. Every component showing the same event shares one socket. */
export function useEvent(eventId: string): EventView {
  const queries = useQueryClient();
  const userId = useUserId();
  const guest = useGuest(eventId);
  const query = useQuery({
    ...eventQuery(eventId),
    // The socket keeps the entry fresh; REST is only the first paint (and the fallback when it is down).
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: (count, error) => !api.isApiError(error, 'not_found') && count < 3,
    // A REST reply that crossed a newer snapshot must not roll the board back.
    structuralSharing: (held, incoming) =>
      held ? replaceEqualDeep(held, newerEvent(held as Event, incoming as Event)) : incoming,
  });
  const room = useMemo(() => roomFor(eventId, queries), [eventId, queries]);
  // The socket opens once REST has found the event: for a wrong link the handshake is a plain
  // HTTP 404 the browser does not show us, so the socket would retry it forever.
  const found = query.data !== undefined;
  useEffect(() => {
    if (!found) return;
    room.acquire();
    return () => room.release();
  }, [room, found]);
  const live = useSyncExternalStore(room.subscribe, room.getState, () => OFFLINE);
  const event = query.data;
  const me = useMemo(() => findMe(event, userId, guest.participantId), [event, userId, guest.participantId]);
  const notFound = api.isApiError(query.error, 'not_found');
  return {
    event,
    status: live.status,
    presence: live.presence,
    me,
    error: query.error,
    isLoading: query.isLoading,
    gone: live.gone || notFound,
    unsent: live.unsent,
    retry: () => room.retryUnsent(),
    pendingSlots: live.pendingSlots,
    pendingPlaces: live.pendingPlaces,
  };
}

/** This browser's answers not confirmed yet for one event: counts, cells, and a retry. */
export function useOutbox(eventId: string) {
  const queries = useQueryClient();
  const room = useMemo(() => roomFor(eventId, queries), [eventId, queries]);
  const live = useSyncExternalStore(room.subscribe, room.getState, () => OFFLINE);
  return { unsent: live.unsent, pendingSlots: live.pendingSlots, pendingPlaces: live.pendingPlaces, retry: () => room.retryUnsent() };
}

/**
 * Paints answer cells (slots or places) for a participant: applied to the cache in the same tick
 * (no frame where a finished stroke blinks back), then sent over the socket, or by REST when it is
 * down. `error` holds the last refusal until the next stroke lands.
 */
export function useAnswerStroke(eventId: string) {
  const queries = useQueryClient();
  const [error, setError] = useState<Error | null>(null);
  const paint = useCallback(
    (participantId: string, cells: Partial<AnswerCells>) => {
      roomFor(eventId, queries)
        .paint(participantId, cells)
        .then(
          () => setError(null),
          (e: unknown) => setError(e instanceof Error ? e : new Error(String(e))),
        );
    },
    [eventId, queries],
  );
  return { paint, error };
}

function useEventCache(eventId: string) {
  const queries = useQueryClient();
  return {
    put: (event: Event) => queries.setQueryData<Event>(eventKey(eventId), (held) => newerEvent(held, event)),
    edit: (change: (event: Event) => Event) =>
      queries.setQueryData<Event>(eventKey(eventId), (held) => (held ? change(held) : held)),
    queries,
  };
}

export function useJoinEvent(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({
    // A crowd arriving at once may be asked to wait a second: the person just sees a spinner.
    mutationFn: (name?: string) => retryWhileBusy(() => api.join(eventId, name), { onlyWhenTold: true }),
    onSuccess: ({ participant, participantToken }) => {
      if (participantToken) saveGuest(eventId, { participantId: participant.id, token: participantToken });
      cache.edit((event) => withTally(applyChange(event, { op: 'participantJoined', participant })));
      existingRoom(eventId, cache.queries)?.rehello();
    },
  });
}

/** Leave (your own participant) or, for the organiser, remove someone. */
export function useRemoveParticipant(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({
    mutationFn: (participantId: string) =>
      api.removeParticipant(eventId, participantId, credentialsFor(eventId)),
    onSuccess: (_void, participantId) => {
      if (getGuest(eventId)?.participantId === participantId) forgetGuest(eventId);
      cache.edit((event) => withTally(applyChange(event, { op: 'participantLeft', participantId })));
    },
  });
}

export function useAddPlace(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({
    mutationFn: (place: NewPlace) => api.addPlace(eventId, place, credentialsFor(eventId)),
    onSuccess: (place) => cache.edit((event) => withTally(applyChange(event, { op: 'placeAdded', place }))),
  });
}

export function useAddComment(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({
    mutationFn: (text: string) => api.addComment(eventId, text, credentialsFor(eventId)),
    onSuccess: (comment) => cache.edit((event) => applyChange(event, { op: 'comment', comment })),
  });
}

export function useFinalize(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({ mutationFn: (plan: FinalizeRequest) => api.finalize(eventId, plan, credentialsFor(eventId)), onSuccess: cache.put });
}

export function useReopen(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({ mutationFn: () => api.reopen(eventId, credentialsFor(eventId)), onSuccess: cache.put });
}

export function usePatchEvent(eventId: string) {
  const cache = useEventCache(eventId);
  return useMutation({ mutationFn: (patch: EventPatch) => api.patchEvent(eventId, patch, credentialsFor(eventId)), onSuccess: cache.put });
}

export function useDeleteEvent(eventId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteEvent(eventId, credentialsFor(eventId)),
    onSuccess: () => {
      queries.removeQueries({ queryKey: eventKey(eventId) });
      void queries.invalidateQueries({ queryKey: ['events'] });
    },
  });
}

export function useCreateEvent() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEvent) => api.createEvent(body),
    onSuccess: ({ organizerToken, ...event }) => {
      // Created without an account: this token is the organiser's only key, so it is kept first.
      if (organizerToken) saveOrganizerToken(event.id, organizerToken);
      queries.setQueryData(eventKey(event.id), event);
      void queries.invalidateQueries({ queryKey: ['events'] });
    },
  });
}

/**
 * Whether this browser organises the event: the signed-in organiser, or whoever holds the
 * organiser token from creating it without an account.
 */
export function useIsOrganizer(event: Pick<Event, 'id' | 'organizer'>): boolean {
  const userId = useUserId();
  const read = useCallback(() => getOrganizerToken(event.id) !== null, [event.id]);
  const holdsToken = useSyncExternalStore(subscribeOrganizerTokens, read, read);
  return holdsToken || (userId !== null && userId === event.organizer.id);
}

/** The signed-in user's events (organised or joined), newest first. Disabled when signed out. */
export function useMyEvents(query: Omit<EventQuery, 'mine'> = {}) {
  const userId = useUserId();
  return useQuery({
    queryKey: myEventsKey(userId, query),
    queryFn: ({ signal }) => api.listEvents({ ...query, mine: true }, { signal }),
    enabled: userId !== null,
  });
}
