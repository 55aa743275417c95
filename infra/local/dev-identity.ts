/**
 * The development identity provider: issues ID tokens with the claims Cognito puts in them (`cognito:groups`,
 * `custom:kato`, `custom:bin`, `custom:route`, `email`), signed with a local RS256 key, and verifies them exactly as the HTTP API JWT
 * authorizer does (signature, issuer, audience, expiry). Exists only in the local runtime.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { Role } from '../topology.js';

export const DEV_AUDIENCE = 'konkurs-local';

export interface TokenRequest {
  readonly role: Role;
  readonly kato?: string;
  readonly bin?: string;
  readonly email?: string;
  /** A financier's route (`dbk-banks` or `khc-bonds`), issued as `custom:route`. */
  readonly route?: string;
  /** Testing aids: an audience other than the API's, or a lifetime that has already run out. */
  readonly audience?: string;
  readonly expiresInSeconds?: number;
}

export type Claims = Record<string, string | number | boolean | string[]>;

export interface DevIdentity {
  readonly issuer: string;
  issue(request: TokenRequest): Promise<string>;
  /** The claims as the authorizer passes them on, or undefined for a token it would reject (401). */
  verify(token: string): Promise<Claims | undefined>;
}

interface StoredKey {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** The signing key is kept in the data folder so tokens stay valid across restarts of `npm start`. */
const loadOrCreateKey = async (dataDir: string): Promise<StoredKey> => {
  const file = join(dataDir, 'dev-identity-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const stored = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return stored;
};

/** API Gateway passes array claims on as `"[a b]"` strings; mirror it so handlers see what they see in AWS. */
const asAuthorizerClaims = (payload: JWTPayload): Claims =>
  Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : (value as string | number | boolean),
    ]),
  );

export const createDevIdentity = async (options: { dataDir: string; issuer: string }): Promise<DevIdentity> => {
  const stored = await loadOrCreateKey(options.dataDir);
  const privateKey = await importJWK(stored.privateJwk, 'RS256');
  const publicKey = await importJWK(stored.publicJwk, 'RS256');
  // Verified tokens are remembered until they expire: the local gateway stays as cheap as API Gateway's cache.
  const verified = new Map<string, { claims: Claims; exp: number }>();

  return {
    issuer: options.issuer,
    issue: async (request) => {
      const subject = [request.role, request.kato ?? request.bin ?? request.route ?? randomUUID()].join(':');
      const nowSeconds = Math.floor(Date.now() / 1000);
      return new SignJWT({
        'cognito:groups': [request.role],
        token_use: 'id',
        ...(request.kato ? { 'custom:kato': request.kato } : {}),
        ...(request.bin ? { 'custom:bin': request.bin } : {}),
        ...(request.route ? { 'custom:route': request.route } : {}),
        ...(request.email ? { email: request.email, email_verified: true } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'konkurs-local' })
        .setSubject(subject)
        .setIssuer(options.issuer)
        .setAudience(request.audience ?? DEV_AUDIENCE)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + (request.expiresInSeconds ?? 12 * 3600))
        .sign(privateKey);
    },
    verify: async (token) => {
      const nowSeconds = Date.now() / 1000;
      const cached = verified.get(token);
      if (cached) {
        if (cached.exp > nowSeconds) return cached.claims;
        verified.delete(token);
        return undefined;
      }
      try {
        // Real time, not the development clock: API Gateway knows nothing of the clock handlers see.
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: options.issuer,
          audience: DEV_AUDIENCE,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'iat', 'sub'],
        });
        const claims = asAuthorizerClaims(payload);
        if (verified.size > 10_000) verified.clear();
        verified.set(token, { claims, exp: payload.exp! });
        return claims;
      } catch {
        return undefined;
      }
    },
  };
};
