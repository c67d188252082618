// The REST calls for finding, inviting, repeating and exporting (API.md "Friends, invitations and
// search"). Kept apart from api.ts, which the event page loads first: only the pages and dialogs
// that use these carry them.
import { answered, eventPath, request, type CallOptions } from './api';
import type { Event, FriendList, InvitationResult } from './types';

/** The registered people the caller has planned events with, most recent first. */
export const friends = (options: CallOptions = {}) => request<FriendList>('/me/friends', options);

/** Invites the organiser's friends (Telegram when linked, mail when verified). */
export const invite = (id: string, userIds: string[], options: CallOptions = {}) =>
  request<InvitationResult>(`${eventPath(id)}/invitations`, { ...options, method: 'POST', body: { userIds } });

/** A new event organised by the caller: the same everything, times moved by `shiftDays`. */
export const copyEvent = (id: string, shiftDays: number, options: CallOptions = {}) =>
  request<Event>(`${eventPath(id)}/copy`, { ...options, method: 'POST', body: { shiftDays } });

/** The organiser's spreadsheet of answers. Fetched (it needs the auth headers a plain link lacks). */
export async function answersCsv(id: string, options: CallOptions = {}): Promise<Blob> {
  const response = await answered(`${eventPath(id)}/answers.csv`, { ...options, accept: 'text/csv' });
  return response.blob();
}

