import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LangProvider, type Lang } from '../i18n';
import { HeroCard } from './LandingPage';

afterEach(cleanup);

describe('the landing demo card', () => {
  it.each(['en', 'ru'] as Lang[])('pours as many pints as its caption counts (%s)', (lang) => {
    const { container } = render(
      <LangProvider initial={lang}>
        <HeroCard />
      </LangProvider>,
    );
    // "5 of 6 are in" / "Ответили 5 из 6": the numbers in the caption, in order.
    const caption = container.querySelector('.spread .muted')?.textContent ?? '';
    const [answered, everyone] = (caption.match(/\d+/g) ?? []).map(Number);
    expect(container.querySelectorAll('.mock-pint')).toHaveLength(everyone!);
    expect(container.querySelectorAll('.mock-beer')).toHaveLength(answered!);
    expect(container.querySelectorAll('.mock-pint[data-empty]')).toHaveLength(everyone! - answered!);
  });
});
