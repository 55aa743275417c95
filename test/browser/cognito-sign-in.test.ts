/**
 * Signing in as in AWS: `/config.json` names the Cognito hosted UI, the portal sends the browser there with a PKCE
 * challenge, and exchanges the returned code (with its verifier) for tokens, keeping the ID token. The hosted UI is
 * stood in for by routes of the browser context; its ID token is one the local identity provider signs, so the
 * local API accepts it exactly as the JWT authorizer accepts Cognito's.
 */
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { local, tokenFor } from '../support/local.js';
import { DESKTOP, checkPage, launchBrowser, openPortal } from './harness.js';

const HOSTED_UI = 'https://konkurs-test.auth.eu-central-1.amazoncognito.com';
const CLIENT_ID = 'portal-client-123';

describe('Cognito hosted UI sign-in (authorization code + PKCE)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with the ID token and signs out through the hosted UI', async () => {
    // Prepare: the AWS configuration and a stand-in hosted UI
    const { context, page } = await openPortal(browser, DESKTOP);
    const redirectUri = `${local().portal}/`;
    const idToken = await tokenFor({ role: 'akimat', kato: '350000000' });
    const authorize: URLSearchParams[] = [];
    const exchanges: URLSearchParams[] = [];
    const logouts: URLSearchParams[] = [];
    await context.route('**/config.json', (route) =>
      route.fulfill({ json: { apiUrl: local().api, auth: 'cognito', domain: HOSTED_UI, clientId: CLIENT_ID, redirectUri } }),
    );
    await context.route(`${HOSTED_UI}/oauth2/authorize?*`, (route) => {
      const params = new URL(route.request().url()).searchParams;
      authorize.push(params);
      return route.fulfill({ status: 302, headers: { location: `${params.get('redirect_uri')}?code=one-time-code&state=${params.get('state')}` } });
    });
    await context.route(`${HOSTED_UI}/oauth2/token`, (route) => {
      exchanges.push(new URLSearchParams(route.request().postData() ?? ''));
      return route.fulfill({
        headers: { 'access-control-allow-origin': '*' },
        json: { id_token: idToken, access_token: 'access-token-the-api-would-refuse', refresh_token: 'r', token_type: 'Bearer', expires_in: 3600 },
      });
    });
    await context.route(`${HOSTED_UI}/logout?*`, (route) => {
      const params = new URL(route.request().url()).searchParams;
      logouts.push(params);
      return route.fulfill({ status: 302, headers: { location: params.get('logout_uri')! } });
    });

    // Act: sign in
    await page.goto('/signin?next=%2Fakimat');
    await checkPage(page, 'sign-in-cognito');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL((url) => url.pathname === '/akimat');

    // Assess: an authorization-code request with an S256 challenge, and an exchange proving the verifier
    expect(authorize).toHaveLength(1);
    const request = authorize[0]!;
    expect(Object.fromEntries(request)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(exchanges).toHaveLength(1);
    const exchange = exchanges[0]!;
    expect(Object.fromEntries(exchange)).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, code: 'one-time-code', redirect_uri: redirectUri });
    const verifier = exchange.get('code_verifier')!;
    expect(verifier).toMatch(/^[\w-]{43,128}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(request.get('code_challenge'));
    // The ID token (audience: the app client) is what the API receives; the code is gone from the address bar.
    expect(await page.evaluate(() => sessionStorage.getItem('konkurs.token'))).toBe(idToken);
    expect(page.url()).not.toContain('code=');
    await expect.poll(() => page.locator('[data-testid=who]').textContent()).toContain('Карагандинская область');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Конкурсы акимата');

    // Act: sign out
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(redirectUri);

    // Assess
    expect(logouts).toHaveLength(1);
    expect(Object.fromEntries(logouts[0]!)).toEqual({ client_id: CLIENT_ID, logout_uri: redirectUri });
    expect(await page.evaluate(() => sessionStorage.getItem('konkurs.token'))).toBeNull();
    await context.close();
  });

  it('refuses a callback whose state does not match the request', async () => {
    const { context, page } = await openPortal(browser, DESKTOP);
    const redirectUri = `${local().portal}/`;
    await context.route('**/config.json', (route) =>
      route.fulfill({ json: { apiUrl: local().api, auth: 'cognito', domain: HOSTED_UI, clientId: CLIENT_ID, redirectUri } }),
    );
    await context.route(`${HOSTED_UI}/oauth2/authorize?*`, (route) =>
      route.fulfill({ status: 302, headers: { location: `${redirectUri}?code=stolen-code&state=forged` } }),
    );
    let exchanged = false;
    await context.route(`${HOSTED_UI}/oauth2/token`, (route) => {
      exchanged = true;
      return route.abort();
    });

    await page.goto('/signin');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.has('failed'));

    expect(exchanged).toBe(false);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Не удалось войти');
    expect(await page.evaluate(() => sessionStorage.getItem('konkurs.token'))).toBeNull();
    await context.close();
  });
});
