// Telegram's palette, mapped onto Prost's theme variables. Inside Telegram the page should look
// like part of the chat app: backgrounds, text, hints and warnings follow Telegram's colours,
// lager or stout is picked by how dark Telegram's background is (so the foam heatmap and the
// yes/maybe/no colours keep their contrast), and the beer-gold accent stays: it is Prost's own.
import type { ThemeParams } from './launchParams';

export type TelegramTheme = 'lager' | 'stout';

/** Relative luminance of `#rgb` / `#rrggbb`, 0 (black) to 1 (white); null for anything else. */
export function luminance(colour: string): number | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour)?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export interface MappedTheme {
  theme: TelegramTheme;
  /** CSS custom properties to set while that theme is shown. */
  vars: Record<string, string>;
  /** Which Telegram colour the page background uses, for Telegram's own header to match. */
  headerColorKey: 'bg_color' | 'secondary_bg_color';
  /** The page background, for Telegram's own frame behind the page. */
  background: string;
}

/** Prost's variables from Telegram's palette; null when Telegram sent no background colour. */
export function mapThemeParams(params: ThemeParams): MappedTheme | null {
  const bg = params.bg_color;
  const bgLuminance = bg ? luminance(bg) : null;
  if (!bg || bgLuminance === null) return null;
  const theme: TelegramTheme = bgLuminance < 0.2 ? 'stout' : 'lager';
  // Telegram lays settings out as sections on a secondary background; Prost's cards sit on the
  // page the same way, so the page takes the secondary colour and cards the section colour.
  const page = params.secondary_bg_color ?? bg;
  const surface = params.section_bg_color ?? bg;
  const surface2 = page === surface ? `color-mix(in srgb, ${surface} 90%, ${params.text_color ?? '#808080'})` : page;
  const vars: Record<string, string> = {
    '--bg': page,
    '--surface': surface,
    '--surface-2': surface2,
    // An empty glass on the heatmap is the second surface, as in Prost's own themes.
    '--foam-0': surface2,
  };
  if (params.text_color) vars['--text'] = params.text_color;
  const muted = params.subtitle_text_color ?? params.hint_color;
  if (muted) {
    vars['--muted'] = muted;
    vars['--border'] = `color-mix(in srgb, ${muted} 35%, ${surface})`;
  }
  if (params.destructive_text_color) {
    vars['--danger'] = params.destructive_text_color;
    vars['--no'] = params.destructive_text_color;
  }
  if (params.link_color) vars['--focus'] = params.link_color;
  return { theme, vars, headerColorKey: params.secondary_bg_color ? 'secondary_bg_color' : 'bg_color', background: page };
}

/**
 * The style sheet for a mapped palette: it applies only while the Telegram-matching theme is shown,
 * so someone who flips the theme switch inside Telegram gets Prost's own other theme, not a mix.
 */
export function themeCss(mapped: MappedTheme): string {
  const body = Object.entries(mapped.vars)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');
  return `:root[data-theme='${mapped.theme}'] { ${body} }`;
}
