// Providers and routes. Every page is its own chunk, so the event page (the one most people open,
// from a share link) ships neither the create form nor the landing page; Leaflet loads later still.
import { lazy, Suspense, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { LangProvider } from './i18n';
import { isApiError, prefetchEventOf, SessionProvider } from './lib';
import { Footer } from './components/layout/Footer';
import { Header } from './components/layout/Header';
import { RequireAuth } from './components/layout/RequireAuth';
import { UnverifiedGate } from './components/auth/UnverifiedGate';
import { ErrorBoundary } from './components/ui/ErrorBoundary';
import { Pour } from './components/ui/Pour';
import { ToastProvider } from './components/ui/Toast';
import ErrorPage from './pages/ErrorPage';

const LandingPage = lazy(() => import('./pages/LandingPage'));
const AuthPage = lazy(() => import('./pages/AuthPage'));
const MyEventsPage = lazy(() => import('./pages/MyEventsPage'));
const CreateEventPage = lazy(() => import('./pages/CreateEventPage'));
const EventPage = lazy(() => import('./pages/EventPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const VerifyEmailPage = lazy(() => import('./pages/VerifyEmailPage'));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

/** Client errors (4xx) will not get better by asking again; network blips and 5xx might. */
function shouldRetry(failures: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

const queryClient = makeQueryClient();
prefetchEventOf(location.pathname, queryClient);

function Shell({ children }: { children: ReactNode }) {
  // Keyed by path, so a page that crashed does not keep the next one down.
  const { pathname } = useLocation();
  return (
    <>
      <Header />
      <UnverifiedGate />
      <main id="main" tabIndex={-1} className="site-main">
        <ErrorBoundary key={pathname} fallback={(error) => <ErrorPage error={error} />}>
          <Suspense fallback={<Pour />}>{children}</Suspense>
        </ErrorBoundary>
      </main>
      <Footer />
    </>
  );
}

export function AppRoutes() {
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<LandingPage />} />
        <Route path="/login" element={<AuthPage mode="login" />} />
        <Route path="/register" element={<AuthPage mode="register" />} />
        <Route
          path="/events"
          element={
            <RequireAuth>
              <MyEventsPage />
            </RequireAuth>
          }
        />
        {/* No account needed to organise: the event's organiser token is the key (API.md). */}
        <Route path="/new" element={<CreateEventPage />} />
        {/* `/account` is the older name of the settings page; links to it keep working. */}
        {['/settings', '/account'].map((path) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireAuth>
                <SettingsPage />
              </RequireAuth>
            }
          />
        ))}
        {/* Opened from mailed links, signed in or not. */}
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/e/:id" element={<EventPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Shell>
  );
}

export default function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LangProvider>
        <SessionProvider>
          <ToastProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </ToastProvider>
        </SessionProvider>
      </LangProvider>
    </QueryClientProvider>
  );
}
