// TanStack Query hooks for the account: the fresh `GET /me` the settings page shows, and the
// changes to it. Every change that returns a user also updates the session's copy, so the header
// and the unverified-email banner follow at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import * as accounts from './accountApi';
import * as api from './api';
import { retryWhileBusy } from './busyRetry';
import { useSession } from './session';
import { signedOutForGood, updateUser } from './sessionStore';
import type { MePatch, User } from './types';
import { useCountdown } from './useCountdown';

export const meKey = (userId: string | null) => ['me', userId] as const;

export function useMe() {
  const session = useSession();
  const userId = session.user?.id ?? null;
  return useQuery({
    queryKey: meKey(userId),
    queryFn: async ({ signal }) => {
      const user = await api.me({ signal });
      updateUser(user);
      return user;
    },
    enabled: session.status === 'signedIn',
    // The session already holds this user: show it at once, then freshen it.
    placeholderData: session.user ?? undefined,
  });
}

/** Keeps the settings page's copy and the session's copy of the user in step. */
function useAdoptUser() {
  const queries = useQueryClient();
  return (user: User) => {
    queries.setQueryData(meKey(user.id), user);
    updateUser(user);
  };
}

export function usePatchMe() {
  const adoptUser = useAdoptUser();
  return useMutation({ mutationFn: (patch: MePatch) => accounts.patchMe(patch), onSuccess: adoptUser });
}

export function useUnlinkIdentity() {
  const queries = useQueryClient();
  const session = useSession();
  return useMutation({
    mutationFn: (provider: string) => accounts.unlinkIdentity(provider),
    onSuccess: () => queries.invalidateQueries({ queryKey: meKey(session.user?.id ?? null) }),
  });
}

export interface PasswordChange {
  newPassword: string;
  /** Left out by accounts that have no password yet. */
  currentPassword?: string;
}

export function useChangePassword(onBusy?: (seconds: number) => void) {
  const queries = useQueryClient();
  const session = useSession();
  return useMutation({
    mutationFn: ({ newPassword, currentPassword }: PasswordChange) =>
      retryWhileBusy(() => accounts.changePassword(newPassword, currentPassword), { onWait: onBusy }),
    onSuccess: () => queries.invalidateQueries({ queryKey: meKey(session.user?.id ?? null) }),
  });
}

/**
 * `DELETE /me`, and `leave()` for afterwards: the session and every cached answer go. The page
 * calls `leave()` itself, after it has navigated away, so no signed-in page sees itself signed out
 * and sends the (deleted) visitor to the sign-in form.
 */
export function useDeleteAccount() {
  const queries = useQueryClient();
  const mutation = useMutation({ mutationFn: () => accounts.deleteMe() });
  const leave = () => {
    signedOutForGood();
    queries.clear();
  };
  return { ...mutation, leave };
}

export type ResendState = 'idle' | 'sending' | 'sent' | 'error';

/** "Send the mail again", which the server rate-limits: a 429 starts a countdown instead of an error. */
export function useResendVerification() {
  const [state, setState] = useState<ResendState>('idle');
  const [error, setError] = useState<unknown>(null);
  const [wait, startWait] = useCountdown();
  async function send() {
    setState('sending');
    setError(null);
    try {
      await accounts.resendVerification();
      setState('sent');
    } catch (e) {
      if (api.isApiError(e, 'rate_limited')) {
        startWait(e.retryAfter ?? 60);
        setState('idle');
      } else {
        setError(e);
        setState('error');
      }
    }
  }
  return { state, error, wait, send };
}

/** Saves `GET /me/export` as a file the browser downloads. */
export async function downloadExport(fileName: string): Promise<void> {
  const data = await accounts.exportMe();
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // After the click has handed the blob to the download; revoking at once can cancel it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
