import { isApiError } from '../../lib';
import type { commonMessages } from '../../i18n/messages/common';

type Common = (typeof commonMessages)['en'];

/** A sentence for a failed request: the server's own message when it sent one, ours otherwise. */
export function errorText(error: unknown, t: Common): string {
  if (isApiError(error)) {
    if (error.code === 'network') return t.networkError;
    if (error.code === 'rate_limited') return t.rateLimited(error.retryAfter);
    if (error.code === 'unavailable') return t.busyError;
    if (error.code === 'internal' || error.code === 'bad_response') return t.genericError;
    return error.message || t.genericError;
  }
  return t.genericError;
}
