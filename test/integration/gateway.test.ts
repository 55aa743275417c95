/**
 * The local gateway verifies tokens as the HTTP API JWT authorizer does, and the HTTP chain answers bad requests with
 * clear 4xx bodies.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { api, local, tokenFor, uniqueBin } from '../support/local.js';

const forge = async (claims: Record<string, unknown>): Promise<string> => {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ 'cognito:groups': ['contractor'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'konkurs-local' })
    .setSubject('intruder')
    .setIssuer(`${local().api}/dev`)
    .setAudience('konkurs-local')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
};

describe('gateway authorizer', () => {
  it('accepts a token of the development identity provider', async () => {
    const bin = uniqueBin();
    const response = await api('/contractors/me', { token: await tokenFor({ role: 'contractor', bin }) });
    expect(response.status).toBe(404); // authorized; this BIN has not registered yet
  });

  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'not-a-jwt'],
    ['a forged signature', async () => forge({ 'custom:bin': uniqueBin() })],
    ['an expired token', async () => tokenFor({ role: 'contractor', bin: uniqueBin(), expiresInSeconds: -60 })],
    ['a wrong audience', async () => tokenFor({ role: 'contractor', bin: uniqueBin(), audience: 'someone-else' })],
  ])('answers 401 to %s', async (_label, makeToken) => {
    const token = await makeToken();
    const response = await api('/contractors/me', token ? { token } : {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 403 to a valid token of a role the route does not admit', async () => {
    const response = await api('/contractors/me', { token: await tokenFor({ role: 'ministry' }) });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('forbidden');
  });

  it('refuses dev tokens with invalid claims, naming the field', async () => {
    const response = await api('/dev/token', { body: { role: 'akimat', kato: '123' } });
    expect(response.status).toBe(422);
    expect(response.body.fields.map((f: { path: string }) => f.path)).toContain('kato');
  });
});

describe('HTTP chain errors', () => {
  it('answers 404 for an unknown route', async () => {
    expect((await api('/no/such/route')).status).toBe(404);
  });

  it('answers 415 to a non-JSON body, 400 to malformed JSON and 413 to an oversized body', async () => {
    const bin = uniqueBin();
    const token = await tokenFor({ role: 'contractor', bin });
    const text = await api('/contractors', { token, raw: 'bin=1', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const malformed = await api('/contractors', { token, raw: '{"bin":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const huge = await api('/contractors', { token, body: { bin, name: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
  });

  it('answers 422 naming each offending field, unknown fields included', async () => {
    const bin = uniqueBin();
    const token = await tokenFor({ role: 'contractor', bin });
    const response = await api('/contractors', {
      token,
      body: { bin: '123456789012', name: '', email: 'nope', language: 'de', subscriptions: [{ kato: '999', sector: 'heat' }], extra: true },
    });
    expect(response.status).toBe(422);
    const paths = response.body.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['bin', 'name', 'email', 'language', 'subscriptions.0.kato', 'extra']));
  });

  it('lets a contractor register only its own BIN', async () => {
    const token = await tokenFor({ role: 'contractor', bin: uniqueBin() });
    const response = await api('/contractors', { token, body: { bin: uniqueBin(), name: 'ТОО', email: 'a@b.kz', language: 'ru' } });
    expect(response.status).toBe(403);
  });
});
