/**
 * Resident memory of the whole local stack as `npm start` runs it, with demo data.
 *
 * `infra/local/start.ts` runs as a child process exactly as `npm start` does (`node --import tsx infra/local/start.ts`:
 * one process, so Ctrl-C reaches the stack itself; tsx's CLI would put a parent in front that forwards the signal and
 * SIGKILLs the stack when it does not acknowledge within 30 ms, which a loaded machine misses), on free ports
 * (`KONKURS_*_PORT=0`), with an empty temporary `KONKURS_DATA_DIR` and demo data on (`KONKURS_SEED` unset). Once it printed its `mailbox:` line, and {@link SETTLE_SECONDS} more for seeding and the
 * aggregation of the seed's events, the process tree is sampled {@link SAMPLES} times a second apart: every
 * descendant of the child (found through the parent pid in `/proc/<pid>/stat`), its `VmRSS` from `/proc/<pid>/status`
 * and, where the kernel has it, its `Pss` from `/proc/<pid>/smaps_rollup` (shared pages divided among the processes
 * that share them: RSS counts them once per process, so the RSS sum over-states the total).
 *
 * Then SIGINT, as Ctrl-C would send: the stack must exit within {@link EXIT_SECONDS} and leave no process (the JVM of
 * DynamoDB Local in particular) behind.
 *
 * Target: the RSS sum < 1024 MB at its peak over the samples.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { consoleTable, fixed, markdownTable, type Align, type BenchSection } from './run.js';

const LIMIT_MB = 1024;
const SETTLE_SECONDS = Number(process.env.BENCH_MEMORY_SETTLE_SECONDS ?? 10);
const SAMPLES = 5;
const START_TIMEOUT_SECONDS = 300;
const EXIT_SECONDS = 15;

interface ProcessSample {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly rssKb: number;
  readonly pssKb: number | undefined;
}

interface StopOutcome {
  readonly exited: boolean;
  readonly code: number | null | undefined;
  readonly stopSeconds: number;
  /** Processes of the tree still alive after the stop (killed by the bench afterwards). */
  readonly leftovers: readonly [number, string][];
}

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** pid → ppid of every process (from `/proc/<pid>/stat`: the field after the parenthesised command). */
const parents = (): Map<number, number> => {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const fields = stat.slice(close + 2).split(' ');
    map.set(Number(entry), Number(fields[1]));
  }
  return map;
};

const descendants = (root: number): number[] => {
  const byParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const walk = (pid: number): void => {
    found.push(pid);
    for (const child of byParent.get(pid) ?? []) walk(child);
  };
  walk(root);
  return found;
};

/** A short name: the executable and what it runs (the script or jar), from the command line. */
const describe = (pid: number): string => {
  const argv = readOrEmpty(`/proc/${pid}/cmdline`).split('\0').filter(Boolean);
  const exe = (argv[0] ?? '?').split('/').pop()!;
  // The last script or jar on the line: `node --import …/loader.mjs infra/local/start.ts` is start.ts under tsx.
  const scripts = argv.slice(1).filter((a) => /\.(m?[jt]s|jar)$/.test(a));
  const script = scripts[scripts.length - 1];
  const tsx = argv.some((a) => a.includes('/tsx/')) ? ' (tsx)' : '';
  const label = script ? `${script.split('/').slice(-2).join('/')}${tsx}` : argv.slice(1, 3).join(' ');
  return `${exe}${label ? ` ${label}` : ''}`.slice(0, 70);
};

const sampleTree = (root: number): ProcessSample[] =>
  descendants(root).flatMap((pid) => {
    const status = readOrEmpty(`/proc/${pid}/status`);
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    if (!rss) return [];
    const pss = /^Pss:\s+(\d+) kB/m.exec(readOrEmpty(`/proc/${pid}/smaps_rollup`));
    const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return [{ pid, ppid, name: describe(pid), rssKb: Number(rss[1]), pssKb: pss ? Number(pss[1]) : undefined }];
  });

const alive = (pid: number): boolean => {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  if (!stat) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
};

const mb = (kb: number): string => fixed(kb / 1024, 1);

const section: BenchSection = {
  title: 'Memory: the local stack with demo data (npm start)',
  run: async (ctx) => {
    if (!existsSync('/proc/self/status')) throw new Error('this section reads /proc (Linux only)');
    const dataDir = join(ctx.workDir, 'memory-data');
    mkdirSync(dataDir, { recursive: true });
    // A clean environment: none of the bench runtime's variables (AWS endpoints, KONKURS_SEED=none, TABLE_NAME…).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      KONKURS_DATA_DIR: dataDir,
      KONKURS_API_PORT: '0',
      KONKURS_PORTAL_PORT: '0',
      KONKURS_MAILBOX_PORT: '0',
      KONKURS_DYNAMODB_PORT: '0',
      KONKURS_SQS_PORT: '0',
      KONKURS_S3_PORT: '0',
    };
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join('infra', 'local', 'start.ts')], {
      cwd: ctx.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : null))));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));

    const seen = new Map<number, string>();
    /** The largest RSS sum of any sample from spawn to stop (start-up, seeding and the settling included). */
    let overallPeak = { rssKb: 0, atSeconds: 0 };
    const track = (): ProcessSample[] => {
      const sample = sampleTree(child.pid!);
      for (const p of sample) seen.set(p.pid, p.name);
      const rssKb = sample.reduce((t, p) => t + p.rssKb, 0);
      if (rssKb > overallPeak.rssKb) overallPeak = { rssKb, atSeconds: (performance.now() - started) / 1000 };
      return sample;
    };
    let stop: StopOutcome = { exited: false, code: undefined, stopSeconds: Number.NaN, leftovers: [] };
    let samples: ProcessSample[][] = [];
    let readySeconds = Number.NaN;
    try {
      const deadline = Date.now() + START_TIMEOUT_SECONDS * 1000;
      while (!/^mailbox: /m.test(stdout)) {
        if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode} before it was ready: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
        if (Date.now() > deadline) throw new Error(`npm start printed no mailbox line within ${START_TIMEOUT_SECONDS} s`);
        track();
        await sleep(250);
      }
      readySeconds = (performance.now() - started) / 1000;
      ctx.log(`memory: npm start ready in ${fixed(readySeconds, 1)} s; settling ${SETTLE_SECONDS} s`);
      for (let waited = 0; waited < SETTLE_SECONDS * 1000; waited += 500) {
        track();
        await sleep(500);
      }
      samples = [];
      for (let i = 0; i < SAMPLES; i++) {
        samples.push(track());
        if (i < SAMPLES - 1) await sleep(1000);
      }
    } finally {
      // Ctrl-C.
      const stopAt = performance.now();
      if (exitCode === undefined) child.kill('SIGINT');
      const outcome = await Promise.race([exited.then((code) => ({ code })), sleep(EXIT_SECONDS * 1000).then(() => undefined)]);
      const stopSeconds = (performance.now() - stopAt) / 1000;
      await sleep(300);
      const leftovers = [...seen].filter(([pid]) => alive(pid));
      for (const [pid] of leftovers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      stop = { exited: outcome !== undefined, code: outcome?.code, stopSeconds, leftovers };
    }

    const totals = samples.map((s) => ({ rss: s.reduce((t, p) => t + p.rssKb, 0), pss: s.reduce((t, p) => t + (p.pssKb ?? p.rssKb), 0) }));
    const peakIndex = totals.reduce((best, t, i) => (t.rss > totals[best]!.rss ? i : best), 0);
    const peak = samples[peakIndex]!;
    const peakRssMb = totals[peakIndex]!.rss / 1024;
    const seedLines = (stdout + stderr).split('\n').filter((l) => /demo data/i.test(l));
    const seedLine = seedLines[seedLines.length - 1]?.trim();
    const javaSeen = [...seen.values()].some((n) => n.startsWith('java'));
    const javaLeft = stop.leftovers.some(([, n]) => n.startsWith('java'));
    const overallPeakMb = overallPeak.rssKb / 1024;
    const pass = peakRssMb < LIMIT_MB && overallPeakMb < LIMIT_MB && stop.exited && stop.leftovers.length === 0 && javaSeen;

    const header = ['pid', 'process', 'RSS MB', 'PSS MB'];
    const align: Align[] = ['right', 'left', 'right', 'right'];
    const cells = [
      ...[...peak].sort((a, b) => b.rssKb - a.rssKb).map((p) => [String(p.pid), p.name, mb(p.rssKb), p.pssKb === undefined ? 'n/a' : mb(p.pssKb)]),
      ['', `total (${peak.length} processes)`, mb(totals[peakIndex]!.rss), mb(totals[peakIndex]!.pss)],
    ];
    const verdict =
      `${fixed(peakRssMb, 0)} MB RSS in total once seeded (PSS ${fixed(totals[peakIndex]!.pss / 1024, 0)} MB), ${fixed(overallPeakMb, 0)} MB at the peak of start-up and seeding; target < ${LIMIT_MB} MB; ` +
      `Ctrl-C: ${stop.exited ? `exited (code ${stop.code}) in ${fixed(stop.stopSeconds, 1)} s` : `did NOT exit within ${EXIT_SECONDS} s`}, ` +
      `${stop.leftovers.length === 0 ? 'no process left' : `left ${stop.leftovers.map(([pid, n]) => `${pid} ${n}`).join(', ')}`}${javaLeft ? ' (Java!)' : ''}`;
    const notes = [
      `\`npm start\` as a child process (tsx → the runtime's Node → DynamoDB Local's JVM, and any build child), ready (its`,
      `\`mailbox:\` line) after ${fixed(readySeconds, 1)} s, sampled ${SAMPLES}× a second apart after ${SETTLE_SECONDS} s more; the table is the sample with the`,
      `largest RSS sum (RSS sums over the samples: ${totals.map((t) => mb(t.rss)).join(', ')} MB). RSS counts pages shared between processes once per`,
      'process; PSS divides them among the sharers, so the PSS sum is the truer total. DynamoDB Local runs with -Xmx384m',
      '(`infra/local/emulators.ts`). The stack is idle apart from its pollers and schedule once started.',
      `Peak RSS sum over the whole run (sampled every 0.25–0.5 s from spawn, start-up and seeding included): ${fixed(overallPeakMb, 1)} MB, ${fixed(overallPeak.atSeconds, 1)} s after spawn.`,
      seedLine
        ? `Demo data: \`KONKURS_SEED\` unset; the seed's last progress line: "${seedLine}".`
        : 'Demo data: `KONKURS_SEED` unset, but the start-up output does not mention the demo data: the figure may be of an empty store.',
      `Stop: SIGINT to the \`npm start\` process, as Ctrl-C sends it; every process seen in its tree (${seen.size}, Java ${javaSeen ? 'among them' : 'NOT seen'}) is checked gone afterwards.`,
    ].join('\n');
    return {
      markdown: [markdownTable(header, cells, align), '', notes].join('\n'),
      console: consoleTable(header, cells, align),
      pass,
      verdict,
    };
  },
};

export default section;
