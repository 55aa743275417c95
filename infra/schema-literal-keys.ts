/**
 * Lets esbuild's tree-shaking drop the AWS SDK schemas a bundle never reaches.
 *
 * A client's generated schema module (`@aws-sdk/client-<service>/dist-es/schemas/schemas_<n>.js`) declares every
 * operation and structure of the service, naming traits by computed keys of module constants:
 * `{ [_h]: ["POST", "/v2/email/outbound-emails", 200] }` after `const _h = "http"`. esbuild keeps a statement whose object
 * literal has a computed key that is not itself a literal (evaluating the key might have side effects), and with it
 * everything that statement names. Clients of protocols with HTTP bindings (REST JSON, REST XML) put such a key on every
 * operation, so none of their schemas was ever dropped: SESv2's were 48 KB of the mailer's bundle, for one operation.
 * JSON-RPC clients (DynamoDB, SQS) have few such keys and lose nothing to this.
 *
 * The rewrite puts each constant's string literal in place of its name (`{ "http": [...] }`): the same object, as a
 * literal key. What no code reaches is then dropped like any unused declaration. Keys whose name is not a string
 * constant of the module are left as they are.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** A client's generated schema modules, the only files the plugin reads. */
export const SDK_SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** `source` with every computed key `[name]` of an object literal whose `name` is a module-level string constant as that literal. */
export const literalSchemaKeys = (source: string): string => {
  const constants = new Map<string, string>();
  for (const match of source.matchAll(/^const (\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) constants.set(match[1]!, match[2]!);
  // A computed key opens an object literal or follows a comma in it; `[name]:` elsewhere (a conditional's `a[name] :`)
  // is not matched, because the bracket then follows an expression.
  return source.replace(/([{,]\s*)\[(\w+)\]:/g, (whole, before: string, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? whole : `${before}${literal}:`;
  });
};

export const schemaLiteralKeysPlugin: Plugin = {
  name: 'konkurs-sdk-schema-literal-keys',
  setup: (build) => {
    build.onLoad({ filter: SDK_SCHEMA_MODULE }, async (args) => ({ contents: literalSchemaKeys(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};
