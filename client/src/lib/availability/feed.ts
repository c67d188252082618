// An ICS feed fetched by the browser itself (never through our server, which never sees the
// calendar). That works only where the feed's host allows other sites to read it (CORS); most
// calendar providers do not, and the browser then reports a bare network error, which is what
// `cors` stands for here.
import { MAX_ICS_BYTES } from './ics';

export type FeedProblem = 'badUrl' | 'cors' | 'http' | 'tooBig' | 'notCalendar';

export class FeedError extends Error {
  readonly problem: FeedProblem;
  readonly status: number | null;
  constructor(problem: FeedProblem, status: number | null = null) {
    super(problem);
    this.name = 'FeedError';
    this.problem = problem;
    this.status = status;
  }
}

/** `webcal://` (what "subscribe" links use) is https underneath; anything but https is refused. */
export function feedUrl(raw: string): URL | null {
  const text = raw.trim().replace(/^webcals?:\/\//i, 'https://');
  try {
    const url = new URL(text);
    return url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export async function fetchFeed(raw: string, signal?: AbortSignal): Promise<string> {
  const url = feedUrl(raw);
  if (!url) throw new FeedError('badUrl');
  let response: Response;
  try {
    // No cookies or referrer go to the calendar's host: it learns nothing about Prost or the event.
    response = await fetch(url, { mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer', signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new FeedError('cors');
  }
  if (!response.ok) throw new FeedError('http', response.status);
  const length = Number(response.headers.get('content-length'));
  if (length > MAX_ICS_BYTES) throw new FeedError('tooBig');
  const text = await response.text();
  if (text.length > MAX_ICS_BYTES) throw new FeedError('tooBig');
  if (!/BEGIN:VCALENDAR/i.test(text.slice(0, 4096))) throw new FeedError('notCalendar');
  return text;
}
