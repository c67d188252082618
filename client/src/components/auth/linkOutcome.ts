// Whether a mailed link was refused as spent. The server answers the same 400 for a used, an
// expired and an unknown token (so a guesser learns nothing); the page tells them apart only by
// what it knows itself (is the address already confirmed?).
import { isApiError } from '../../lib';

export function isSpentLink(error: unknown): boolean {
  return isApiError(error) && (error.status === 400 || error.status === 404 || error.status === 410);
}
