import { catalog } from '..';

/** The account area: the header's way in and the account page. */
export const accountMessages = catalog({
  en: {
    title: 'Account',
    accountOf: (name: string) => `Account: ${name}`,
    signedInAs: (name: string, email: string) => `${name}, signed in as ${email}`,
    signOut: 'Sign out',
  },
  ru: {
    title: 'Аккаунт',
    accountOf: (name: string) => `Аккаунт: ${name}`,
    signedInAs: (name: string, email: string) => `${name}, вход выполнен как ${email}`,
    signOut: 'Выйти',
  },
});
