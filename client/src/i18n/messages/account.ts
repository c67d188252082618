import { catalog } from '..';

/** The header's way into the account area (`/settings`). */
export const accountMessages = catalog({
  en: {
    accountOf: (name: string) => `Account: ${name}`,
  },
  ru: {
    accountOf: (name: string) => `Аккаунт: ${name}`,
  },
});
