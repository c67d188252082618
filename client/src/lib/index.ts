// The data layer's public surface. Pages and components import from here, never from the files.
export * from './types';
export * as api from './api';
export { ApiError, isApiError, calendarUrl } from './api';
export { SessionProvider, useSession, type Session } from './session';
export type { SessionStatus } from './sessionStore';
export { getGuest, saveGuest, forgetGuest, type GuestIdentity } from './participantTokens';
