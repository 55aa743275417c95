/**
 * `npm run bench`: runs the benchmark sections in order, prints each section's table and (re)writes
 * `docs/benchmarks.md` with the machine, the date, every table and a one-line verdict against its target.
 *
 * A section is one module `test/bench/<name>.ts` exporting a {@link BenchSection}; add it to {@link sections}.
 * Sections that need the local stack call `ctx.local()`: the runtime starts on first use (free ports, empty temp data
 * folder, no seed data) and is shared by every later section; it is stopped once at the end.
 *
 * A FAIL verdict is a result, not an error: the exit code is non-zero only when a section throws.
 *
 * `npm run bench -- --only load` (names: the module file names, comma-separated) runs only those sections and
 * replaces only their part of `docs/benchmarks.md`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LocalRuntime } from '../../infra/local/runtime.js';

export interface SectionResult {
  /** The section's markdown table (and any notes), without its heading or verdict. */
  readonly markdown: string;
  /** What the console shows for the section (a plain-text table). */
  readonly console: string;
  /** Whether the section meets its target. */
  readonly pass: boolean;
  /** One line naming the target and the figure that decides it, e.g. `slowest import 1.12× floor ≤ 1.25×`. */
  readonly verdict: string;
}

export interface BenchContext {
  /** The repository root. */
  readonly root: string;
  /** A temporary folder for this run (removed at the end); sections make their own subfolders. */
  readonly workDir: string;
  /** The shared local runtime, started on first call (and only once). */
  local(): Promise<LocalRuntime>;
  /** Progress lines (stderr): they never mix with the tables on stdout. */
  log(line: string): void;
}

export interface BenchSection {
  readonly title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers for sections (function declarations: hoisted, so sections may import them despite the import cycle).

/** The q-quantile (0..1) of a sample, by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** A number with a fixed count of decimals. */
export function fixed(value: number, decimals = 2): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : 'n/a';
}

export type Align = 'left' | 'right';

/** A markdown table; numbers are right-aligned when `align` says so. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rule = header.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`;
  return [line(header.map(cell)), line(rule), ...rows.map((row) => line(row.map(cell)))].join('\n');
}

/** A plain-text table with padded columns for the console. */
export function consoleTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((c, i) => (align[i] === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reportPath = join(root, 'docs', 'benchmarks.md');

/** The sections, in the order they run, by the name `--only` takes (the module's file name). Add a section here. */
const sectionLoaders: readonly (readonly [string, () => Promise<BenchSection>])[] = [
  ['bundles', async () => (await import('./bundles.js')).default],
  ['api-latency', async () => (await import('./api-latency.js')).default],
  ['matching', async () => (await import('./matching.js')).default],
  ['mailer', async () => (await import('./mailer.js')).default],
  ['fanout-e2e', async () => (await import('./fanout-e2e.js')).default],
  ['memory', async () => (await import('./memory.js')).default],
  ['signatures', async () => (await import('./signatures.js')).default],
  ['cost', async () => (await import('./cost.js')).default],
  ['documents', async () => (await import('./documents.js')).default],
  ['load', async () => (await import('./load.js')).default],
  // Last: it writes about 37,000 items into the shared DynamoDB Local (deleted again at its end), after which the load
  // section collapsed in two full runs (28 answers/s, 95 % 503), while it passed alone and after signatures, cost and
  // documents (140–198 answers/s).
  ['monitoring', async () => (await import('./monitoring.js')).default],
];

/** `--only a,b` (or `--only a --only b`): the names of the sections to run; undefined runs them all. */
const onlyFromArgs = (argv: readonly string[]): string[] | undefined => {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only' && argv[i + 1]) names.push(...argv[++i]!.split(','));
    else if (arg.startsWith('--only=')) names.push(...arg.slice('--only='.length).split(','));
  }
  if (names.length === 0) return undefined;
  const known = sectionLoaders.map(([name]) => name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; sections: ${known.join(', ')}`);
  return names;
};

/**
 * The selected sections' loaders, in order. Each module is imported just before its section runs, never all up front:
 * some sections import adapters that parse `shared/config.ts` from the environment, which must not happen before the
 * shared local runtime has set the handlers' variables (e.g. `MAIL_MAX_CONCURRENCY`).
 */
const selectedSections = (only?: readonly string[]): (readonly [string, () => Promise<BenchSection>])[] =>
  sectionLoaders.filter(([name]) => !only || only.includes(name));

/**
 * Sections that run on the shared local runtime (`ctx.local()`) and whose modules import adapters that read the
 * configuration: the runtime is started before their module is imported, also when they run alone (`--only`).
 */
const onSharedRuntime = new Set(['api-latency', 'monitoring', 'documents', 'load']);

const createContext = (workDir: string): BenchContext & { stop(): Promise<void> } => {
  let runtime: Promise<LocalRuntime> | undefined;
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  return {
    root,
    workDir,
    log,
    local: () => {
      runtime ??= (async () => {
        // No demo data: sections measure an empty table unless they write their own fixtures.
        process.env.KONKURS_SEED = 'none';
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
        const { startLocalRuntime } = await import('../../infra/local/runtime.js');
        const started = performance.now();
        const dataDir = join(workDir, 'local-data');
        mkdirSync(dataDir, { recursive: true });
        const local = await startLocalRuntime({
          root,
          dataDir,
          ports: { api: 0, portal: 0, mailbox: 0, dynamodb: 0, sqs: 0, s3: 0 },
          log: (line) => log(`local: ${line}`),
        });
        log(`local runtime up in ${fixed((performance.now() - started) / 1000, 1)} s (api ${local.urls.api})`);
        return local;
      })();
      return runtime;
    },
    stop: async () => {
      if (!runtime) return;
      const local = await runtime.catch(() => undefined);
      await local?.stop();
    },
  };
};

const machine = (): { cpu: string; cores: number; memoryGb: number; node: string; platform: string } => {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
};

interface Outcome {
  readonly section: BenchSection;
  readonly result?: SectionResult;
  readonly error?: Error;
  readonly seconds: number;
}

/** A duration as `9 min 17 s` (or `41 s`). */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

const report = (outcomes: readonly Outcome[], startedAt: Date, loadAtStart: number): string => {
  const m = machine();
  const took = outcomes.reduce((sum, o) => sum + o.seconds, 0);
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (test/bench/run.ts); edits are overwritten. -->',
    '',
    `Reproduce with \`npm run bench\` (this run took ${duration(took)}; each section's time is in the summary, and the bench`,
    'prints a progress line per section and step on stderr; `npm run bench -- --only <section>[,<section>]` runs some). It',
    'bundles every function with `infra/bundling.ts` and boots the local runtime on free ports with an empty temporary',
    'data folder. Figures depend on the machine: compare ratios, which each section measures against a floor taken in',
    'the same run, interleaved with the subject.',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.platform}`,
    `- Node: ${m.node}`,
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Load average (1 min): ${fixed(loadAtStart)} at the start, ${fixed(loadavg()[0]!)} at the end (other processes' load`,
    '  inflates wall-clock figures; ratios and CPU times suffer least)',
    '',
    '## Summary',
    '',
    markdownTable(
      ['section', 'verdict', 'time'],
      outcomes.map(({ section, result, error, seconds }) => [
        section.title,
        error ? `ERROR: ${error.message.split('\n')[0]}` : `${result!.pass ? 'PASS' : 'FAIL'}: ${result!.verdict}`,
        duration(seconds),
      ]),
      ['left', 'left', 'right'],
    ),
  ];
  for (const { section, result, error, seconds } of outcomes) {
    lines.push('', `## ${section.title}`, '');
    if (error) {
      lines.push(`**ERROR** (after ${fixed(seconds, 1)} s): the section threw.`, '', '```', (error.stack ?? error.message).trim(), '```');
      continue;
    }
    lines.push(result!.markdown.trim(), '', `**${result!.pass ? 'PASS' : 'FAIL'}**: ${result!.verdict}`);
  }
  return `${lines.join('\n')}\n`;
};

/** The markdown of one section (heading to verdict), as {@link report} writes it. */
const sectionMarkdown = ({ section, result, error, seconds }: Outcome): string => {
  const lines = [`## ${section.title}`, ''];
  if (error) lines.push(`**ERROR** (after ${fixed(seconds, 1)} s): the section threw.`, '', '```', (error.stack ?? error.message).trim(), '```');
  else lines.push(result!.markdown.trim(), '', `**${result!.pass ? 'PASS' : 'FAIL'}**: ${result!.verdict}`);
  return lines.join('\n');
};

/**
 * With `--only`: the existing report with just these sections replaced (or appended) and their summary rows updated,
 * plus a line saying when they were re-run; the other sections' figures stay as they were.
 */
const mergeReport = (existing: string, outcomes: readonly Outcome[], only: readonly string[], startedAt: Date, loadAtStart: number): string => {
  let text = existing;
  for (const outcome of outcomes) {
    const { section, result, error } = outcome;
    const rerun = `Re-run alone (\`npm run bench -- --only ${only.join(',')}\`) on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}, load average ${fixed(loadAtStart)} at the start, ${fixed(loadavg()[0]!)} at the end.`;
    const block = `${sectionMarkdown(outcome)}\n\n${rerun}`;
    const heading = `## ${section.title}\n`;
    const start = text.indexOf(heading);
    if (start >= 0) {
      const next = text.indexOf('\n## ', start + heading.length);
      text = `${text.slice(0, start)}${block}\n${next >= 0 ? text.slice(next) : ''}`;
    } else {
      text = `${text.trimEnd()}\n\n${block}\n`;
    }
    const cell = (t: string) => t.replace(/\|/g, '\\|');
    const summaryRow = `| ${cell(section.title)} | ${cell(error ? `ERROR: ${error.message.split('\n')[0]}` : `${result!.pass ? 'PASS' : 'FAIL'}: ${result!.verdict}`)} | ${duration(outcome.seconds)} |`;
    const rowStart = text.indexOf(`| ${cell(section.title)} |`);
    if (rowStart >= 0) {
      const rowEnd = text.indexOf('\n', rowStart);
      text = `${text.slice(0, rowStart)}${summaryRow}${text.slice(rowEnd)}`;
    } else {
      // Append to the summary table: after its last row.
      const summary = text.indexOf('## Summary');
      const tableEnd = summary >= 0 ? text.indexOf('\n\n', text.indexOf('| --- |', summary)) : -1;
      if (tableEnd >= 0) text = `${text.slice(0, tableEnd)}\n${summaryRow}${text.slice(tableEnd)}`;
    }
  }
  return text.endsWith('\n') ? text : `${text}\n`;
};

const main = async (): Promise<number> => {
  const only = onlyFromArgs(process.argv.slice(2));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const startedAt = new Date();
  const loadAtStart = loadavg()[0]!;
  const workDir = mkdtempSync(join(tmpdir(), 'konkurs-bench-'));
  const ctx = createContext(workDir);
  const runStarted = performance.now();
  const outcomes: Outcome[] = [];
  try {
    const list = selectedSections(only);
    for (const [index, [name, load]] of list.entries()) {
      if (onSharedRuntime.has(name)) await ctx.local().catch(() => undefined); // a failure shows in the section
      const section = await load();
      ctx.log(`[${index + 1}/${list.length}, ${duration((performance.now() - runStarted) / 1000)} so far] ${section.title}…`);
      const started = performance.now();
      try {
        const result = await section.run(ctx);
        const seconds = (performance.now() - started) / 1000;
        outcomes.push({ section, result, seconds });
        process.stdout.write(
          `\n## ${section.title}\n\n${result.console.trimEnd()}\n\n${result.pass ? 'PASS' : 'FAIL'}: ${result.verdict}  (${fixed(seconds, 1)} s)\n`,
        );
        ctx.log(`${section.title}: ${result.pass ? 'PASS' : 'FAIL'} in ${duration(seconds)}`);
      } catch (error) {
        const seconds = (performance.now() - started) / 1000;
        const e = error instanceof Error ? error : new Error(String(error));
        outcomes.push({ section, error: e, seconds });
        process.stdout.write(`\n## ${section.title}\n\nERROR: ${e.stack ?? e.message}\n`);
      }
    }
  } finally {
    await ctx.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  mkdirSync(dirname(reportPath), { recursive: true });
  const previous = only && existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined;
  writeFileSync(reportPath, previous ? mergeReport(previous, outcomes, only!, startedAt, loadAtStart) : report(outcomes, startedAt, loadAtStart));
  process.stdout.write(`\nwrote ${reportPath.slice(root.length + 1)}\n`);
  return outcomes.some((o) => o.error) ? 1 : 0;
};

// Only as the entry point: sections import the helpers above without starting a run.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Handlers' clients and the emulators may keep handles open; the run is over once the report is written.
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
