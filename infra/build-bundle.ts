/**
 * Writes one bundle with the functions' esbuild options (`infra/bundling.ts`):
 *
 *   node --import tsx infra/build-bundle.ts <entry> <outfile> [--no-source-map]
 *
 * CDK's local bundling of every function and the side modules beside some handlers run it (`bundleCommand`): CDK's
 * bundling callback is synchronous and esbuild's plugins need its asynchronous API, so it runs in a process of its own.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptions } from './bundling.js';

const [entry, outfile, flag, ...rest] = process.argv.slice(2);
if (!entry || !outfile || rest.length > 0 || (flag !== undefined && flag !== '--no-source-map')) {
  process.stderr.write('usage: node --import tsx infra/build-bundle.ts <entry> <outfile> [--no-source-map]\n');
  process.exit(2);
}

await build({
  ...esbuildOptions,
  // The module aliases are paths relative to the repository root.
  absWorkingDir: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  entryPoints: [resolve(entry)],
  outfile: resolve(outfile),
  ...(flag === '--no-source-map' ? { sourcemap: false } : {}),
  logLevel: 'warning',
});
