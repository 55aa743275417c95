import { describe, expect, it } from 'vitest';
import { responseContract } from '../support/response-contract.js';

describe('the response contract the integration tests hold the API to', () => {
  const contract = responseContract();
  const answer = (over: Partial<Parameters<typeof contract.problemsOf>[0]>) =>
    contract.problemsOf({ method: 'GET', path: '/health', status: 200, body: { status: 'ok', time: '2026-12-06T08:00:00Z' }, redirected: false, ...over });

  it('accepts a success answer as the document declares it', () => {
    expect(answer({})).toEqual([]);
  });

  it('names a field the document does not declare, and a missing one', () => {
    expect(answer({ body: { status: 'ok', time: 'now', extra: 1 } })).toEqual([expect.stringContaining('(extra)')]);
    expect(answer({ body: { status: 'ok' } })).toEqual([expect.stringContaining("must have required property 'time'")]);
  });

  it('refuses a success status the route does not declare', () => {
    expect(answer({ status: 201 })).toEqual([expect.stringContaining('GET /health: answered 201')]);
  });

  it('matches the most literal route and its declared alternatives', () => {
    expect(answer({ path: '/ocds/releases?limit=5', status: 204, body: undefined })).toEqual([]);
    expect(answer({ path: '/my/competitions', status: 200, body: { items: [] } })).toEqual([]);
    expect(answer({ method: 'get', path: '/competitions/C1/documents/D1/content', redirected: true, body: 'bytes' })).toEqual([]);
  });

  it('leaves errors, unknown routes and text bodies alone', () => {
    expect(answer({ status: 404, body: { error: 'not_found' } })).toEqual([]);
    expect(answer({ path: '/dev/token', body: { token: 't' } })).toEqual([]);
    expect(answer({ path: '/monitoring/kpi.csv', body: '\uFEFFa,b\r\n' })).toEqual([]);
  });
});
