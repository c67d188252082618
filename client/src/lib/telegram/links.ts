// Where a person's reminders go: the account's chat (one link for every event) or, for a guest, a
// chat subscribed to one participant of one event. Both are `useLinkFlow` over their endpoints.
import { getGuest } from '../participantTokens';
import * as api from '../api';
import { isApiError } from '../api';
import type { User } from '../types';
import * as telegram from './api';
import type { ParticipantTelegram } from './api';
import { useLinkFlow } from './useLinkFlow';

export const meKey = (userId: string | null) => ['me', userId] as const;
export const participantTelegramKey = (eventId: string, participantId: string) =>
  ['telegram', 'participant', eventId, participantId] as const;

/** The signed-in account's Telegram link, from `GET /me`. */
export function useAccountTelegram(userId: string | null) {
  return useLinkFlow<User>({
    key: meKey(userId),
    status: (signal) => api.me({ signal }),
    isLinked: (user) => user?.telegramLinked === true,
    unlinked: (user) => (user ? { ...user, telegramLinked: false, telegram: null } : user),
    create: telegram.linkAccount,
    remove: telegram.unlinkAccount,
    enabled: userId !== null,
  });
}

/** A guest's link: their participant's chat for this event, with the token kept for it. */
export function useParticipantTelegram(eventId: string, participantId: string) {
  const token = () => getGuest(eventId)?.token ?? null;
  return useLinkFlow<ParticipantTelegram>({
    key: participantTelegramKey(eventId, participantId),
    status: async (signal) => {
      try {
        return await telegram.participantTelegram(eventId, participantId, { participantToken: token(), signal });
      } catch (e) {
        // A server without the status extension: nobody can tell, so offer the link.
        if (isApiError(e, 'not_found') || (isApiError(e) && e.status === 405)) return { linked: false };
        throw e;
      }
    },
    isLinked: (status) => status?.linked === true,
    unlinked: () => ({ linked: false }),
    create: () => telegram.linkParticipant(eventId, participantId, { participantToken: token() }),
    remove: () => telegram.unlinkParticipant(eventId, participantId, { participantToken: token() }),
    enabled: true,
  });
}
