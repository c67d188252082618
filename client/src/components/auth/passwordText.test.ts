import { describe, expect, it } from 'vitest';
import { authMessages } from '../../i18n/messages/auth';
import { passwordProblemText } from './passwordText';

describe('passwordProblemText', () => {
  it('says the server’s known reasons in the reader’s language, and passes others on', () => {
    const ru = authMessages.ru;
    expect(passwordProblemText('is one of the most common passwords; pick one nobody would guess at the bar', ru)).toBe(ru.commonPassword);
    expect(passwordProblemText('must be at least 8 characters', ru)).toBe(ru.tooShort);
    expect(passwordProblemText('must be at most 256 characters', ru)).toBe(ru.tooLong);
    expect(passwordProblemText('must not contain your email', ru)).toBe('must not contain your email');
    expect(passwordProblemText(undefined, ru)).toBeUndefined();
  });
});
