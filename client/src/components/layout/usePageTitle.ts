import { useEffect } from 'react';

/** "Friday pints · Prost" in the tab, so a row of tabs tells the rounds apart. */
export function usePageTitle(title: string | null | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Prost` : 'Prost';
  }, [title]);
}
