import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LangProvider } from '../../i18n';
import { Calendar } from './Calendar';

function renderCalendar(selected: string[] = []) {
  const onToggle = vi.fn();
  const view = render(
    <LangProvider initial="en">
      <Calendar selected={selected} onToggle={onToggle} today="2026-12-03" />
    </LangProvider>,
  );
  const day = (date: string) => view.container.querySelector<HTMLButtonElement>(`[data-date="${date}"]`);
  return { onToggle, day };
}

describe('Calendar', () => {
  afterEach(cleanup);

  it('toggles a day by click and marks picked days pressed', () => {
    const { onToggle, day } = renderCalendar(['2026-12-10']);
    expect(day('2026-12-10')?.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(day('2026-12-05')!);
    expect(onToggle).toHaveBeenCalledWith('2026-12-05');
  });

  it('refuses days before today', () => {
    const { day } = renderCalendar();
    expect(day('2026-12-02')?.disabled).toBe(true);
    expect(day('2026-12-03')?.disabled).toBe(false);
  });

  it('keeps one day in the tab order and moves it with the arrows, across months', () => {
    const { day } = renderCalendar();
    expect(day('2026-12-03')?.tabIndex).toBe(0);
    expect(day('2026-12-04')?.tabIndex).toBe(-1);
    fireEvent.keyDown(day('2026-12-03')!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-date')).toBe('2026-12-10');
    fireEvent.keyDown(day('2026-12-10')!, { key: 'PageDown' });
    expect(document.activeElement?.getAttribute('data-date')).toBe('2027-01-10');
    expect(day('2026-12-10')).toBeNull();
  });

  it('turns the page with the named month buttons', () => {
    const { day } = renderCalendar();
    fireEvent.click(screen.getByRole('button', { name: 'Next month' }));
    expect(day('2027-01-15')).not.toBeNull();
    expect((screen.getByRole('button', { name: 'Previous month' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
