/**
 * Sections that measure in a process of their own (a dedicated local runtime whose handlers must read the section's
 * configuration when they load) run their measurement as a worker: the section spawns its own file with
 * `--worker <args…>` through tsx, passes the worker's progress lines on to the log and reads its result, JSON, from
 * the last line the worker prints. {@link runWorker} is the section's side, {@link serveWorker} the worker's.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerRun {
  /** The repository root. */
  readonly root: string;
  /** The section's file in test/bench, e.g. `cost.ts`. */
  readonly file: string;
  readonly args: readonly string[];
  /** Names the worker in errors, e.g. `the cost worker`. */
  readonly name: string;
  /** The worker's stderr lines that start with this are progress lines for `log`. */
  readonly progress: string;
  readonly log: (line: string) => void;
  /** Variables beyond the minimal environment every worker gets (a clean one: no AWS or Konkurs settings leak in). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Spawns the worker of `run.file` and resolves with the result it printed; rejects with its last stderr lines. */
export const runWorker = <T>(run: WorkerRun): Promise<T> =>
  new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(run.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(run.root, 'test', 'bench', run.file), '--worker', ...run.args], {
      cwd: run.root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.startsWith(run.progress)) run.log(line);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${run.name} exited with ${code}: ${stderr.trim().split('\n').slice(-15).join('\n')}`));
      try {
        resolveRun(JSON.parse(stdout.trim().split('\n').pop()!) as T);
      } catch (error) {
        reject(new Error(`${run.name} printed no result: ${(error as Error).message}\n${stdout.slice(-2000)}`));
      }
    });
  });

/**
 * When the module at `moduleUrl` was started as a worker (`tsx <file> --worker <args…>`), runs `work` with the
 * arguments, prints its result as the last stdout line and exits; otherwise (the module imported as a section) does
 * nothing.
 */
export const serveWorker = (moduleUrl: string, work: (args: readonly string[]) => Promise<unknown>): void => {
  if (process.argv[2] !== '--worker' || !process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  work(process.argv.slice(3)).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
};
