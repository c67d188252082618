// What went wrong with a mailed link. The server answers 400 for both an expired and a used
// token; its field message says which, and "expired" is the kinder guess when it does not.
import { isApiError } from '../../lib';

export type LinkProblem = 'expired' | 'used' | 'other';

export function linkProblem(error: unknown): LinkProblem {
  if (!isApiError(error) || (error.status !== 400 && error.status !== 404 && error.status !== 410)) return 'other';
  const said = `${error.fields.token ?? ''} ${error.message}`.toLowerCase();
  return /used|already|consumed/.test(said) ? 'used' : 'expired';
}
