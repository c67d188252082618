// Russian and English, chosen from the browser and switchable. Each area of the app keeps its own
// catalog in `messages/<area>.ts` (so parallel work never edits one big file), declared with
// `catalog()` so the Russian side must have every key the English side has.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];

/** A message: plain text, or a function of its parameters (plurals, names, numbers). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = string | ((...args: any[]) => string);

export interface Catalog<T extends Record<string, Message>> {
  en: T;
  ru: { [K in keyof T]: T[K] };
}

/** Declares an area's messages; the type checker holds both languages to the same keys and shapes. */
export function catalog<T extends Record<string, Message>>(messages: Catalog<T>): Catalog<T> {
  return messages;
}

const STORAGE_KEY = 'prost.lang';

export function detectLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ru') return saved;
  } catch {
    // Storage can be blocked (private mode); fall back to the browser's languages.
  }
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ru' || base === 'uk' || base === 'be' || base === 'kk') return 'ru';
    if (base === 'en') return 'en';
  }
  return 'en';
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'en', setLang: () => {} });

export function LangProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? detectLang());
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits; still switched for this one.
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** The current language's side of a catalog: `const t = useMessages(boardMessages); t.paintYes`. */
export function useMessages<T extends Record<string, Message>>(messages: Catalog<T>): T {
  return messages[useLang().lang] as T;
}

/** Picks the plural form: English one/other; Russian one/few/many ("1 друг, 2 друга, 5 друзей"). */
export function plural(lang: Lang, n: number, forms: { one: string; few?: string; many?: string; other: string }): string {
  const rule = new Intl.PluralRules(lang).select(n);
  const form = (rule === 'one' && forms.one) || (rule === 'few' && forms.few) || (rule === 'many' && forms.many) || forms.other;
  return form.replace('{n}', String(n));
}
