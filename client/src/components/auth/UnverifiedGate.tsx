// Shows the unconfirmed-email banner to the few who need it. The banner (and the auth catalog it
// speaks from) loads only then, so a share link's first load stays inside its budget.
import { lazy, Suspense } from 'react';
import { useSession } from '../../lib';

const VerifyBanner = lazy(() => import('./VerifyBanner'));

export function UnverifiedGate() {
  const { user } = useSession();
  if (user?.emailVerified !== false) return null;
  return (
    <Suspense fallback={null}>
      <VerifyBanner />
    </Suspense>
  );
}
