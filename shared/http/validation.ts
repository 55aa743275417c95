/**
 * Input validation with zod (mini): every rejection names the offending field paths.
 */
import * as z from 'zod/mini';
import { ValidationError } from '../errors.js';

/** Parses `value` with `schema` or throws a 422 naming each offending field (prefixed with `where`, e.g. `query`). */
export const parseInput = <S extends z.ZodMiniType>(schema: S, value: unknown, where?: string): z.output<S> => {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => {
      const path = [...(where ? [where] : []), ...issue.path.map(String)];
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      return unknownKeys.length > 0
        ? { path: [...path, ...unknownKeys].join('.'), message: 'unknown field' }
        : { path: path.join('.'), message: issue.message };
    }),
  );
};
