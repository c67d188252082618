// The server explains a refused password in English (`fields.password` or `fields.newPassword`);
// the reasons it has are few and known, so they are said in the reader's language instead.
import type { authMessages } from '../../i18n/messages/auth';

type Auth = (typeof authMessages)['en'];

export function passwordProblemText(said: string | undefined, t: Auth): string | undefined {
  if (!said) return undefined;
  if (/common/i.test(said)) return t.commonPassword;
  if (/at least/i.test(said)) return t.tooShort;
  if (/at most/i.test(said)) return t.tooLong;
  return said;
}
