import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LangProvider } from '../../i18n';
import type { EventStatus } from '../../lib';
import { Celebration } from './Celebration';

function renderWith(status: EventStatus) {
  const ui = (s: EventStatus) => (
    <LangProvider initial="en">
      <Celebration status={s} />
    </LangProvider>
  );
  const view = render(ui(status));
  return { rerender: (next: EventStatus) => view.rerender(ui(next)) };
}

describe('Celebration', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('stays quiet for a plan that was already final when the page opened', () => {
    renderWith('finalized');
    expect(screen.queryByText('Prost!')).toBeNull();
  });

  it('clinks when the plan gets locked while watching, then clears away', () => {
    vi.useFakeTimers();
    const { rerender } = renderWith('open');
    expect(screen.queryByText('Prost!')).toBeNull();
    rerender('finalized');
    expect(screen.getByText('Prost!')).toBeTruthy();
    act(() => vi.advanceTimersByTime(5000));
    expect(screen.queryByText('Prost!')).toBeNull();
  });

  it('does not celebrate a reopening', () => {
    const { rerender } = renderWith('finalized');
    rerender('open');
    expect(screen.queryByText('Prost!')).toBeNull();
  });
});
