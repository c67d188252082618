// A guest has no account: the secret participant token from joining is their only key to edit
// their answers later. It is kept per event so they can come back to the link.
import { secretStore } from './eventSecrets';

export interface GuestIdentity {
  participantId: string;
  token: string;
}

const isGuest = (v: unknown): v is GuestIdentity =>
  !!v && typeof (v as GuestIdentity).participantId === 'string' && typeof (v as GuestIdentity).token === 'string';

const guests = secretStore('prost.guests', isGuest);

export const getGuest = guests.get;
export const saveGuest = guests.save;
export const forgetGuest = guests.forget;
export const subscribeGuests = guests.subscribe;
/** Every guest token held here, for `participantTokens` on sign-up or sign-in. */
export const allGuestTokens = (): string[] => Object.values(guests.all()).map((g) => g.token);
/** Every guest identity held here, by event id. */
export const allGuests = (): Record<string, GuestIdentity> => guests.all();
