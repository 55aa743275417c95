/**
 * A separate local stack for the tests that stop and restart it (crash, restart): a child process running
 * `infra/local/start.ts` exactly as `npm start` does, in its own process group (so a signal can reach the whole stack,
 * Java included), on free ports and a data folder the test chooses, and a small API client bound to its URLs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalUrls } from './global-setup.js';

const root = resolve(import.meta.dirname, '..', '..');

export interface Stack {
  readonly child: ChildProcess;
  readonly urls: LocalUrls;
  /** Everything the stack wrote on stderr so far. */
  stderr(): string;
  /** Calls the API of this stack; a connection error (the stack is stopping) answers status 0. */
  api<T = any>(path: string, options?: { method?: string; token?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  /** Sends `signal` to the whole process group and waits until every process of it is gone. */
  killGroup(signal: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  /** Waits until every process of the stack's group is gone (after a signal sent to one of them). */
  gone(timeoutMs?: number): Promise<void>;
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

export const startStack = async (
  dataDir: string,
  options: { env?: Record<string, string>; command?: readonly string[] } = {},
): Promise<Stack> => {
  const [command, ...args] = options.command ?? [process.execPath, '--import', 'tsx', 'infra/local/start.ts'];
  const child = spawn(command!, args, {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      KONKURS_DATA_DIR: dataDir,
      KONKURS_API_PORT: '0',
      KONKURS_PORTAL_PORT: '0',
      KONKURS_MAILBOX_PORT: '0',
      KONKURS_DYNAMODB_PORT: '0',
      KONKURS_SQS_PORT: '0',
      KONKURS_S3_PORT: '0',
      KONKURS_VISIBILITY_TIMEOUT_SECONDS: '2',
      KONKURS_SEED: 'none',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid!;
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env.KONKURS_TEST_LOG) process.stderr.write(chunk);
  });
  const urls = await new Promise<LocalUrls>((resolveUrls, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`local stack did not start in 90 s:\n${stdout}\n${stderr}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`local stack exited with ${code}:\n${stdout}\n${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = (name: string) => new RegExp(`^${name}: (http://\\S+)$`, 'm').exec(stdout)?.[1];
      const emulators = /^emulators: dynamodb (\S+) sqs (\S+)$/m.exec(stdout);
      const [api, portal, mailbox, s3] = [line('api'), line('portal'), line('mailbox'), line('s3')];
      if (api && portal && mailbox && s3 && emulators) {
        clearTimeout(timer);
        resolveUrls({ api, portal, mailbox, dynamodb: emulators[1]!, sqs: emulators[2]!, s3 });
      }
    });
  });
  child.stdout!.resume();

  const gone = async (timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (groupAlive(pgid)) {
      if (Date.now() > deadline) {
        const left = spawnSync('ps', ['-o', 'pid,stat,args', '-g', String(pgid)], { encoding: 'utf8' }).stdout;
        process.kill(-pgid, 'SIGKILL');
        throw new Error(`the stack's processes were still running ${timeoutMs / 1000} s after the stop:\n${left}`);
      }
      await sleep(100);
    }
  };

  return {
    child,
    urls,
    stderr: () => stderr,
    api: async (path, request = {}) => {
      try {
        const response = await fetch(`${urls.api}${path}`, {
          method: request.method ?? (request.body !== undefined ? 'POST' : 'GET'),
          headers: {
            ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
          },
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        let body: any = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        return { status: response.status, body };
      } catch {
        return { status: 0, body: undefined as never };
      }
    },
    killGroup: async (signal, timeoutMs) => {
      process.kill(-pgid, signal);
      await gone(timeoutMs);
    },
    gone,
  };
};
