/**
 * Schemas built on first use, not at import.
 *
 * Building a zod schema runs a good deal of code: every `z.object`, `z.string()`, check and wrapper constructs an
 * instance. The route and message schemas of a function add up to hundreds of them. Building them all at import was
 * most of each function's cold-start import time beyond the AWS SDK's (a route module of 58 KB: about 3 ms to load, 20 ms
 * to build; docs/benchmarks.md, "Bundles"). A function uses only a few of them: the input schemas of the route or message
 * it handles, never the response schemas, which only the OpenAPI document reads.
 *
 * `deferred(() => schema)` stands in for the schema and builds it when something first reads it: a parse, a parent
 * schema parsing a field, the OpenAPI converter. Parents keep the stand-in, so a shared schema is still one object, and
 * `z.infer<typeof x>` is the schema's own type. Metadata (`z.describe`, `z.meta`) on the schema itself is copied to the
 * stand-in, where the JSON Schema converter looks it up; {@link buildAllDeferred} builds every stand-in first, so the
 * OpenAPI document sees the metadata whatever order it walks in.
 */
import * as z from 'zod/mini';

const pending = new Set<() => void>();

export const deferred = <T extends object>(build: () => T): T => {
  let built: T | undefined;
  const stand = Object.create(null) as T;
  const real = (): T => {
    if (built === undefined) {
      built = build();
      pending.delete(materialize);
      const meta = z.globalRegistry.get(built as unknown as z.core.$ZodType);
      if (meta) z.globalRegistry.add(proxy as unknown as z.core.$ZodType, meta);
    }
    return built;
  };
  const materialize = (): void => void real();
  pending.add(materialize);
  const proxy = new Proxy(stand, {
    get: (_, key) => {
      const target = real();
      return Reflect.get(target, key, target);
    },
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
};

/** Builds every schema not built yet (the OpenAPI document, tests that walk all schemas). */
export const buildAllDeferred = (): void => {
  for (const materialize of [...pending]) materialize();
};
