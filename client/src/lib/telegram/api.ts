// The Telegram endpoints (API.md, "Telegram"): deep-link codes for an account or a guest's
// participant, the link status, unlinking, and the Mini App sign-in. Transport only.
import { request, type CallOptions } from '../api';
import type { AuthResponse, TelegramIdentity } from '../types';

/** A single-use deep link: `url` is `https://t.me/<bot>?start=<code>`, valid until `expiresAt`. */
export interface TelegramLink {
  code: string;
  url: string;
  expiresAt: string;
}

/** Whether a participant's reminders go to a Telegram chat (an extension of the participant link). */
export interface ParticipantTelegram extends Partial<TelegramIdentity> {
  linked: boolean;
}

const enc = encodeURIComponent;
const participantPath = (eventId: string, participantId: string) =>
  `/events/${enc(eventId)}/participants/${enc(participantId)}/telegram`;

export const linkAccount = () => request<TelegramLink>('/me/telegram/link', { method: 'POST' });
export const unlinkAccount = () => request<void>('/me/telegram', { method: 'DELETE' });

export const linkParticipant = (eventId: string, participantId: string, options: CallOptions = {}) =>
  request<TelegramLink>(`${participantPath(eventId, participantId)}/link`, { ...options, method: 'POST' });
export const participantTelegram = (eventId: string, participantId: string, options: CallOptions = {}) =>
  request<ParticipantTelegram>(`${participantPath(eventId, participantId)}/link`, options);
export const unlinkParticipant = (eventId: string, participantId: string, options: CallOptions = {}) =>
  request<void>(participantPath(eventId, participantId), { ...options, method: 'DELETE' });

/** Signs in as the Telegram user a Mini App was opened by; `initData` is the raw signed string. */
export const signInWithInitData = (initData: string) =>
  request<AuthResponse>('/auth/telegram/webapp', { method: 'POST', body: { initData }, withSession: false });
