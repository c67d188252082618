// Whether this tab has just signed up and not yet been told to check its mail, so the banner can
// open as the full "check your mail" card on whatever page sign-up returned to. Kept for the tab
// (sessionStorage), so a reload does not lose it, until dismissed or verified.
const KEY = 'prost.checkMail';

export function markJustSignedUp(): void {
  try {
    sessionStorage.setItem(KEY, '1');
  } catch {
    // Storage off: the slim banner still says it.
  }
}

export function justSignedUp(): boolean {
  try {
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function dismissJustSignedUp(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // As above.
  }
}
