// The account area's data layer (issue 9): mailed links, settings, providers. Its own surface
// beside `lib/index.ts`, so the event page's first load (what a share link opens, held to a
// budget by `npm run size`) does not carry it; only the account pages and their parts import it.
export * as accounts from './accountApi';
export { oidcStartUrl } from './accountApi';
export { retryWhileBusy } from './busyRetry';
export { useCountdown } from './useCountdown';
export {
  meKey,
  useMe,
  usePatchMe,
  useUnlinkIdentity,
  useChangePassword,
  useDeleteAccount,
  useResendVerification,
  downloadExport,
  type PasswordChange,
} from './accountQueries';
