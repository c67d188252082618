// The data layer's public surface. Pages and components import from here, never from the files.
export * from './types';
export * as api from './api';
export { ApiError, isApiError, calendarUrl } from './api';
export { SessionProvider, useSession, type Session } from './session';
export type { SessionStatus, SignInOptions } from './sessionStore';
export { getGuest, saveGuest, forgetGuest, allGuestTokens, type GuestIdentity } from './participantTokens';
export { getOrganizerToken, forgetOrganizerToken, allOrganizerTokens } from './organizerTokens';
export type { LiveStatus } from './live';
export {
  eventKey,
  myEventsKey,
  findMe,
  useEvent,
  useAnswerStroke,
  useOutbox,
  prefetchEventOf,
  useJoinEvent,
  useRemoveParticipant,
  useAddPlace,
  useAddComment,
  useFinalize,
  useReopen,
  usePatchEvent,
  useDeleteEvent,
  useCreateEvent,
  useMyEvents,
  useIsOrganizer,
  type EventView,
} from './queries';
export { computeTally, ANSWER_WEIGHT } from './tally';
export { rankPlans, plansOf, chainsOf, MAX_PLANS } from './plans';
export {
  viewerZone,
  canonicalZone,
  isValidZone,
  localTime,
  offsetMinutes,
  addDays,
  localeOf,
  formatDay,
  formatTime,
  formatRange,
  formatInstant,
  formatOffset,
  zoneCity,
  zonedToUtc,
  localInputToUtc,
  type DateKey,
} from './time';
export { displayNames, nameTaken, distinctName, nameKey } from './people';
export { russianCity } from './zoneNames';
export { useConfig, type ServerConfig } from './config';
export { forgetSignedOut, signInWith, updateUser } from './sessionStore';
