import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../lib';
import { Pour } from '../ui/Pour';
import { signInPath } from './returnTo';

/** Pages that need an account send signed-out visitors to sign in, and back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Pour />;
  if (status === 'signedOut') return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return children;
}
