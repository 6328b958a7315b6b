import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { ApiError, api, onSessionEnded, setCsrfToken } from './api.js';
import { navigate } from './router.js';
import type { MeT } from './types.js';

const MeContext = createContext<MeT | null>(null);

/** Public pages work without a session; everything else needs one. */
export const PUBLIC_PATHS = ['/sign-in', '/forgot-password', '/reset-password', '/accept-invite', '/setup'];

/** Who is signed in in this browser (remembering the CSRF token), or null when nobody is. */
export async function loadMe(): Promise<MeT | null> {
  try {
    const me = await api<MeT>('GET', '/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Loads `/me` once and whenever it is invalidated; null while signed out. */
export function useMeQuery() {
  return useQuery({ queryKey: ['me'], queryFn: loadMe, staleTime: 30_000 });
}

export function SessionProvider({ me, children }: { me: MeT | null; children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    // A 401 anywhere means this browser's session ended (ended by an admin, expired, or a
    // newer sign-in elsewhere under single-session): drop cached data and go to sign-in.
    onSessionEnded(() => {
      setCsrfToken(null);
      // A public page (an invitation, a reset link) keeps its own data, half-loaded or not:
      // only who is signed in changes.
      if (PUBLIC_PATHS.includes(location.pathname)) {
        qc.setQueryData(['me'], null);
        return;
      }
      qc.clear();
      navigate('/sign-in?ended=1', true);
    });
  }, [qc]);
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** The signed-in person; only call under a page that requires a session. */
export function useMe(): MeT {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

export function isStaff(me: MeT): boolean {
  return me.user.platformRole !== null;
}
