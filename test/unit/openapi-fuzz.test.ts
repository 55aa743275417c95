/**
 * The fuzz suite's own generator and oracle (test/support/openapi-fuzz.ts), on a small document: the cases it
 * generates break what they say they break, and the oracle flags what the integration fuzz must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casesFor, operationsOf, urlOf, verdict, type FuzzCase } from '../support/openapi-fuzz.js';

const document = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}/bids/me': {
      put: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9]{1,20}$' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { price: { type: 'string', pattern: '^(?:0|[1-9]\\d{0,14})(?:\\.\\d{1,2})?$' }, note: { type: 'string', maxLength: 10 } },
                required: ['price'],
                additionalProperties: false,
              },
            },
          },
        },
        'x-roles': ['contractor'],
      },
    },
    '/things': {
      get: { parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }] },
    },
  },
};

const [put, list] = operationsOf(document);
const sample = (c: ReturnType<typeof casesFor>, n = 400): FuzzCase[] => fc.sample(c, { seed: 42, numRuns: n });

describe('fuzz cases from an OpenAPI document', () => {
  it('reads every operation with its parameters, body schema and roles', () => {
    expect(operationsOf(document).map((o) => `${o.method} ${o.path}`)).toEqual(['PUT /things/{id}/bids/me', 'GET /things']);
    expect(put).toMatchObject({ roles: ['contractor'], parameters: [{ name: 'id', in: 'path' }] });
    expect(put?.body?.required).toEqual(['price']);
  });

  it('generates every family of mutation for an operation with a path id and a JSON body', () => {
    // Act
    const kinds = new Set(sample(casesFor(put!)).map((c) => c.mutation.kind));

    // Assess
    expect([...kinds].sort()).toEqual(['body-field', 'body-malformed-json', 'body-missing', 'body-shape', 'body-unknown', 'content-type', 'path']);
  });

  it('judges cases by the document: a missing required field, an unknown field and bad money are never valid', () => {
    // Act
    const cases = sample(casesFor(put!), 600);
    const invalidKinds = cases.filter((c) => ['body-missing', 'body-unknown', 'body-malformed-json', 'content-type'].includes(c.mutation.kind));
    const badMoney = cases.filter((c) => c.mutation.kind === 'body-field' && c.mutation.target === 'price' && c.mutation.variant.startsWith('money:'));

    // Assess
    expect(invalidKinds.length).toBeGreaterThan(0);
    expect(invalidKinds.every((c) => !c.validByDocument)).toBe(true);
    expect(badMoney.length).toBeGreaterThan(0);
    expect(badMoney.every((c) => !c.validByDocument)).toBe(true);
  });

  it('bad limits and cursors go into the query; a canonical limit in range is valid, others not', () => {
    // Act
    const cases = sample(casesFor(list!), 200).filter((c) => c.mutation.target === 'limit');

    // Assess
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(urlOf(c)).toContain('limit=');
      expect(c.validByDocument).toBe(/^[1-9]\d?$|^100$/.test(c.query.limit!));
    }
  });

  it('keeps malformed percent-encoding raw in the URL', () => {
    const encoded = sample(casesFor(put!), 800).find((c) => c.mutation.variant.startsWith('encoding:'));
    expect(encoded).toBeDefined();
    expect(urlOf(encoded!)).toContain(`/things/${encoded!.rawPath.id}/bids/me`);
    expect(encoded!.validByDocument).toBe(false);
  });
});

describe('fuzz oracle', () => {
  const cases = sample(casesFor(put!), 600);
  const priceCase = cases.find((c) => c.mutation.kind === 'body-field' && c.mutation.target === 'price' && !c.validByDocument)!;
  const contentTypeCase = cases.find((c) => c.mutation.kind === 'content-type')!;

  it('flags a 5xx, a 2xx on an invalid input and a 4xx that names another field or none', () => {
    expect(verdict(priceCase, { status: 500, body: { message: 'Internal Server Error' } })).toMatch(/server error/);
    expect(verdict(priceCase, { status: 200, body: {} })).toMatch(/accepted/);
    expect(verdict(priceCase, { status: 422, body: { error: 'validation', message: 'x', fields: [{ path: 'note', message: 'x' }] } })).toMatch(/not price/);
    expect(verdict(priceCase, { status: 422, body: { error: 'validation', message: 'x' } })).toMatch(/names no field/);
    expect(verdict(priceCase, { status: 422, body: { message: 'x', fields: [{ path: 'price', message: 'x' }] } })).toMatch(/error, message/);
    expect(verdict(contentTypeCase, { status: 422, body: { error: 'validation', message: 'x', fields: [{ path: 'price', message: 'x' }] } })).toMatch(/not 415/);
  });

  it('accepts a 422 naming the broken field, a 404 and a 415 for a wrong content type', () => {
    expect(verdict(priceCase, { status: 422, body: { error: 'validation', message: 'x', fields: [{ path: 'price', message: 'bad' }] } })).toBeUndefined();
    expect(verdict(priceCase, { status: 404, body: { error: 'not_found', message: 'x' } })).toBeUndefined();
    expect(verdict(contentTypeCase, { status: 415, body: { error: 'unsupported_media_type', message: 'x' } })).toBeUndefined();
  });
});
