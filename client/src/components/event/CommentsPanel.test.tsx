import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LangProvider } from '../../i18n';
import { makeEvent } from '../../lib/testing/fixtures';
import type { Comment, Event } from '../../lib';
import { CommentsPanel } from './CommentsPanel';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const comment = (n: number): Comment => ({
  id: `c${n}`,
  author: 'Anya',
  participantId: null,
  text: `round ${n}`,
  createdAt: '2026-12-01T10:00:00Z',
});

function renderPanel(event: Event) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <LangProvider initial="en">
        <CommentsPanel event={event} canWrite={false} />
      </LangProvider>
    </QueryClientProvider>,
  );
}

const texts = () => screen.queryAllByText(/^round \d+$/).map((p) => p.textContent);

describe('CommentsPanel', () => {
  it('pages back to the earlier comments, oldest first above the latest', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const page = url.includes('before=cur1')
        ? { items: [comment(3), comment(4)], nextCursor: 'cur2' }
        : { items: [comment(1), comment(2)], nextCursor: null };
      return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderPanel(makeEvent({ comments: [comment(5), comment(6)], commentCount: 6, olderComments: 'cur1' }));
    expect(texts()).toEqual(['round 5', 'round 6']);

    fireEvent.click(screen.getByRole('button', { name: 'Show earlier comments (4 more)' }));
    await waitFor(() => expect(texts()).toEqual(['round 3', 'round 4', 'round 5', 'round 6']));
    expect(asked[0]).toMatch(/\/events\/[^/]+\/comments\?before=cur1&limit=50$/);

    fireEvent.click(screen.getByRole('button', { name: 'Show earlier comments (2 more)' }));
    await waitFor(() => expect(texts()).toEqual(['round 1', 'round 2', 'round 3', 'round 4', 'round 5', 'round 6']));
    expect(screen.queryByRole('button', { name: /Show earlier/ })).toBeNull();
  });

  it('says so when the earlier comments do not come, and offers the button again', async () => {
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 503 }));
    renderPanel(makeEvent({ comments: [comment(5)], commentCount: 3, olderComments: 'cur1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier comments (2 more)' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not load the earlier comments/);
    expect((screen.getByRole('button', { name: 'Show earlier comments (2 more)' }) as HTMLButtonElement).disabled).toBe(false);
    expect(texts()).toEqual(['round 5']);
  });

  it('shows no button when the event holds every comment', () => {
    renderPanel(makeEvent({ comments: [comment(1)], commentCount: 1, olderComments: null }));
    expect(screen.queryByRole('button', { name: /Show earlier/ })).toBeNull();
  });
});
