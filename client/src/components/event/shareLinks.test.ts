import { describe, expect, it } from 'vitest';
import { eventUrl, telegramShareUrl } from './shareLinks';

describe('share links', () => {
  it('builds the event link on the given origin', () => {
    expect(eventUrl('k3J9xQ2pLm', 'https://prost.example')).toBe('https://prost.example/e/k3J9xQ2pLm');
  });

  it('hands Telegram the url and text, encoded', () => {
    const link = new URL(telegramShareUrl('https://prost.example/e/a?b=1', 'Пятница & пиво'));
    expect(link.origin + link.pathname).toBe('https://t.me/share/url');
    expect(link.searchParams.get('url')).toBe('https://prost.example/e/a?b=1');
    expect(link.searchParams.get('text')).toBe('Пятница & пиво');
  });
});
