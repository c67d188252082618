import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LangProvider } from '../../i18n';
import { makeEvent, person } from '../../lib/testing/fixtures';
import type { Event } from '../../lib';
import { PlacesPanel } from './PlacesPanel';

afterEach(cleanup);

function renderPanel(event: Event) {
  const { container } = render(
    <QueryClientProvider client={new QueryClient()}>
      <LangProvider initial="en">
        <PlacesPanel event={event} me={null} canVote={false} canSuggest={false} />
      </LangProvider>
    </QueryClientProvider>,
  );
  const card = (id: string) => container.querySelector<HTMLElement>(`[data-place-id="${id}"]`)!;
  return { card };
}

describe('PlacesPanel', () => {
  it('crowns nobody while every place ties at zero, and the favourite once someone votes', () => {
    const quiet = renderPanel(makeEvent({ participants: [person('a', 'Anya')] }));
    expect(quiet.card('p1').className).not.toMatch(/best/);
    expect(quiet.card('p2').className).not.toMatch(/best/);
    cleanup();

    const voted = renderPanel(makeEvent({ participants: [person('a', 'Anya', {}, { p2: 'yes' })] }));
    expect(voted.card('p2').className).toMatch(/place-card-best/);
    expect(voted.card('p2').textContent).toMatch(/Crowd favourite/);
    expect(voted.card('p1').className).not.toMatch(/best/);
  });

  it('marks the place a locked plan chose, not the favourite', () => {
    const { card } = renderPanel(
      makeEvent({
        status: 'finalized',
        participants: [person('a', 'Anya', {}, { p2: 'yes' })],
        final: { slotId: 's1', placeId: 'p1', start: '2026-12-04T17:00:00Z', end: '2026-12-04T17:30:00Z' },
      }),
    );
    expect(card('p1').dataset.chosen).toBe('true');
    expect(card('p1').textContent).toMatch(/Where we’re going/);
    expect(card('p2').className).not.toMatch(/best/);
    expect(card('p2').dataset.chosen).toBeUndefined();
  });
});
