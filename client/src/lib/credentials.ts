// Which secrets go with a call about one event. The account's access token is added by the REST
// client itself; these are the keys a browser holds without one. Sending both is safe: the server
// takes whichever grants the action.
import type { CallOptions } from './api';
import { getOrganizerToken } from './organizerTokens';
import { getGuest } from './participantTokens';

export function credentialsFor(eventId: string): Pick<CallOptions, 'participantToken' | 'organizerToken'> {
  return { participantToken: getGuest(eventId)?.token ?? null, organizerToken: getOrganizerToken(eventId) };
}
