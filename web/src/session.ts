/**
 * Who is signed in: the ID token (kept in sessionStorage, so it dies with the tab) and the claims the API reads from
 * it. The portal only reads the claims to choose what to show; the API verifies the token and decides.
 */

export type Role = 'akimat' | 'contractor' | 'ministry' | 'financier';

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly kato?: string;
  readonly bin?: string;
  readonly email?: string;
  /** A financier's route (`custom:route`). */
  readonly route?: string;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

const KEY = 'konkurs.token';

const decodePart = (part: string): unknown => {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
};

const ROLES: readonly Role[] = ['akimat', 'contractor', 'ministry', 'financier'];

/** The session a token stands for, or undefined when it is malformed, expired or names no Konkurs role. */
export const sessionOf = (token: string): Session | undefined => {
  try {
    const claims = decodePart(token.split('.')[1] ?? '') as Record<string, unknown>;
    const groups = claims['cognito:groups'];
    const list = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
    const role = ROLES.find((r) => list.includes(r));
    const exp = Number(claims.exp);
    if (!role || !Number.isFinite(exp) || exp * 1000 <= Date.now()) return undefined;
    return {
      token,
      role,
      exp,
      ...(typeof claims['custom:kato'] === 'string' ? { kato: claims['custom:kato'] } : {}),
      ...(typeof claims['custom:bin'] === 'string' ? { bin: claims['custom:bin'] } : {}),
      ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
      ...(typeof claims['custom:route'] === 'string' ? { route: claims['custom:route'] } : {}),
    };
  } catch {
    return undefined;
  }
};

export const storedSession = (): Session | undefined => {
  const token = sessionStorage.getItem(KEY);
  const session = token ? sessionOf(token) : undefined;
  if (token && !session) sessionStorage.removeItem(KEY);
  return session;
};

export const storeToken = (token: string): Session | undefined => {
  const session = sessionOf(token);
  if (session) sessionStorage.setItem(KEY, token);
  return session;
};

export const clearSession = (): void => sessionStorage.removeItem(KEY);
