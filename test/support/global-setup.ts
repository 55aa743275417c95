/**
 * Boots the local runtime once for the integration tests, exactly as `npm start` does (a child process running
 * `infra/local/start.ts`), on free ports and an empty data folder, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface LocalUrls {
  api: string;
  portal: string;
  mailbox: string;
  dynamodb: string;
  sqs: string;
  s3: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    local: LocalUrls;
  }
}

/** Visibility timeout of every queue under test: redeliveries come back within seconds. */
export const TEST_VISIBILITY_SECONDS = 2;

let child: ChildProcess | undefined;
let dataDir: string | undefined;
let urls: LocalUrls | undefined;

/** Nothing lost: a stream record the dispatcher gave up on is an event that never reached its consumers. */
const assertNoStreamFailures = async (): Promise<void> => {
  if (!urls) return;
  const { SQSClient, GetQueueUrlCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const sqs = new SQSClient({ endpoint: urls.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, useQueueUrlAsEndpoint: false });
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'konkurs-streamFailures' }));
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    const count = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (count > 0) {
      // Name what was given up: the on-failure notices describe the batch (shard, sequence numbers, the error).
      const { ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const notices = (received.Messages ?? []).map((m) => (m.Body ?? '').slice(0, 600)).join('\n');
      // Thrown from a teardown, an error is printed but does not fail the run: the exit code says it.
      process.exitCode = 1;
      throw new Error(`${count} table-stream record(s) were given up by the dispatcher during the tests (queue konkurs-streamFailures):\n${notices}`);
    }
  } finally {
    sqs.destroy();
  }
};

export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'konkurs-test-'));
  const root = resolve(import.meta.dirname, '..', '..');
  // As `npm start` runs it: one process, so stopping it stops the stack itself (no signal-relaying tsx parent).
  child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      KONKURS_DATA_DIR: dataDir,
      KONKURS_API_PORT: '0',
      KONKURS_PORTAL_PORT: '0',
      KONKURS_MAILBOX_PORT: '0',
      KONKURS_DYNAMODB_PORT: '0',
      KONKURS_SQS_PORT: '0',
      KONKURS_S3_PORT: '0',
      KONKURS_VISIBILITY_TIMEOUT_SECONDS: String(TEST_VISIBILITY_SECONDS),
      KONKURS_SEED: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env.KONKURS_TEST_LOG) process.stderr.write(chunk);
  });
  urls = await new Promise<LocalUrls>((resolveUrls, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`local runtime did not start in 60 s:\n${stdout}\n${stderr}`)), 60_000);
    child!.once('exit', (code) => reject(new Error(`local runtime exited with ${code}:\n${stdout}\n${stderr}`)));
    child!.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (process.env.KONKURS_TEST_LOG) process.stderr.write(chunk);
      const line = (name: string) => new RegExp(`^${name}: (http://\\S+)$`, 'm').exec(stdout)?.[1];
      const emulators = /^emulators: dynamodb (\S+) sqs (\S+)$/m.exec(stdout);
      const [api, portal, mailbox, s3] = [line('api'), line('portal'), line('mailbox'), line('s3')];
      if (api && portal && mailbox && s3 && emulators) {
        clearTimeout(timer);
        resolveUrls({ api, portal, mailbox, dynamodb: emulators[1]!, sqs: emulators[2]!, s3 });
      }
    });
  });
  project.provide('local', urls);
}

export async function teardown(): Promise<void> {
  try {
    await assertNoStreamFailures();
  } finally {
    await stop();
  }
}

async function stop(): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
