/**
 * How every function is bundled, as data: the CDK `NodejsFunction` bundling (`infra/konkurs-function.ts`) and the
 * bundle-size benchmark (esbuild's JS API) read the same settings, so the benchmark measures what is deployed.
 *
 * Only options that both the esbuild JS API and CDK's esbuild CLI invocation understand belong here; `bundlingProps`
 * maps each of them, and nothing else, to the CDK form.
 */
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { posix } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (parts of the AWS SDK and middy do); Node's ESM
 * scope has no `require`, so the bundle defines one before any module code runs.
 */
export const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Module substitutions of every bundle, as esbuild `alias` entries (package → path relative to the repository root,
 * where CDK's local bundling and the benchmark run esbuild).
 *
 * `@aws-sdk/credential-provider-node` (the SDK's default credential chain) becomes `shared/aws/lambda-credentials.ts`:
 * the environment credentials Lambda sets, then a container credentials endpoint. The full chain's other links (SSO,
 * ini files, processes, web identity, instance metadata, with the STS and SSO clients) never run in Lambda; they were
 * about 130 KB of each bundle and about 20 ms of each cold import on the benchmark machine.
 */
export const moduleAliases = {
  '@aws-sdk/credential-provider-node': './shared/aws/lambda-credentials.ts',
} as const satisfies Record<string, string>;

/**
 * Options for `esbuild.build` shared by every function. Add `entryPoints` and `outdir`/`outfile` per build.
 *
 * - ESM output (`.mjs`) so Lambda loads it as a module and top-level `await` works at init.
 * - The AWS SDK is bundled (`external: []`), not taken from the runtime: the version we test is the version we run,
 *   and tree-shaking keeps it small.
 * - `mainFields: ['module', 'main']` prefers ES module builds of dependencies, which tree-shake better.
 * - Source maps are written to a separate `.map` file, never inlined (an inline map would double the code Lambda
 *   loads at cold start). They are `linked`: esbuild's `external` mode would also omit the `//# sourceMappingURL`
 *   comment, and then `NODE_OPTIONS=--enable-source-maps` could not find the map and stack traces would stay minified.
 * - Nothing is `define`d: in particular no `POWERTOOLS_DEV`, whose pretty-printed logs and missing sampling belong
 *   to local runs only.
 * - {@link moduleAliases} replace the SDK's default credential chain by Lambda's (the paths resolve against the
 *   working directory, so builds run from the repository root).
 */
export const esbuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outExtension: { '.js': '.mjs' },
  minify: true,
  sourcemap: 'linked',
  mainFields: ['module', 'main'],
  external: [],
  banner: { js: esmRequireBanner },
  alias: moduleAliases,
} as const satisfies BuildOptions;

/** {@link moduleAliases} as values of esbuild's `--alias:` CLI flag, paths under `root` (relative when omitted). */
const aliasArgs = (root?: string): string[] =>
  Object.entries(moduleAliases).map(([name, path]) => `${name}=${root ? posix.join(root, path) : path}`);

/**
 * The `bundling` props of a `NodejsFunction` equivalent to {@link esbuildOptions}. CDK names the output
 * `index.mjs` itself when the format is ESM.
 */
export const bundlingProps = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: esbuildOptions.target,
  minify: esbuildOptions.minify,
  sourceMap: true,
  // SourceMapMode.DEFAULT is esbuild's `--sourcemap`, i.e. `linked`.
  sourceMapMode: SourceMapMode.DEFAULT,
  mainFields: [...esbuildOptions.mainFields],
  banner: esbuildOptions.banner.js,
  bundleAwsSDK: true,
  externalModules: [...esbuildOptions.external],
  // CDK's local bundling runs esbuild in `projectRoot` (the repository root, `infra/konkurs-function.ts`).
  esbuildArgs: { '--alias': aliasArgs() },
});

/**
 * The esbuild command (CDK `afterBundling` hook) that writes a module of its own beside a handler, with the options of
 * {@link esbuildOptions}: a rarely used code path the handler imports through a variable specifier (so esbuild leaves
 * that import to run time), named by an environment variable in AWS. The handler's bundle then neither contains nor
 * parses it at a cold start.
 */
export const sideBundleCommand = (inputDir: string, outputDir: string, entry: string, file: string): string =>
  [
    `"${inputDir}/node_modules/.bin/esbuild"`,
    `"${inputDir}/${entry}"`,
    '--bundle',
    `--platform=${esbuildOptions.platform}`,
    `--format=${esbuildOptions.format}`,
    `--target=${esbuildOptions.target}`,
    '--minify',
    `--main-fields=${esbuildOptions.mainFields.join(',')}`,
    `--banner:js="${esbuildOptions.banner.js}"`,
    ...aliasArgs(inputDir).map((alias) => `"--alias:${alias}"`),
    '--log-level=warning',
    `--outfile="${outputDir}/${file}"`,
  ].join(' ');

/** The S3 file storage as a module of its own, for functions that use it on a few routes only (`FILE_STORAGE_MODULE`). */
export const fileStorageModule = { entry: 'shared/adapters/file-storage.ts', file: 'file-storage.mjs', env: 'FILE_STORAGE_MODULE' } as const;

/**
 * `NODE_OPTIONS` of the deployed functions (`infra/konkurs-function.ts`); the bundle benchmark judges cold imports
 * with the same flags. `--enable-source-maps` is left out: with it Node reads and parses each bundle's source map
 * (2–3 MB of JSON) during the cold start, measured at a median +22 % import CPU (floor +29 %; docs/benchmarks.md,
 * "Bundles", 2026-12-07), for stack traces that the `.map` files beside each bundle still resolve offline.
 */
export const deployedNodeOptions: readonly string[] = [];
