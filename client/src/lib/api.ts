// The REST client: one function per endpoint, JSON in and out, errors as `ApiError`.
// Transport only: no toasts, no redirects. The session binds itself here (`bindSession`) so every
// call carries the access token, and a 401 refreshes it once and retries.
import type {
  Answers,
  AuthResponse,
  Comment,
  CommentPage,
  ErrorCode,
  Event,
  EventPage,
  EventPatch,
  EventQuery,
  FinalizeRequest,
  JoinResponse,
  LoginRequest,
  NewEvent,
  NewPlace,
  Participant,
  Place,
  RegisterRequest,
  User,
} from './types';

export const API_BASE = '/api/v1';

/** A failed request, with the server's error body when there was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;
  /** Seconds to wait, from `Retry-After` on a 429. */
  readonly retryAfter: number | null;

  constructor(status: number, code: ErrorCode, message: string, fields: Record<string, string> = {}, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** How the REST client reaches the signed-in session, if any. */
export interface SessionBinding {
  accessToken(): string | null;
  /** Trades the refresh cookie for a new access token; null when the session is over. */
  refresh(): Promise<string | null>;
}

let session: SessionBinding | null = null;
let base = API_BASE;

/** Called by `SessionProvider`; returns the unbind function. */
export function bindSession(binding: SessionBinding): () => void {
  session = binding;
  return () => {
    if (session === binding) session = null;
  };
}

/** Points the client at another server (scripts and tests run outside a page). */
export function setApiBase(url: string): void {
  base = url.replace(/\/$/, '');
}

export interface CallOptions {
  /** A guest's secret, sent as `X-Participant-Token`. */
  participantToken?: string | null;
  /** The secret of an event created without an account, sent as `X-Organizer-Token`. */
  organizerToken?: string | null;
  signal?: AbortSignal;
}

interface RequestSpec extends CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Auth endpoints must not trigger a refresh-and-retry on 401 (wrong password is a 401). */
  withSession?: boolean;
}

async function send(path: string, spec: RequestSpec, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (spec.participantToken) headers['X-Participant-Token'] = spec.participantToken;
  if (spec.organizerToken) headers['X-Organizer-Token'] = spec.organizerToken;
  try {
    return await fetch(`${base}${path}`, {
      method: spec.method ?? 'GET',
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      credentials: 'same-origin',
      signal: spec.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  try {
    const body = (await response.json()) as { error?: { code?: ErrorCode; message?: string; fields?: Record<string, string> } };
    if (body?.error?.code) {
      return new ApiError(response.status, body.error.code, body.error.message ?? response.statusText, body.error.fields ?? {}, retryAfter);
    }
  } catch {
    // Not our error body (a proxy's HTML page, say): describe it by status below.
  }
  return new ApiError(response.status, response.status >= 500 ? 'internal' : 'bad_response', response.statusText || `HTTP ${response.status}`, {}, retryAfter);
}

/** Sends one request; on a 401 with a session, refreshes the access token once and retries. */
export async function request<T>(path: string, spec: RequestSpec = {}): Promise<T> {
  const useSession = spec.withSession !== false;
  const token = useSession ? (session?.accessToken() ?? null) : null;
  let response = await send(path, spec, token);
  if (response.status === 401 && useSession && token && session) {
    const fresh = await session.refresh();
    if (fresh) response = await send(path, spec, fresh);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'bad_response', 'the server sent something that is not JSON');
  }
}

const enc = encodeURIComponent;
const eventPath = (id: string) => `/events/${enc(id)}`;

// ---- auth ----

export const register = (body: RegisterRequest) =>
  request<AuthResponse>('/auth/register', { method: 'POST', body, withSession: false });
export const login = (body: LoginRequest) => request<AuthResponse>('/auth/login', { method: 'POST', body, withSession: false });
/** Uses the httpOnly refresh cookie; the refresh token rotates on every call. */
export const refresh = () => request<AuthResponse>('/auth/refresh', { method: 'POST', withSession: false });
export const logout = () => request<void>('/auth/logout', { method: 'POST', withSession: false });
export const me = (options: CallOptions = {}) => request<User>('/me', options);

// ---- events ----

/** Signed out, the reply carries `organizerToken`, the only key to the new event. */
export const createEvent = (body: NewEvent) => request<Event>('/events', { method: 'POST', body });
export const getEvent = (id: string, options: CallOptions = {}) => request<Event>(eventPath(id), options);
export const patchEvent = (id: string, patch: EventPatch, options: CallOptions = {}) =>
  request<Event>(eventPath(id), { ...options, method: 'PATCH', body: patch });
export const deleteEvent = (id: string, options: CallOptions = {}) => request<void>(eventPath(id), { ...options, method: 'DELETE' });

export function listEvents(query: EventQuery = {}, options: CallOptions = {}): Promise<EventPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return request<EventPage>(`/events${qs ? `?${qs}` : ''}`, options);
}

export const addPlace = (id: string, place: NewPlace, options: CallOptions = {}) =>
  request<Place>(`${eventPath(id)}/places`, { ...options, method: 'POST', body: place });

/** Signed in: joins with the account (name optional). Guest: returns the secret participant token. */
export const join = (id: string, name?: string, options: CallOptions = {}) =>
  request<JoinResponse>(`${eventPath(id)}/participants`, { ...options, method: 'POST', body: name ? { name } : {} });

/** Replaces the participant's whole answer sheet. */
export const putAnswers = (id: string, participantId: string, answers: Answers, options: CallOptions = {}) =>
  request<Participant>(`${eventPath(id)}/participants/${enc(participantId)}/answers`, { ...options, method: 'PUT', body: answers });

/** The organiser removes someone, or a participant leaves (with their own credentials). */
export const removeParticipant = (id: string, participantId: string, options: CallOptions = {}) =>
  request<void>(`${eventPath(id)}/participants/${enc(participantId)}`, { ...options, method: 'DELETE' });
export const leave = removeParticipant;

/** Comments before `before` (a cursor from the event or the previous page), oldest first. */
export const olderComments = (id: string, before: string, options: CallOptions = {}) =>
  request<CommentPage>(`${eventPath(id)}/comments?before=${enc(before)}&limit=50`, options);

export const addComment = (id: string, text: string, options: CallOptions = {}) =>
  request<Comment>(`${eventPath(id)}/comments`, { ...options, method: 'POST', body: { text } });

export const finalize = (id: string, plan: FinalizeRequest, options: CallOptions = {}) =>
  request<Event>(`${eventPath(id)}/finalize`, { ...options, method: 'POST', body: plan });
export const reopen = (id: string, options: CallOptions = {}) => request<Event>(`${eventPath(id)}/reopen`, { ...options, method: 'POST' });

/** The `.ics` of a finalised event, for a plain link (`<a href download>`). */
export const calendarUrl = (id: string) => `${base}${eventPath(id)}/calendar.ics`;

/** The live socket's URL, ws: or wss: after the page's own scheme. */
export function liveUrl(id: string, origin: string = location.origin): string {
  const url = new URL(`${base}${eventPath(id)}/live`, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
