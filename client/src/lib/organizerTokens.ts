// An organiser who created an event without an account holds its `organizerToken`: the only key to
// edit, finalise or delete it until they sign up and the account takes the event over.
import { secretStore } from './eventSecrets';

const organizers = secretStore('prost.organizers', (v): v is string => typeof v === 'string' && v.length > 0);

export const getOrganizerToken = organizers.get;
export const saveOrganizerToken = organizers.save;
export const forgetOrganizerToken = organizers.forget;
export const subscribeOrganizerTokens = organizers.subscribe;
export const allOrganizerTokens = (): string[] => Object.values(organizers.all());
