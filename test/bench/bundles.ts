/**
 * Bundle size and cold import time of every function, as deployed.
 *
 * Each function of the topology is bundled with esbuild's JS API and exactly the options of `infra/bundling.ts` (the
 * ones CDK deploys), next to a floor: a module that only creates a DynamoDB client, bundled the same way. Each bundle
 * is then imported in a fresh Node process, in rounds (floor, fn1, fn2, …) so that drift of the machine hits all of
 * them alike; the figure is the median over the rounds. The same rounds are repeated with `--enable-source-maps`,
 * which the deployed functions run with (`NODE_OPTIONS` in `infra/konkurs-function.ts`).
 *
 * Targets: ≤ 600 KB minified per function; import time ≤ 1.25 × the floor.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { deployedNodeOptions, esbuildOptions } from '../../infra/bundling.js';
import { functions, queues, queueUrlEnv, type FunctionName, type QueueName } from '../../infra/topology.js';
import { consoleTable, fixed, markdownTable, median, quantile, type Align, type BenchContext, type BenchSection } from './run.js';

const MAX_KB = 600;
const MAX_IMPORT_RATIO = 1.25;
/** Rounds of fresh-process imports (after one discarded warm-up round); the brief asks for at least 7. */
const ROUNDS = Math.max(7, Number(process.env.BENCH_IMPORT_ROUNDS ?? 21));

const FLOOR = 'floor (bare DynamoDBClient)';
/** The same module bundled with the functions' module aliases (Lambda's credential chain): reported, not judged. */
const FLOOR_SAME_CHAIN = 'floor, Lambda credential chain';
const floorSource = "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = new DynamoDBClient({});\n";

const run = promisify(execFile);

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Bytes in the output per package (`app` for the repository's own code). */
  readonly byPackage: readonly { name: string; bytes: number }[];
}

const packageOf = (input: string): string => {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1]! : 'app';
};

const bundle = async (
  root: string,
  outdir: string,
  name: string,
  entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>,
  options: BuildOptions = esbuildOptions,
): Promise<Bundle> => {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    ...options,
    ...entry,
    outdir,
    absWorkingDir: root,
    // Reporting only: neither changes the output.
    metafile: true,
    logLevel: 'silent',
  });
  const metafile = result.metafile as Metafile;
  const [outPath, output] = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))!;
  const file = join(root, outPath);
  const bytesBy = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    bytesBy.set(packageOf(input), (bytesBy.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return {
    name,
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`).size,
    byPackage: [...bytesBy].map(([pkg, bytes]) => ({ name: pkg, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
};

/** The environment of a deployed function, reduced to what its configuration reads at init. */
const childEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'konkurs',
  // Set on the mailer by the stateless stack from its event source (read at init: its pacing).
  MAIL_MAX_CONCURRENCY: String(functions.mailer.queue.maxConcurrency),
  ...Object.fromEntries(
    (Object.keys(queues) as QueueName[]).map((queue) => [
      queueUrlEnv(queue),
      `https://sqs.us-east-1.amazonaws.com/000000000000/konkurs-${queue}`,
    ]),
  ),
});

interface ImportSample {
  /** Wall-clock milliseconds of the import: what a cold start waits for. */
  readonly wall: number;
  /** CPU milliseconds (user + system, all threads) of the import: insensitive to other load on the machine. */
  readonly cpu: number;
}

/** Times importing `file` in a fresh Node process (module loading and top-level code, not process start). */
const importOnce = async (file: string, nodeFlags: readonly string[]): Promise<ImportSample> => {
  const code =
    'const c = process.cpuUsage(); const t = performance.now(); ' +
    `await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
    'const wall = performance.now() - t; const u = process.cpuUsage(c); ' +
    'process.stdout.write(`\n${wall} ${(u.user + u.system) / 1000}`);';
  const { stdout } = await run(process.execPath, [...nodeFlags, '--input-type=module', '-e', code], { env: childEnv(), encoding: 'utf8' });
  const [wall, cpu] = (stdout.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (!Number.isFinite(wall) || !Number.isFinite(cpu)) throw new Error(`could not import ${file}: ${stdout}`);
  return { wall: wall!, cpu: cpu! };
};

const section: BenchSection = {
  title: 'Bundles: size and cold import time',
  run: async (ctx: BenchContext) => {
    const outRoot = join(ctx.workDir, 'bundles');
    const names = Object.keys(functions) as FunctionName[];
    const floorEntry = { stdin: { contents: floorSource, resolveDir: ctx.root, sourcefile: 'bench-floor.ts', loader: 'ts' as const } };
    // The floor is the client as the SDK ships it: the functions' options without their module aliases and plugins.
    const { alias: _aliases, plugins: _plugins, ...stockOptions } = esbuildOptions;
    const bundles: Bundle[] = [
      await bundle(ctx.root, join(outRoot, 'floor'), FLOOR, floorEntry, stockOptions),
      await bundle(ctx.root, join(outRoot, 'floor-same-chain'), FLOOR_SAME_CHAIN, floorEntry),
    ];
    for (const name of names) {
      bundles.push(await bundle(ctx.root, join(outRoot, name), name, { entryPoints: { [name]: join(ctx.root, functions[name].entry) } }));
    }
    ctx.log(`bundled ${names.length} functions + floor into ${outRoot}`);

    const modes = { plain: [] as string[], sourceMaps: ['--enable-source-maps'] } as const;
    const samples = new Map<string, { plain: ImportSample[]; sourceMaps: ImportSample[] }>(
      bundles.map((b) => [b.name, { plain: [], sourceMaps: [] }]),
    );
    for (let round = 0; round <= ROUNDS; round++) {
      for (const mode of ['plain', 'sourceMaps'] as const) {
        for (const b of bundles) {
          const sample = await importOnce(b.file, modes[mode]);
          if (round > 0) samples.get(b.name)![mode].push(sample); // round 0 warms the page cache
        }
      }
      if (round > 0 && round % 5 === 0) ctx.log(`import rounds ${round}/${ROUNDS}`);
    }

    const wall = (list: readonly ImportSample[]) => list.map((x) => x.wall);
    const cpu = (list: readonly ImportSample[]) => list.map((x) => x.cpu);
    const floorSamples = samples.get(FLOOR)!;
    const sameChainFloor = median(wall(samples.get(FLOOR_SAME_CHAIN)!.plain));
    const floor = {
      wall: median(wall(floorSamples.plain)),
      cpu: median(cpu(floorSamples.plain)),
      maps: median(wall(floorSamples.sourceMaps)),
      mapsCpu: median(cpu(floorSamples.sourceMaps)),
    };
    // Judged as deployed: with the flags of the functions' NODE_OPTIONS.
    const deployedMaps = deployedNodeOptions.includes('--enable-source-maps');
    const rows = bundles.map((b) => {
      const s = samples.get(b.name)!;
      const plain = median(wall(s.plain));
      const kb = b.bytes / 1024;
      return {
        b,
        kb,
        plain,
        spread: `${fixed(quantile(wall(s.plain), 0.1), 1)}–${fixed(quantile(wall(s.plain), 0.9), 1)}`,
        ratio: plain / floor.wall,
        sameChainRatio: plain / sameChainFloor,
        cpuMs: median(cpu(s.plain)),
        cpuRatio: median(cpu(s.plain)) / floor.cpu,
        withMaps: median(wall(s.sourceMaps)),
        mapsRatio: median(wall(s.sourceMaps)) / floor.maps,
        mapsCpuMs: median(cpu(s.sourceMaps)),
        mapsCpuRatio: median(cpu(s.sourceMaps)) / floor.mapsCpu,
        mapsCost: median(cpu(s.sourceMaps)) / median(cpu(s.plain)),
        isFloor: b.name === FLOOR || b.name === FLOOR_SAME_CHAIN,
        sizeOk: kb <= MAX_KB,
      };
    }).map((r) => {
      const judged = deployedMaps ? { wall: r.mapsRatio, cpu: r.mapsCpuRatio } : { wall: r.ratio, cpu: r.cpuRatio };
      // Judged as printed (two decimals): the noise of the figure is larger than the rounding. Wall and CPU both.
      const importOk = Number(judged.wall.toFixed(2)) <= MAX_IMPORT_RATIO && Number(judged.cpu.toFixed(2)) <= MAX_IMPORT_RATIO;
      return { ...r, judged, importOk };
    });

    const header = [
      'function',
      'size KB',
      `≤ ${MAX_KB} KB`,
      'import ms (p50)',
      'p10–p90 ms',
      'ratio to floor',
      `≤ ${MAX_IMPORT_RATIO}×`,
      'CPU ms (p50)',
      'CPU ratio',
      '--enable-source-maps ms (p50)',
      'ratio (maps)',
      'CPU ms (maps)',
      'CPU ratio (maps)',
      'maps / plain CPU',
      'map KB',
      'ratio to floor, same chain',
    ];
    const align: Align[] = ['left', 'right', 'left', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];
    const cells = rows.map((r) => [
      r.b.name,
      fixed(r.kb, 1),
      r.isFloor ? '—' : r.sizeOk ? 'PASS' : 'FAIL',
      fixed(r.plain, 1),
      r.spread,
      `${fixed(r.ratio)}×`,
      r.isFloor ? '—' : r.importOk ? 'PASS' : 'FAIL',
      fixed(r.cpuMs, 1),
      `${fixed(r.cpuRatio)}×`,
      fixed(r.withMaps, 1),
      `${fixed(r.mapsRatio)}×`,
      fixed(r.mapsCpuMs, 1),
      `${fixed(r.mapsCpuRatio)}×`,
      `${fixed(r.mapsCost)}×`,
      fixed(r.b.mapBytes / 1024, 0),
      `${fixed(r.sameChainRatio)}×`,
    ]);

    const compositionHeader = ['function', 'largest contributors to the bundle (KB in output)'];
    const composition = bundles.map((b) => [
      b.name,
      b.byPackage
        .slice(0, 6)
        .map((p) => `${p.name} ${fixed(p.bytes / 1024, 0)}`)
        .join(', '),
    ]);

    const subjects = rows.filter((r) => !r.isFloor);
    const largest = subjects.reduce((a, r) => (r.kb > a.kb ? r : a));
    const worst = (r: (typeof subjects)[number]) => Math.max(r.judged.wall, r.judged.cpu);
    const slowest = subjects.reduce((a, r) => (worst(r) > worst(a) ? r : a));
    const mapsCosts = subjects.map((r) => r.mapsCost);
    const pass = subjects.every((r) => r.sizeOk && r.importOk);
    const failing = subjects.filter((r) => !r.sizeOk || !r.importOk).map((r) => r.b.name);
    const verdict =
      `largest bundle ${largest.b.name} ${fixed(largest.kb, 1)} KB (target ≤ ${MAX_KB} KB); ` +
      `slowest import (${deployedMaps ? 'with' : 'without'} --enable-source-maps, as deployed) ${slowest.b.name} ${fixed(slowest.judged.wall)}× wall, ${fixed(slowest.judged.cpu)}× CPU ` +
      `(target ≤ ${MAX_IMPORT_RATIO}× both); against the floor with the same credential chain (not judged) ` +
      `${fixed(Math.min(...subjects.map((r) => r.sameChainRatio)))}–${fixed(Math.max(...subjects.map((r) => r.sameChainRatio)))}×; ` +
      `source maps cost ${fixed(median(mapsCosts))}× CPU (median)` +
      (failing.length ? `; failing: ${failing.join(', ')}` : '');

    const notes = [
      `Import time: \`await import()\` of the bundled \`.mjs\` in a fresh \`node\` process (${process.version}), module loading`,
      `and top-level code only (not process start), median of ${ROUNDS} rounds after a discarded warm-up round; each round`,
      'imports the floor and then every function, so drift hits all alike. The floor is `new DynamoDBClient({})` alone,',
      'bundled with the same options (`infra/bundling.ts`) except the module aliases and the plugin that writes the SDK\'s',
      'schema keys as literals (`infra/schema-literal-keys.ts`): it keeps the SDK\'s default credential chain and every',
      'schema esbuild alone keeps, as a bare client module has them. The functions\' bundles put Lambda\'s credential chain in its place',
      '(`shared/aws/lambda-credentials.ts`: environment, then a container endpoint), about 130 KB less; the row',
      `"${FLOOR_SAME_CHAIN}" is the floor bundled that way too, and the last column compares each function with it`,
      '(what the application adds over the same client; reported, not judged). The verdict uses wall-clock time; the CPU columns (user +',
      'system time of the importing process, all threads) are the cross-check that other load on the machine cannot',
      'inflate; the verdict asks both to be within the target. The source-map columns repeat the rounds with',
      '`--enable-source-maps` (their ratios are to the floor measured with the same flag; "maps / plain CPU" is what the',
      `flag costs each bundle). Deployed \`NODE_OPTIONS\` (\`infra/bundling.ts\` deployedNodeOptions): ${deployedNodeOptions.length ? deployedNodeOptions.join(' ') : 'none'}; the verdict uses`,
      `the ${deployedMaps ? 'source-map' : 'plain'} columns. Rarely used code (the CMS verifier, the protocol's PDF engine, the S3 file storage of`,
      'documents and evaluation; presigning needs none) is packaged beside the handler and imported on first use, so it is',
      'not in these bundles.',
      'Sizes are the minified `.mjs` without its source map; KB = 1024 bytes.',
    ].join('\n');

    return {
      markdown: [
        markdownTable(header, cells, align),
        '',
        notes,
        '',
        markdownTable(compositionHeader, composition),
      ].join('\n'),
      console: [consoleTable(header, cells, align), '', consoleTable(compositionHeader, composition)].join('\n'),
      pass,
      verdict,
    };
  },
};

export default section;
