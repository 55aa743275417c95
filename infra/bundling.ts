/**
 * How every function is bundled, in one place: `esbuildOptions` for esbuild's JS API, used by CDK's local bundling
 * (`functionCode`, through `infra/build-bundle.ts`), by the side modules packaged beside some handlers and by the
 * bundle benchmark, so the benchmark measures what is deployed. CDK's `NodejsFunction` is not used: it runs the esbuild
 * CLI, which takes no plugins, and {@link schemaLiteralKeysPlugin} is one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, type ILocalBundling } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { schemaLiteralKeysPlugin } from './schema-literal-keys.js';

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (parts of the AWS SDK and middy do); Node's ESM
 * scope has no `require`, so the bundle defines one before any module code runs.
 */
export const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Module substitutions of every bundle, as esbuild `alias` entries (package → path relative to the repository root,
 * the working directory of every build: `absWorkingDir` in `infra/build-bundle.ts` and the benchmark).
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
 * - {@link schemaLiteralKeysPlugin} lets tree-shaking drop the SDK schemas a bundle does not reach (the mailer's SESv2
 *   client: 48 KB).
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
  plugins: [schemaLiteralKeysPlugin],
} as const satisfies BuildOptions;

/**
 * The shell command that writes one bundle of `entry` (relative to `root`, the repository root) to `outfile` with
 * {@link esbuildOptions}: `infra/build-bundle.ts` run by the Node that runs the CDK app, through tsx as the app is.
 * `sourceMap: false` for side modules, whose stack traces name the handler's frames anyway.
 */
export const bundleCommand = (root: string, entry: string, outfile: string, sourceMap = true): string =>
  [process.execPath, '--import', 'tsx', join(root, 'infra/build-bundle.ts'), join(root, entry), outfile, ...(sourceMap ? [] : ['--no-source-map'])]
    .map((part) => JSON.stringify(part))
    .join(' ');

/**
 * CDK's local bundling of one function: `entry` bundled to `index.mjs` (+ `index.mjs.map`) with {@link esbuildOptions},
 * then the hooks' commands (data files and side modules beside the handler), as `NodejsFunction` runs its
 * `commandHooks`: in `root`, given `root` and the package folder.
 *
 * Its fields are data on purpose: CDK reuses a staged asset for bundling options that serialize alike (its cache key
 * is the options' JSON, where a function is nothing), so the entry and the commands must be in that JSON, or every
 * function would get the first one's bundle.
 */
class LocalEsbuild implements ILocalBundling {
  readonly entry: string;
  /** The commands, with the package folder as `<output>`. */
  readonly commands: readonly string[];

  constructor(
    private readonly root: string,
    entry: string,
    private readonly hooks: ICommandHooks | undefined,
  ) {
    this.entry = entry;
    this.commands = this.commandsFor('<output>');
  }

  tryBundle(outputDir: string): boolean {
    for (const command of this.commandsFor(outputDir)) {
      const result = spawnSync(command, { cwd: this.root, shell: true, stdio: ['ignore', 'inherit', 'inherit'] });
      if (result.status !== 0) throw new Error(`bundling failed (exit ${result.status ?? result.signal}): ${command}`);
    }
    return true;
  }

  private commandsFor(outputDir: string): string[] {
    return [
      ...(this.hooks?.beforeBundling(this.root, outputDir) ?? []),
      bundleCommand(this.root, this.entry, join(outputDir, 'index.mjs')),
      ...(this.hooks?.afterBundling(this.root, outputDir) ?? []),
    ];
  }
}

/**
 * A function's code: {@link LocalEsbuild} into the package folder. The asset's hash is that of its output, so an
 * unchanged bundle is not uploaded again. Bundling never falls back to Docker: the esbuild that synthesizes the app
 * builds the bundle, and an error stops the synthesis with esbuild's message.
 */
export const functionCode = (root: string, entry: string, hooks?: ICommandHooks): Code =>
  Code.fromAsset(root, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by CDK's type; never run, as local bundling succeeds or throws. Should it run, it says why it fails.
      image: Runtime.NODEJS_22_X.bundlingImage,
      command: ['sh', '-c', `echo "Konkurs bundles ${entry} on the machine that synthesizes (infra/build-bundle.ts), not in Docker" >&2; exit 1`],
      local: new LocalEsbuild(root, entry, hooks),
    },
  });

/**
 * The command (an `afterBundling` hook) that writes a module of its own beside a handler, with
 * {@link esbuildOptions} and no source map: a rarely used code path the handler imports through a variable specifier
 * (so esbuild leaves that import to run time), named by an environment variable in AWS. The handler's bundle then
 * neither contains nor parses it at a cold start.
 */
export const sideBundleCommand = (inputDir: string, outputDir: string, entry: string, file: string): string =>
  bundleCommand(inputDir, entry, join(outputDir, file), false);

/** The S3 file storage as a module of its own, for functions that use it on a few routes only (`FILE_STORAGE_MODULE`). */
export const fileStorageModule = { entry: 'shared/adapters/file-storage.ts', file: 'file-storage.mjs', env: 'FILE_STORAGE_MODULE' } as const;

/**
 * `NODE_OPTIONS` of the deployed functions (`infra/konkurs-function.ts`); the bundle benchmark judges cold imports
 * with the same flags. `--enable-source-maps` is left out: with it Node reads and parses each bundle's source map
 * (2–3 MB of JSON) during the cold start, measured at a median +22 % import CPU (floor +29 %; docs/benchmarks.md,
 * "Bundles", 2026-12-07), for stack traces that the `.map` files beside each bundle still resolve offline.
 */
export const deployedNodeOptions: readonly string[] = [];
