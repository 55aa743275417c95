/**
 * Signing in. Locally (`auth: 'dev'`) the development identity provider of `npm start` issues a token for a chosen
 * demo user. In AWS (`auth: 'cognito'`) the Cognito hosted UI signs the user in with the authorization-code flow and
 * PKCE; the portal keeps the ID token, whose audience is the app client the API's JWT authorizer expects.
 */
import { config, type CognitoAuthConfig } from './config.js';
import { clearSession, storeToken, type Role, type Session } from './session.js';

export interface DevUser {
  readonly role: Role;
  readonly kato?: string;
  readonly bin?: string;
  readonly route?: string;
}

/** Asks the local development identity provider for a token (`POST /dev/token`). */
export const devSignIn = async (user: DevUser): Promise<Session> => {
  const response = await fetch(`${config().apiUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`dev token refused: HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const session = storeToken(token);
  if (!session) throw new Error('the token names no Konkurs role');
  return session;
};

const PKCE_KEY = 'konkurs.pkce';

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const randomString = (bytes: number): string => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

/** Sends the browser to the Cognito hosted UI; `returnTo` is restored after the callback. */
export const cognitoSignIn = async (cognito: CognitoAuthConfig, returnTo: string): Promise<void> => {
  const verifier = randomString(48);
  const state = randomString(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(`${cognito.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: cognito.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  }).toString();
  location.assign(url.toString());
};

/**
 * Completes a hosted-UI sign-in when the URL carries `?code=&state=` of a pending PKCE request: exchanges the code
 * for tokens and keeps the ID token.
 *
 * @returns the path to go back to, or undefined when the URL is not a callback
 */
export const completeCognitoSignIn = async (): Promise<string | undefined> => {
  const current = config();
  if (current.auth !== 'cognito') return undefined;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(PKCE_KEY);
  if (!code || !pending) return undefined;
  sessionStorage.removeItem(PKCE_KEY);
  const { verifier, state, returnTo } = JSON.parse(pending) as { verifier: string; state: string; returnTo: string };
  if (params.get('state') !== state) throw new Error('sign-in state mismatch');
  const response = await fetch(`${current.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: current.clientId,
      code,
      redirect_uri: current.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token exchange failed: HTTP ${response.status}`);
  const { id_token: idToken } = (await response.json()) as { id_token?: string };
  if (!idToken || !storeToken(idToken)) throw new Error('no usable ID token');
  return returnTo || '/';
};

/** Forgets the token; in AWS also ends the hosted-UI session. */
export const signOut = (): void => {
  clearSession();
  const current = config();
  if (current.auth === 'cognito') {
    const url = new URL(`${current.domain}/logout`);
    url.search = new URLSearchParams({ client_id: current.clientId, logout_uri: current.redirectUri }).toString();
    location.assign(url.toString());
  }
};
