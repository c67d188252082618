// The create form as typed so far, kept in localStorage: a detour to sign in, a session that
// expired mid-form, or a reload must not throw away someone's evening plans. Cleared once created.
import { useEffect, useState } from 'react';
import { emptyForm, type CreateForm } from './createForm';

const KEY = 'prost.draft.new';

function restore(zone: string): CreateForm {
  const empty = emptyForm(zone);
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (!saved || typeof saved !== 'object') return empty;
    // Only the keys the form knows, each of the type it expects: an old draft shape is ignored.
    const merged = { ...empty };
    for (const key of Object.keys(empty) as (keyof CreateForm)[]) {
      const value = (saved as Record<string, unknown>)[key];
      if (value !== undefined && typeof value === typeof empty[key] && Array.isArray(value) === Array.isArray(empty[key])) {
        (merged as Record<string, unknown>)[key] = value;
      }
    }
    return merged;
  } catch {
    return empty;
  }
}

export function clearCreateDraft(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage off: there was no draft to keep either.
  }
}

/** The form state, restored from the last visit and saved on every change. */
export function useCreateDraft(zone: string) {
  const [form, setForm] = useState<CreateForm>(() => restore(zone));
  useEffect(() => {
    try {
      localStorage.setItem(KEY, JSON.stringify(form));
    } catch {
      // Private mode or a full quota: the form still works, it just will not survive a reload.
    }
  }, [form]);
  return [form, setForm] as const;
}
