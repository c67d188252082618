// The shapes of every body the Prost server sends and accepts, taken from its OpenAPI document
// (`/api/openapi.json`) and API.md. Times are RFC 3339 strings in UTC; zones are IANA names.

/** How someone feels about one candidate slot or place. */
export type Answer = 'yes' | 'maybe' | 'no';
export const ANSWERS: readonly Answer[] = ['yes', 'maybe', 'no'];

/** A participant's whole answer sheet; a missing key means "no answer yet". */
export interface Answers {
  slots: Record<string, Answer>;
  places: Record<string, Answer>;
}

/** A partial sheet, as painted strokes and live diffs carry it: `null` clears a cell. */
export interface AnswerCells {
  slots: Record<string, Answer | null>;
  places: Record<string, Answer | null>;
}

export type Visibility = 'link' | 'public';
export type EventStatus = 'open' | 'finalized';

export interface Slot {
  id: string;
  start: string;
  end: string;
}

export interface Place {
  id: string;
  name: string;
  address?: string | null;
  mapUrl?: string | null;
  lat?: number | null;
  lng?: number | null;
  /** The participant who suggested it, when it was not the organiser. */
  suggestedBy?: string | null;
}

export interface Participant {
  id: string;
  name: string;
  isGuest: boolean;
  /** The account behind a signed-in participant, so a client can find "me". */
  userId?: string | null;
  answers: Answers;
  joinedAt: string;
}

/** The names behind one option's answers; score = yes + 0.5 × maybe. */
export interface Voters {
  yes: string[];
  maybe: string[];
  no: string[];
  /** The same people by participant id, so two people called Sasha stay two people. */
  yesIds: string[];
  maybeIds: string[];
  noIds: string[];
  score: number;
}
export interface SlotTally extends Voters {
  slotId: string;
}
export interface PlaceTally extends Voters {
  placeId: string;
}
export interface Best {
  slotIds: string[];
  placeIds: string[];
}
/** One whole candidate plan: a run of back-to-back slots and a place (API.md "Plans"). */
export interface Plan {
  slotIds: string[];
  start: string;
  end: string;
  placeId: string | null;
  /** Participant ids of those who said yes to every slot of the run and to the place. */
  yes: string[];
  /** Those who said at most "if need be" to some of it (and yes or maybe to the rest). */
  maybe: string[];
  /** The same ids again, so every tally entry has `*Ids`. */
  yesIds?: string[];
  maybeIds?: string[];
  /** yes + 0.5 × maybe: what the ranking uses, and what the client shows. */
  score: number;
}
export interface Tally {
  slots: SlotTally[];
  places: PlaceTally[];
  best: Best;
  /** Best first, at most 10. Optional only because an older server did not send it. */
  plans?: Plan[];
}

export interface FinalPlan {
  /** The first slot of the run. */
  slotId: string;
  /** Every slot of the run, in time order (an older server sent only `slotId`). */
  slotIds?: string[];
  placeId?: string | null;
  start: string;
  end: string;
  /** A copy of the chosen place, so the plan survives later edits. */
  place?: Place | null;
}

export interface Comment {
  id: string;
  author: string;
  /** `null` when the organiser wrote it without joining. */
  participantId?: string | null;
  text: string;
  createdAt: string;
}

/** `GET /events/{id}/comments`: older comments, oldest first. */
export interface CommentPage {
  items: Comment[];
  nextCursor: string | null;
}

/** Dates × a daily window local to the event's zone; no `from`/`to` means whole-day slots. */
export interface GridSpec {
  dates: string[];
  from?: string | null;
  to?: string | null;
  /** Absent for whole-day grids, which have no window to split. */
  stepMinutes?: number;
}

export interface EventSettings {
  allowGuests: boolean;
  participantsCanAddPlaces: boolean;
  deadline?: string | null;
}

export interface Organizer {
  id: string;
  name: string;
  /** Created without an account; the organiser token is the key. */
  isGuest?: boolean;
}

/** The whole event: `GET /events/{id}` and the live `snapshot`. */
export interface Event {
  id: string;
  title: string;
  description?: string | null;
  timezone: string;
  visibility: Visibility;
  status: EventStatus;
  organizer: Organizer;
  slots: Slot[];
  grid?: GridSpec | null;
  places: Place[];
  settings: EventSettings;
  participants: Participant[];
  tally: Tally;
  /** The latest comments (at most 100), oldest first. */
  comments: Comment[];
  /** How many comments there are in all. */
  commentCount?: number;
  /** When `comments` is not all of them: the cursor for the ones before. */
  olderComments?: string | null;
  final?: FinalPlan | null;
  /** Grows by one with each change; live diffs carry it too. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The language the organiser wrote it in (link previews speak it); null when unknown. */
  language?: 'ru' | 'en' | null;
  /** Only in the reply to a create without an account: the organiser's secret (`X-Organizer-Token`). */
  organizerToken?: string | null;
}

/** A listing entry of `GET /events`. */
export interface EventSummary {
  id: string;
  title: string;
  description?: string | null;
  timezone: string;
  visibility: Visibility;
  status: EventStatus;
  organizer: Organizer;
  slotCount: number;
  placeCount: number;
  firstStart?: string | null;
  lastEnd?: string | null;
  final?: FinalPlan | null;
  createdAt: string;
  updatedAt: string;
}

export interface EventPage {
  items: EventSummary[];
  nextCursor?: string | null;
}

export interface EventQuery {
  q?: string;
  from?: string;
  to?: string;
  place?: string;
  mine?: boolean;
  limit?: number;
  cursor?: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  telegramLinked: boolean;
  /** Who the linked Telegram chat belongs to, when `telegramLinked`. */
  telegram?: TelegramIdentity | null;
  /** Absent from servers older than email verification: treat as verified, nothing to nag about. */
  emailVerified?: boolean;
  /** False for accounts made through a provider only: they may set a password without a current one. */
  hasPassword?: boolean;
  /** Social-login providers linked to the account. */
  identities?: Identity[];
}

/** One provider (OpenID Connect) linked to an account. */
export interface Identity {
  /** The provider's id in `/config` (`google`, `telegram`, …). */
  provider: string;
  name?: string | null;
  email?: string | null;
  linkedAt?: string | null;
}

/** `PATCH /me`: a new email must be verified again. */
export interface MePatch {
  name?: string;
  email?: string;
}

/** The Telegram user behind a linked chat, as `GET /me` and the participant link status name it. */
export interface TelegramIdentity {
  username?: string | null;
  firstName: string;
}

/** Register, login and refresh all answer with this (and set the refresh cookie). */
export interface AuthResponse {
  user: User;
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** What the tokens sent with register or login handed to the account. */
  claimed?: { events: string[]; participants: string[] } | null;
}

/** Guest secrets this browser holds, handed over so the account takes those events and answers. */
export interface ClaimTokens {
  organizerTokens?: string[];
  participantTokens?: string[];
}
export interface RegisterRequest extends ClaimTokens {
  email: string;
  password: string;
  name: string;
}
export interface LoginRequest extends ClaimTokens {
  email: string;
  password: string;
}

// ---- request bodies of the event endpoints ----

export interface NewSlot {
  start: string;
  end: string;
}
export interface NewPlace {
  name: string;
  address?: string | null;
  mapUrl?: string | null;
}
export interface SettingsPatch {
  allowGuests?: boolean | null;
  participantsCanAddPlaces?: boolean | null;
  /** `null` removes the deadline. */
  deadline?: string | null;
}
export interface NewEvent {
  title: string;
  /** Who is organising, when creating without an account (the account's name otherwise). */
  organizerName?: string | null;
  /** The organiser's interface language, so the link preview speaks it. */
  language?: 'ru' | 'en' | null;
  description?: string | null;
  timezone?: string | null;
  visibility?: Visibility | null;
  slots?: NewSlot[] | null;
  grid?: GridSpec | null;
  places?: NewPlace[] | null;
  settings?: SettingsPatch | null;
}
/** `PATCH /events/{id}`: every field optional, absent means unchanged. */
export interface EventPatch {
  title?: string | null;
  description?: string | null;
  timezone?: string | null;
  visibility?: Visibility | null;
  settings?: SettingsPatch | null;
  addSlots?: NewSlot[] | null;
  removeSlotIds?: string[] | null;
  addPlaces?: NewPlace[] | null;
  removePlaceIds?: string[] | null;
  /** The whole slot list: listed ids stay, entries without an id are added, the rest go. */
  slots?: (Partial<NewSlot> & { id?: string | null })[] | null;
  places?: (Partial<NewPlace> & { id?: string | null })[] | null;
}
export interface JoinResponse {
  participant: Participant;
  /** Send as `X-Participant-Token` to act as this guest; `null` for signed-in callers. */
  participantToken?: string | null;
}
/** Either one slot, or a run of back-to-back slots. */
export interface FinalizeRequest {
  slotId?: string;
  slotIds?: string[];
  placeId?: string | null;
}

// ---- errors ----

export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  // The client's own codes for failures that never reached the server's error body.
  | 'network'
  | 'bad_response';

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
}
export interface ErrorBody {
  error: ErrorDetail;
}

// ---- the live protocol ----

/** One change in a `diff`. */
export type Change =
  | ({ op: 'answers'; participantId: string } & AnswerCells)
  | { op: 'participantJoined'; participant: Participant }
  | { op: 'participantLeft'; participantId: string }
  | { op: 'placeAdded'; place: Place }
  | { op: 'placeRemoved'; placeId: string }
  | { op: 'slotsChanged'; slots: Slot[] }
  | {
      op: 'settings';
      title: string;
      description?: string | null;
      timezone: string;
      visibility: Visibility;
      settings: EventSettings;
    }
  | { op: 'comment'; comment: Comment }
  | { op: 'organizer'; organizer: Organizer }
  | { op: 'participantUpdated'; participant: Participant }
  | { op: 'finalized'; final: FinalPlan }
  | { op: 'reopened' }
  | { op: 'deleted' };

export type ChangeOp = Change['op'];

export type ClientMessage =
  | { type: 'hello'; accessToken?: string; participantToken?: string; sinceVersion?: number }
  | ({ type: 'answers'; ref: number; participantId: string } & Partial<AnswerCells>)
  | { type: 'ping' };

export type ServerMessage =
  | { type: 'snapshot'; version: number; event: Event }
  | { type: 'diff'; version: number; changes: Change[] }
  | { type: 'ack'; ref?: number | null; version: number }
  | { type: 'presence'; viewers: number }
  | { type: 'pong' }
  | { type: 'error'; code: ErrorCode; message: string; ref?: number | null; fields?: Record<string, string> };
