/** The link friends open: the web app's `/e/{id}` on this origin. */
export function eventUrl(id: string, origin: string = location.origin): string {
  return `${origin}/e/${encodeURIComponent(id)}`;
}

/** Telegram's share sheet: the user picks a chat, the link and text are pre-filled. */
export function telegramShareUrl(url: string, text: string): string {
  return `https://t.me/share/url?${new URLSearchParams({ url, text }).toString()}`;
}
