/**
 * The portal's run-time configuration, served beside the build as `/config.json`: locally by `infra/local/portal.ts`
 * (development sign-in), in AWS by the portal stack's deployment (Cognito hosted UI).
 */

export interface DevAuthConfig {
  readonly apiUrl: string;
  readonly auth: 'dev';
  /** The local mailbox (aws-ses-v2-local), shown to developers. */
  readonly mailboxUrl?: string;
  readonly ocidPrefix?: string;
}

export interface CognitoAuthConfig {
  readonly apiUrl: string;
  readonly auth: 'cognito';
  /** Hosted UI base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domain: string;
  readonly clientId: string;
  /** Where Cognito sends the browser back with `?code=`: the portal's root URL. */
  readonly redirectUri: string;
  readonly ocidPrefix?: string;
}

export type PortalConfig = DevAuthConfig | CognitoAuthConfig;

/** The API's default registered OCDS prefix (`OCDS_PREFIX`); a competition's ocid is `<prefix>-<id>`. */
export const DEFAULT_OCID_PREFIX = 'ocds-konkurs';

let loaded: PortalConfig | undefined;

/** Loads `/config.json` once; a trailing slash on URLs is dropped so paths can be appended. */
export const loadConfig = async (): Promise<PortalConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const raw = (await response.json()) as PortalConfig;
  const apiUrl = raw.apiUrl.replace(/\/+$/, '');
  loaded = raw.auth === 'cognito' ? { ...raw, apiUrl, domain: raw.domain.replace(/\/+$/, '') } : { ...raw, apiUrl };
  return loaded;
};

export const config = (): PortalConfig => {
  if (!loaded) throw new Error('configuration not loaded');
  return loaded;
};
