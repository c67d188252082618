// Hashing passwords is deliberately slow, so the server lets only a few run at once and answers
// the rest 503 `unavailable` with `Retry-After` (issue 9). That is a queue at the bar, not an
// error: wait as told (with a little jitter so a crowd does not come back in step) and try again.
import { isApiError } from './api';

/** How many tries in all, the first included. */
export const BUSY_ATTEMPTS = 3;
/** Never wait longer than this between tries, whatever `Retry-After` says. */
const MAX_WAIT_S = 10;

export interface BusyOptions {
  attempts?: number;
  /**
   * Retry only when the server said when (`Retry-After`). It says so when it shed the request
   * unapplied (a crowd at one event), which makes a retry of a join or an answer safe; a 503
   * without it (storage trouble) might have half-happened, so it is shown instead.
   */
  onlyWhenTold?: boolean;
  /** Told before each wait, so the page can say "pouring again in N s". */
  onWait?(seconds: number, attempt: number): void;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The seconds to wait before try `attempt + 1`: the server's word, doubling when it gave none. */
export function busyWait(retryAfter: number | null, attempt: number, random: () => number = Math.random): number {
  const base = retryAfter ?? 2 ** (attempt - 1);
  return Math.min(MAX_WAIT_S, Math.max(1, Math.round(base * (1 + 0.25 * random()))));
}

/** Runs `task`, retrying it while the server says it is busy; other failures pass straight on. */
export async function retryWhileBusy<T>(task: () => Promise<T>, options: BusyOptions = {}): Promise<T> {
  const { attempts = BUSY_ATTEMPTS, onlyWhenTold = false, onWait, sleep = pause, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (e) {
      if (!isApiError(e, 'unavailable') || attempt >= attempts) throw e;
      if (onlyWhenTold && e.retryAfter === null) throw e;
      const seconds = busyWait(e.retryAfter, attempt, random);
      onWait?.(seconds, attempt);
      await sleep(seconds * 1000);
    }
  }
}
