import { describe, expect, it } from 'vitest';
import { emptyForm, type CreateForm } from './createForm';
import { problemsOf } from './formProblems';

// 4 Dec 2026, 20:00 in Moscow (UTC+3).
const NOW = Date.parse('2026-12-04T17:00:00Z');
const form = (patch: Partial<CreateForm>): CreateForm => ({ ...emptyForm('Europe/Moscow'), title: 'Pints', ...patch });
const codes = (f: CreateForm) => problemsOf(f, NOW).map((p) => p.code);

describe('problemsOf', () => {
  it('lists problems in the order of the form: title, times, deadline', () => {
    expect(codes(form({ title: ' ', dates: [], deadline: '2026-12-01T12:00' }))).toEqual(['needTitle', 'needTimes', 'pastDeadline']);
  });

  it('refuses a grid whose every slot already started, and takes one that still has a slot ahead', () => {
    // Today 18:00–20:00: the last slot (19:30) has started. Until 21:00, the 20:30 slot is ahead.
    expect(codes(form({ dates: ['2026-12-04'], from: '18:00', to: '20:00', step: 30 }))).toEqual(['pastTimes']);
    expect(codes(form({ dates: ['2026-12-04'], from: '18:00', to: '21:00', step: 30 }))).toEqual([]);
    expect(codes(form({ dates: ['2026-12-03', '2026-12-04'], from: '18:00', to: '24:00', step: 60 }))).toEqual([]);
  });

  it('counts a window past midnight into the next day', () => {
    expect(codes(form({ dates: ['2026-12-04'], from: '15:00', to: '01:00', step: 60 }))).toEqual([]);
  });

  it('names the first explicit option that is already past', () => {
    const problems = problemsOf(
      form({
        mode: 'options',
        options: [
          { key: 1, date: '2026-12-05', start: '18:00', end: '20:00' },
          { key: 2, date: '2026-12-04', start: '19:00', end: '22:00' },
        ],
      }),
      NOW,
    );
    expect(problems).toEqual([{ area: 'times', code: 'pastOption', date: '2026-12-04', start: '19:00' }]);
  });

  it('takes a deadline still ahead', () => {
    expect(codes(form({ dates: ['2026-12-05'], deadline: '2026-12-04T21:00' }))).toEqual([]);
  });
});

describe('problemsOf, asking for what is missing', () => {
  it('asks for at least one time in the current mode', () => {
    expect(codes(form({ mode: 'options', dates: ['2026-12-05'], options: [] }))).toEqual(['needTimes']);
    expect(codes(form({ mode: 'days', dates: ['2026-12-05'] }))).toEqual([]);
    // A whole day that began at midnight today has started already.
    expect(codes(form({ mode: 'days', dates: ['2026-12-04'] }))).toEqual(['pastTimes']);
  });
});
