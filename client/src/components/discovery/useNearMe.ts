// "Near me": the browser's geolocation, asked for only when the person presses the button (the
// permission prompt should answer a gesture, not ambush a page load).
import { useCallback, useState } from 'react';
import { roundCoordinate } from './searchParams';

export type LocateState = 'idle' | 'locating' | 'located' | 'denied' | 'unavailable' | 'unsupported';

export function useNearMe(onFound: (near: { lat: number; lng: number }) => void) {
  const [state, setState] = useState<LocateState>('idle');
  const locate = useCallback(() => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setState('unsupported');
      return;
    }
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setState('located');
        onFound({ lat: roundCoordinate(position.coords.latitude), lng: roundCoordinate(position.coords.longitude) });
      },
      (error) => setState(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      // A city-block fix is plenty for "within 2 km", and coarse fixes come fast.
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 10 * 60_000 },
    );
  }, [onFound]);
  return { state, locate };
}
