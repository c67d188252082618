// The deep-link dance shared by an account and a guest's participant: ask for a code, let the
// person open Telegram and press Start, and watch the link status until the bot has seen it.
// Watching polls every couple of seconds, only while a code is fresh and the page is visible
// (TanStack Query pauses intervals on hidden pages), and stops as soon as the chat is linked.
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TelegramLink } from './api';

export const POLL_MS = 2_000;

/** True once `expiresAt` (RFC 3339) has passed (a timer re-renders at that moment). */
export function useExpired(expiresAt: string | undefined): boolean {
  const deadline = expiresAt ? Date.parse(expiresAt) : NaN;
  const [expiredAt, setExpiredAt] = useState<number | null>(null);
  useEffect(() => {
    if (!Number.isFinite(deadline)) return;
    const left = deadline - Date.now();
    // setTimeout's delay is a 32-bit number; a code lives minutes, but a wrong clock should not spin.
    const timer = setTimeout(() => setExpiredAt(deadline), Math.min(Math.max(left, 0), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [deadline]);
  return Number.isFinite(deadline) && expiredAt === deadline;
}

export interface LinkFlowSpec<S> {
  /** The status query's key; unlinking and linking write into it. */
  key: QueryKey;
  status: (signal: AbortSignal) => Promise<S>;
  isLinked: (status: S | undefined) => boolean;
  /** The status once unlinked, written into the cache so the page does not wait for a refetch. */
  unlinked: (status: S | undefined) => S | undefined;
  create: () => Promise<TelegramLink>;
  remove: () => Promise<void>;
  enabled: boolean;
}

export type LinkPhase = 'loading' | 'error' | 'linked' | 'waiting' | 'expired' | 'idle';

export function useLinkFlow<S>(spec: LinkFlowSpec<S>) {
  const queries = useQueryClient();
  const [pending, setPending] = useState<TelegramLink | null>(null);
  const expired = useExpired(pending?.expiresAt);
  const { isLinked } = spec;
  const status = useQuery({
    queryKey: spec.key,
    queryFn: ({ signal }) => spec.status(signal),
    enabled: spec.enabled,
    staleTime: 10_000,
    refetchInterval: (query) => (pending && !expired && !isLinked(query.state.data) ? POLL_MS : false),
    refetchIntervalInBackground: false,
  });
  // Once linked, a pending code is spent; the phase below puts "linked" first, so it needs no clearing.
  const linked = isLinked(status.data);

  const create = useMutation({ mutationFn: spec.create, onSuccess: setPending });
  const remove = useMutation({
    mutationFn: spec.remove,
    onSuccess: () => {
      setPending(null);
      queries.setQueryData<S>(spec.key, (held) => spec.unlinked(held));
    },
  });

  let phase: LinkPhase;
  if (status.data === undefined && status.isPending && spec.enabled) phase = 'loading';
  else if (status.data === undefined && status.isError) phase = 'error';
  else if (linked) phase = 'linked';
  else if (pending && !expired) phase = 'waiting';
  else if (pending) phase = 'expired';
  else phase = 'idle';

  return {
    phase,
    status: status.data,
    statusError: status.error,
    retryStatus: () => void status.refetch(),
    /** The fresh deep link while waiting for Telegram. */
    pending: phase === 'waiting' ? pending : null,
    start: () => create.mutate(),
    starting: create.isPending,
    startError: create.error,
    unlink: () => remove.mutate(),
    unlinking: remove.isPending,
    unlinkError: remove.error,
  };
}
