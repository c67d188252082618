/** Case and `ё`/`е` do not matter when looking someone up, as in the server's search. */
export function foldName(text: string): string {
  return text.toLocaleLowerCase().replace(/ё/g, 'е').normalize('NFC');
}

/** Whether a name matches what was typed: every typed word starts some word of the name. */
export function matchesName(name: string, typed: string): boolean {
  const words = foldName(typed).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const parts = foldName(name).split(/[\s\-.,]+/).filter(Boolean);
  return words.every((w) => parts.some((p) => p.startsWith(w)));
}
