// The signed-in session for React: `<SessionProvider>` restores it on load, `useSession()` reads it.
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import {
  confirmSession,
  getSession,
  restoreSession,
  signIn,
  signOut,
  signUp,
  subscribeSession,
  type SessionStatus,
  type SignInOptions,
} from './sessionStore';
import type { User } from './types';

export interface Session {
  status: SessionStatus;
  user: User | null;
  /** The access token, for code that talks to the server itself (the REST client adds it already). */
  token: string | null;
  /** Signed out on this browser's memory alone; `confirm()` asks the server. */
  assumed?: boolean;
  confirm(): Promise<void>;
  signIn(email: string, password: string, options?: SignInOptions): Promise<User>;
  signUp(name: string, email: string, password: string, options?: SignInOptions): Promise<User>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<boolean>(false);

export function SessionProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    void restoreSession();
  }, []);
  return <SessionContext.Provider value={true}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  if (!useContext(SessionContext)) throw new Error('useSession() needs a <SessionProvider> above it');
  const state = useSyncExternalStore(subscribeSession, getSession, getSession);
  return useMemo(() => ({ ...state, confirm: confirmSession, signIn, signUp, signOut }), [state]);
}
