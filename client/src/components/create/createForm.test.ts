import { describe, expect, it } from 'vitest';
import { areaOfField, emptyForm, toNewEvent, type CreateForm } from './createForm';

function form(patch: Partial<CreateForm>): CreateForm {
  return { ...emptyForm('Europe/Moscow'), title: '  Friday pints ', ...patch };
}

describe('toNewEvent', () => {
  it('sends a daily window as a grid of sorted local dates with the step', () => {
    const body = toNewEvent(form({ mode: 'grid', dates: ['2026-12-05', '2026-12-04'], from: '19:00', to: '01:00', step: 15 }));
    expect(body.title).toBe('Friday pints');
    expect(body.timezone).toBe('Europe/Moscow');
    expect(body.grid).toEqual({ dates: ['2026-12-04', '2026-12-05'], from: '19:00', to: '01:00', stepMinutes: 15 });
    expect(body.slots).toBeUndefined();
  });

  it('sends whole days as a grid without a window', () => {
    const body = toNewEvent(form({ mode: 'days', dates: ['2026-12-04'] }));
    expect(body.grid).toEqual({ dates: ['2026-12-04'] });
    expect(body.grid?.from).toBeUndefined();
  });

  it('turns explicit options into UTC instants in the event zone, rolling past midnight', () => {
    const body = toNewEvent(
      form({
        mode: 'options',
        timezone: 'Asia/Kathmandu',
        dates: ['2026-01-01'],
        options: [
          { key: 1, date: '2026-12-04', start: '18:00', end: '21:30' },
          { key: 2, date: '2026-12-05', start: '22:00', end: '01:00' },
        ],
      }),
    );
    expect(body.grid).toBeUndefined();
    expect(body.slots).toEqual([
      { start: '2026-12-04T12:15:00.000Z', end: '2026-12-04T15:45:00.000Z' },
      { start: '2026-12-05T16:15:00.000Z', end: '2026-12-05T19:15:00.000Z' },
    ]);
  });

  it('keeps named places, trims them, and drops blank rows and empty optional fields', () => {
    const body = toNewEvent(
      form({
        dates: ['2026-12-04'],
        places: [
          { key: 1, name: ' Pivovar ', address: '', url: 'https://osm.org/#map=17/55.75/37.61' },
          { key: 2, name: '   ', address: 'nowhere', url: '' },
        ],
      }),
    );
    expect(body.places).toEqual([{ name: 'Pivovar', mapUrl: 'https://osm.org/#map=17/55.75/37.61' }]);
    expect(body.description).toBeUndefined();
  });

  it('reads the deadline in the event zone and sends the switches', () => {
    const body = toNewEvent(form({ dates: ['2026-12-04'], deadline: '2026-12-03T20:00', allowGuests: false, visibility: 'public' }));
    expect(body.settings).toEqual({ allowGuests: false, participantsCanAddPlaces: true, deadline: '2026-12-03T17:00:00.000Z' });
    expect(body.visibility).toBe('public');
    expect(toNewEvent(form({ dates: ['2026-12-04'] })).settings?.deadline).toBeNull();
  });
});

describe('form checks', () => {
  it('files server field errors under the right part of the form', () => {
    expect(areaOfField('grid.stepMinutes')).toBe('times');
    expect(areaOfField('slots[0].end')).toBe('times');
    expect(areaOfField('places[1].name')).toBe('places');
    expect(areaOfField('settings.deadline')).toBe('settings');
    expect(areaOfField('title')).toBe('title');
  });
});
