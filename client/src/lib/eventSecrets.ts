// Secrets a browser holds per event without an account (a guest's participant token, a guest
// organiser's token), kept in localStorage so the link still works tomorrow. One store per kind.

export interface SecretStore<T> {
  get(eventId: string): T | null;
  save(eventId: string, value: T): void;
  forget(eventId: string): void;
  /** Every event's secret, for handing them to a new account. */
  all(): Record<string, T>;
  /** Notified when this tab, or another tab of the same browser, saves or forgets one. */
  subscribe(listener: () => void): () => void;
}

/** A store under localStorage `key`; `valid` drops entries a bug or a hand edit left malformed. */
export function secretStore<T>(key: string, valid: (value: unknown) => value is T): SecretStore<T> {
  /** This tab's copy, used when storage is blocked so a guest can at least act until they leave. */
  let memory: Record<string, T> = {};
  const listeners = new Set<() => void>();

  const readAll = (): Record<string, T> => {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
      if (!parsed || typeof parsed !== 'object') return {};
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => valid(v))) as Record<string, T>;
    } catch {
      // Blocked or corrupted storage: only what this tab saved.
      return { ...memory };
    }
  };

  const writeAll = (all: Record<string, T>) => {
    memory = all;
    try {
      localStorage.setItem(key, JSON.stringify(all));
    } catch {
      // Private mode or a full quota: it works in this tab, just not after it closes.
    }
    for (const listener of listeners) listener();
  };

  const store: SecretStore<T> = {
    get: (eventId) => readAll()[eventId] ?? null,
    save: (eventId, value) => writeAll({ ...readAll(), [eventId]: value }),
    forget: (eventId) => {
      const all = readAll();
      if (!(eventId in all)) return;
      delete all[eventId];
      writeAll(all);
    },
    all: readAll,
    subscribe: (listener) => {
      listeners.add(listener);
      const onStorage = (e: StorageEvent) => {
        if (e.key === key || e.key === null) listener();
      };
      if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
      };
    },
  };
  return store;
}
