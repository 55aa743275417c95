/**
 * The signed-in user, shared by every page: set by the sign-in page, cleared on sign-out or on a 401 from the API.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { setUnauthorizedHandler } from './api.js';
import { signOut as endSession } from './auth.js';
import { navigate } from './router.js';
import { clearSession, storedSession, type Session } from './session.js';

export interface SessionState {
  readonly session: Session | undefined;
  readonly setSession: (session: Session | undefined) => void;
  readonly signOut: () => void;
}

const SessionContext = createContext<SessionState>({ session: undefined, setSession: () => undefined, signOut: () => undefined });

export const SessionProvider = ({ children }: { children: ComponentChildren }) => {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      clearSession();
      setSession(undefined);
      navigate(`/signin?expired=1&next=${encodeURIComponent(location.pathname + location.search)}`);
    });
  }, []);
  const value = useMemo<SessionState>(
    () => ({
      session,
      setSession,
      signOut: () => {
        setSession(undefined);
        endSession();
        navigate('/');
      },
    }),
    [session],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
};

export const useSession = (): SessionState => useContext(SessionContext);
