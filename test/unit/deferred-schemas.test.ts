/**
 * Schemas built on first use (`shared/schemas/deferred.ts`): importing a schema module builds nothing, a parse builds
 * what it reads, a deferred schema nested in another parses and fails as the schema itself would, and the JSON Schema
 * of the OpenAPI document keeps the metadata of a deferred schema.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { buildAllDeferred, deferred } from '../../shared/schemas/deferred.js';

describe('deferred schemas', () => {
  it('builds a schema only when it is first used, and once', () => {
    let builds = 0;
    const schema = deferred(() => {
      builds += 1;
      return z.strictObject({ bin: z.string().check(z.regex(/^\d{12}$/, '12 digits')) });
    });
    expect(builds).toBe(0);
    expect(z.safeParse(schema, { bin: '940140000385' }).success).toBe(true);
    expect(z.safeParse(schema, { bin: '1' }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('parses and reports field paths as the schema itself when nested in another', () => {
    const inner = deferred(() => z.strictObject({ price: z.string().check(z.regex(/^\d+$/, 'digits')) }));
    const outer = deferred(() => z.strictObject({ bid: inner, note: z.optional(deferred(() => z.string())) }));
    const result = z.safeParse(outer, { bid: { price: 'x' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['bid.price', 'digits']]);
    expect(z.parse(outer, { bid: { price: '12' } })).toEqual({ bid: { price: '12' } });
  });

  it('keeps an optional deferred field optional in its parent', () => {
    const optionalAuthority = deferred(() => z.optional(z.enum(['head', 'signatory'])));
    const signer = z.object({ name: z.string(), authority: optionalAuthority });
    expect(z.parse(signer, { name: 'A' })).toEqual({ name: 'A' });
    expect(z.safeParse(signer, { name: 'A', authority: 'employee' }).success).toBe(false);
  });

  it('keeps the metadata of a deferred schema in its JSON Schema', () => {
    const tenge = deferred(() => z.string().check(z.describe('Tenge, a decimal string')));
    const body = deferred(() => z.object({ value: tenge }));
    buildAllDeferred();
    expect(z.toJSONSchema(body)).toMatchObject({
      type: 'object',
      properties: { value: { type: 'string', description: 'Tenge, a decimal string' } },
    });
  });
});
