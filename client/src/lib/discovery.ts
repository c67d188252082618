// TanStack Query hooks for finding, inviting and repeating: the "What's on" search, friends,
// invitations, "same again" and the answers spreadsheet. Results differ by who asks (a guest sees
// public events only), so the signed-in user is part of every key.
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { getEvent, listEvents } from './api';
import { answersCsv, copyEvent, friends, invite } from './discoveryApi';
import { credentialsFor } from './credentials';
import { eventKey } from './liveRoom';
import { getGuest } from './participantTokens';
import { getSession, subscribeSession } from './sessionStore';
import type { Event, EventQuery, EventSummary, Place } from './types';

/** One page of search results; the server caps `limit` at 100. */
export const SEARCH_PAGE = 20;

function useUserId(): string | null {
  const read = () => getSession().user?.id ?? null;
  return useSyncExternalStore(subscribeSession, read, read);
}

/** Whether the session check on load has settled (signed in or out). */
function useSessionSettled(): boolean {
  const read = () => getSession().status !== 'loading';
  return useSyncExternalStore(subscribeSession, read, read);
}

export const searchKey = (userId: string | null, query: EventQuery) => ['events', 'search', userId, query] as const;

/** Events matching `query`, page by page ("more" calls `fetchNextPage`). */
export function useEventSearch(query: Omit<EventQuery, 'cursor' | 'limit'>) {
  const userId = useUserId();
  const settled = useSessionSettled();
  return useInfiniteQuery({
    queryKey: searchKey(userId, query),
    queryFn: ({ pageParam, signal }) => listEvents({ ...query, limit: SEARCH_PAGE, cursor: pageParam ?? undefined }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? null,
    // The session check must settle first, or a signed-in visitor's first page is the guest's.
    enabled: settled,
  });
}

/** Whether the server put the card's details in the summary (newer servers may). */
const hasDetails = (summary: EventSummary) => summary.participantCount !== undefined && summary.places !== undefined;

const detailsQuery = (summary: EventSummary) => ({
  queryKey: eventKey(summary.id),
  queryFn: ({ signal }: { signal: AbortSignal }) => getEvent(summary.id, { participantToken: getGuest(summary.id)?.token, signal }),
  enabled: !hasDetails(summary),
  staleTime: 60_000,
});

/** What a result card shows beyond the summary: how many answered, and where. */
export interface CardDetails {
  participantCount: number;
  places: Pick<Place, 'name' | 'address' | 'lat' | 'lng'>[];
}

/**
 * The card's details from the summary when the server sends them there, else from the event
 * itself (one GET per shown card, cached under the event's own key, so opening it is instant).
 */
export function useCardDetails(summary: EventSummary): { details: CardDetails | null; isLoading: boolean } {
  const query = useQuery(detailsQuery(summary));
  if (hasDetails(summary)) return { details: { participantCount: summary.participantCount ?? 0, places: summary.places ?? [] }, isLoading: false };
  const event: Event | undefined = query.data;
  return {
    details: event ? { participantCount: event.participants.length, places: event.places } : null,
    isLoading: query.isLoading,
  };
}

/** A result's place that has coordinates: a pin on the results map. */
export interface ResultPin {
  eventId: string;
  title: string;
  name: string;
  address?: string | null;
  lat: number;
  lng: number;
}

/** The pins for the results map, from the summaries or the same event queries the cards use. */
export function useResultPins(summaries: EventSummary[]): ResultPin[] {
  const events = useQueries({ queries: summaries.map(detailsQuery) });
  const pins: ResultPin[] = [];
  summaries.forEach((summary, i) => {
    const places = summary.places ?? events[i]?.data?.places ?? [];
    for (const place of places) {
      if (typeof place.lat === 'number' && typeof place.lng === 'number') {
        pins.push({ eventId: summary.id, title: summary.title, name: place.name, address: place.address, lat: place.lat, lng: place.lng });
      }
    }
  });
  return pins;
}

export const friendsKey = (userId: string | null) => ['me', 'friends', userId] as const;

/** "People you planned with". Disabled when signed out. */
export function useFriends() {
  const userId = useUserId();
  return useQuery({
    queryKey: friendsKey(userId),
    queryFn: ({ signal }) => friends({ signal }),
    enabled: userId !== null,
  });
}

export function useInvite(eventId: string) {
  return useMutation({ mutationFn: (userIds: string[]) => invite(eventId, userIds, credentialsFor(eventId)) });
}

/** "Same again": a copy organised by the caller, `shiftDays` later; it lands in the cache ready to open. */
export function useCopyEvent(eventId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (shiftDays: number) => copyEvent(eventId, shiftDays, credentialsFor(eventId)),
    onSuccess: (copy) => {
      queries.setQueryData(eventKey(copy.id), copy);
      void queries.invalidateQueries({ queryKey: ['events'] });
    },
  });
}

/** A file name for the spreadsheet: the title's letters and digits (any script), then the id. */
export function csvFileName(event: Pick<Event, 'id' | 'title'>): string {
  const stem = event.title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${stem || 'prost'}-${event.id}.csv`;
}

/** Fetches the answers with the organiser's credentials and hands them to the browser as a download. */
export async function downloadAnswersCsv(event: Pick<Event, 'id' | 'title'>): Promise<void> {
  const blob = await answersCsv(event.id, credentialsFor(event.id));
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(event);
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // After the click has started the download; revoking at once cancels it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
