import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeSelect, timeOptions } from './TimeSelect';

afterEach(cleanup);

describe('timeOptions', () => {
  it('covers the day in 24-hour steps', () => {
    const quarter = timeOptions(15);
    expect(quarter).toHaveLength(96);
    expect(quarter.slice(0, 3)).toEqual(['00:00', '00:15', '00:30']);
    expect(quarter).toContain('18:45');
    expect(quarter.at(-1)).toBe('23:45');
    expect(timeOptions(60)).toHaveLength(24);
  });

  it('keeps a value that is off the grid, in order', () => {
    const times = timeOptions(60, '18:10');
    expect(times).toHaveLength(25);
    expect(times.slice(18, 21)).toEqual(['18:00', '18:10', '19:00']);
    expect(timeOptions(60, 'soon')).toHaveLength(24);
  });
});

describe('TimeSelect', () => {
  it('is a labelled select showing 24-hour times and reporting the pick', () => {
    const onChange = vi.fn();
    render(
      <label>
        From
        <TimeSelect value="18:00" onChange={onChange} data-testid="from" />
      </label>,
    );
    const select = screen.getByLabelText('From') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect(select.value).toBe('18:00');
    expect([...select.options].some((o) => /AM|PM/.test(o.text))).toBe(false);
    fireEvent.change(select, { target: { value: '06:30' } });
    expect(onChange).toHaveBeenCalledWith('06:30');
  });
});
