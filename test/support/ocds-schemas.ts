/**
 * Validators of the official OCDS 1.1.5 schemas (draft-04), read from the project's test fixtures
 * (`test/fixtures/ocds/1.1.5/`, unmodified copies with their Apache-2.0 notice).
 *
 * The package schemas refer to the release schema (and the record package to the versioned release schema) by their
 * `id`, so those are registered under their ids before the package schemas are compiled.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

// Both are CommonJS: under NodeNext the class and the plugin are the default export's `default`.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const SCHEMA_DIR = resolve(import.meta.dirname, '..', 'fixtures', 'ocds', '1.1.5');

const readSchema = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(resolve(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;

export interface OcdsValidators {
  readonly release: ValidateFunction;
  readonly releasePackage: ValidateFunction;
  readonly recordPackage: ValidateFunction;
}

let validators: OcdsValidators | undefined;
/** The release schema's definitions (`Document`…), compiled by the same instance as `validators`. */
let definition: ((name: string) => ValidateFunction) | undefined;

/** The compiled validators (compiled once per test file). */
export const ocdsValidators = (): OcdsValidators => {
  if (validators) return validators;
  // The schemas carry OCDS' own annotations (codelist, omitWhenMerged, versionId…): not strict.
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  const releaseSchema = readSchema('release-schema.json');
  ajv.addSchema(releaseSchema);
  definition = (name) => ajv.getSchema(`${String(releaseSchema.id)}#/definitions/${name}`)!;
  ajv.addSchema(readSchema('versioned-release-validation-schema.json'));
  validators = {
    release: ajv.getSchema(String(releaseSchema.id))!,
    releasePackage: ajv.compile(readSchema('release-package-schema.json')),
    recordPackage: ajv.compile(readSchema('record-package-schema.json')),
  };
  return validators;
};

const describeErrors = (errors: readonly ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

/**
 * The errors of `value` against one definition of the core release schema (`Document`…), for objects an extension
 * places where the core schema does not look, such as `bids.details[].documents[]`.
 */
export const ocdsDefinitionErrors = (name: string, value: unknown): string[] => {
  ocdsValidators();
  const validate = definition!(name);
  return validate(value) ? [] : describeErrors(validate.errors);
};

/** The schema errors of `value` as readable lines; empty when it is valid. */
export const ocdsErrors = (kind: keyof OcdsValidators, value: unknown): string[] => {
  const validate = ocdsValidators()[kind];
  return validate(value) ? [] : describeErrors(validate.errors);
};
