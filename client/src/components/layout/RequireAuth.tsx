import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../lib';
import { Pour } from '../ui/Pour';
import { signInPath } from './returnTo';

/** Pages that need an account send signed-out visitors to sign in, and back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, assumed, confirm } = useSession();
  const location = useLocation();
  // This browser only remembers being signed out: ask the server before sending anyone away.
  useEffect(() => {
    if (status === 'signedOut' && assumed) void confirm();
  }, [status, assumed, confirm]);
  if (status === 'loading' || (status === 'signedOut' && assumed)) return <Pour />;
  if (status === 'signedOut') return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return children;
}
