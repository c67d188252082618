// Reading colours off a page, for checks such as "the dark theme really is darker".

/** Relative luminance of a computed `rgb(…)`/`rgba(…)` colour (0 black … 1 white). */
export function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => Number(c) / 255);
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
