// Renders one route of the app the way `App` does (query client, language, session, toasts,
// router), at a given address, with a marker page at every other route to see where it went.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { LangProvider, type Lang } from '../../i18n';
import { ToastProvider } from '../../components/ui/Toast';
import { SessionProvider } from '../session';
import { resetSessionForTests } from '../sessionStore';
import type { User } from '../types';


function Elsewhere() {
  const location = useLocation();
  return <p data-testid="elsewhere">{location.pathname + location.search}</p>;
}

export function renderRoute(path: string, at: string, page: ReactElement, lang: Lang = 'en') {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={queries}>
      <LangProvider initial={lang}>
        <SessionProvider>
          <ToastProvider>
            <MemoryRouter initialEntries={[at]}>
              <Routes>
                <Route path={path} element={page} />
                <Route path="*" element={<Elsewhere />} />
              </Routes>
            </MemoryRouter>
          </ToastProvider>
        </SessionProvider>
      </LangProvider>
    </QueryClientProvider>,
  );
}

export const OLGA: User = {
  id: 'u1',
  name: 'Olga',
  email: 'olga@example.com',
  telegramLinked: false,
  emailVerified: true,
  hasPassword: true,
  identities: [],
};

export const authOf = (user: User = OLGA) => ({ user, accessToken: 'token', expiresIn: 900 });

/** Starts each test as a page load does: the session is restored by the fake's `/auth/refresh`. */
export function startSession(): void {
  localStorage.clear();
  resetSessionForTests();
}
