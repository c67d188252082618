// A guest has no account: the secret participant token from joining is their only key to edit
// their answers later. It is kept per event in localStorage so they can come back to the link.
export interface GuestIdentity {
  participantId: string;
  token: string;
}

const KEY = 'prost.guests';
/** This tab's copy, used when storage is blocked so a guest can at least vote until they leave. */
let memory: Record<string, GuestIdentity> = {};

function readAll(): Record<string, GuestIdentity> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, GuestIdentity>) : {};
  } catch {
    // Blocked or corrupted storage: only what this tab joined.
    return { ...memory };
  }
}

const listeners = new Set<() => void>();

/** Notified when this tab, or another tab of the same browser, joins or forgets a guest. */
export function subscribeGuests(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) listener();
  };
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}

function writeAll(all: Record<string, GuestIdentity>): void {
  memory = all;
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Private mode or a full quota: the guest can still vote in this tab, just not come back.
  }
  for (const listener of listeners) listener();
}

export function getGuest(eventId: string): GuestIdentity | null {
  const found = readAll()[eventId];
  return found && typeof found.participantId === 'string' && typeof found.token === 'string' ? found : null;
}

export function saveGuest(eventId: string, identity: GuestIdentity): void {
  writeAll({ ...readAll(), [eventId]: identity });
}

export function forgetGuest(eventId: string): void {
  const all = readAll();
  if (!(eventId in all)) return;
  delete all[eventId];
  writeAll(all);
}
