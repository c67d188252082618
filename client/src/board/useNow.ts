// The current time, re-read when a given instant passes (the deadline), so the board locks itself
// at last orders without anyone reloading.
import { useEffect, useState } from 'react';

export function useNow(wakeAt: string | null | undefined, fixed?: number): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (fixed !== undefined || !wakeAt) return;
    const wait = Date.parse(wakeAt) - Date.now();
    // Timers beyond ~24.8 days overflow; a page open that long re-reads on its next render anyway.
    if (!(wait > 0) || wait > 2 ** 31 - 1) return;
    const timer = setTimeout(() => setNow(Date.now()), wait + 50);
    return () => clearTimeout(timer);
  }, [wakeAt, fixed]);
  return fixed ?? now;
}
