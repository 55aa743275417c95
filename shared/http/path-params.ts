/**
 * The one rule for every path parameter of the API, by name. The HTTP chain checks each parameter before the route
 * runs, so a malformed or over-long id gets a 422 naming `path.<name>` and never reaches DynamoDB (whose keys are
 * bounded at 2 KB for the partition and 1 KB for the sort key). Plain regular expressions rather than zod, so the
 * chain adds nothing to the functions that validate no input of their own; the OpenAPI document reads the same table.
 */
import { ValidationError, type FieldProblem } from '../errors.js';

export interface PathParamRule {
  readonly pattern: RegExp;
  /** What a valid value looks like: the message of the 422 and the parameter's description in the OpenAPI document. */
  readonly description: string;
  readonly maxLength: number;
}

/** Ids of competitions, projects, inquiries and questions: key-safe, time-ordered or imported, at most 64 characters. */
const entityId: PathParamRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
  description: 'an id: 1–64 letters, digits, - and _, starting with a letter or digit',
  maxLength: 64,
};

export const PATH_PARAM_RULES: Readonly<Record<string, PathParamRule>> = {
  id: entityId,
  qid: { ...entityId, description: 'a question id: 1–64 letters, digits, - and _, starting with a letter or digit' },
  cid: { ...entityId, description: 'a complaint id: 1–64 letters, digits, - and _, starting with a letter or digit' },
  entryId: { ...entityId, description: 'a register entry id: 1–64 letters, digits, - and _, starting with a letter or digit' },
  bin: { pattern: /^\d{12}$/, description: 'a BIN: 12 digits', maxLength: 12 },
  ocid: {
    pattern: /^[A-Za-z0-9-]{1,120}$/,
    description: 'an Open Contracting ID `<prefix>-<competition id>`: 1–120 letters, digits and -',
    maxLength: 120,
  },
};

/** Any parameter a future route adds before it gets a rule of its own: still bounded below the key sizes. */
const FALLBACK_RULE: PathParamRule = {
  pattern: /^[A-Za-z0-9._~-]{1,128}$/,
  description: '1–128 letters, digits, ., _, ~ and -',
  maxLength: 128,
};

export const pathParamRule = (name: string): PathParamRule => PATH_PARAM_RULES[name] ?? FALLBACK_RULE;

/**
 * Checks every path parameter of a request against its rule.
 *
 * @throws ValidationError naming each offending parameter as `path.<name>`
 */
export const checkPathParams = (params: Readonly<Record<string, string>>): void => {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(params)) {
    const rule = pathParamRule(name);
    if (!rule.pattern.test(value)) {
      problems.push({ path: `path.${name}`, message: value.length > rule.maxLength ? `too long (at most ${rule.maxLength} characters)` : `not ${rule.description}` });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
};
