/**
 * `npm start`: the whole Konkurs stack on this machine, against AWS emulators, with demo data on an empty store.
 *
 * Ports: KONKURS_API_PORT (3000), KONKURS_PORTAL_PORT (3001), KONKURS_MAILBOX_PORT (8005), KONKURS_DYNAMODB_PORT
 * (8000), KONKURS_SQS_PORT (9324), KONKURS_S3_PORT (4568); 0 picks a free port. Data: KONKURS_DATA_DIR (default `.konkurs/data`).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePortalBuilt } from '../portal-build.js';
import { startLocalRuntime } from './runtime.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const port = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`konkurs: ${name} must be a port number (0 picks a free one), not "${raw}"`);
    process.exit(2);
  }
  return value;
};

const visibility = process.env.KONKURS_VISIBILITY_TIMEOUT_SECONDS;

// The portal builds while the emulators start; its URL is printed only once the build it serves is current.
const portalBuild = ensurePortalBuilt(root).catch((error: Error) => {
  console.error(`konkurs: the portal could not be built (it serves a page naming the endpoints): ${error.message}`);
  return 'failed' as const;
});

// SIGINT or SIGTERM to this process alone (not only to its process group: `kill -INT <pid>`, a supervisor) stops
// everything gracefully, Java included; one that arrives while the stack is starting stops it once it has started.
let stopRequested: (() => void) | undefined;
let signalled = false;
const onSignal = (): void => {
  if (signalled) return;
  signalled = true;
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  stopRequested?.();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  const runtime = await startLocalRuntime({
    root,
    dataDir: process.env.KONKURS_DATA_DIR ?? resolve(root, '.konkurs', 'data'),
    ports: {
      api: port('KONKURS_API_PORT', 3000),
      portal: port('KONKURS_PORTAL_PORT', 3001),
      mailbox: port('KONKURS_MAILBOX_PORT', 8005),
      dynamodb: port('KONKURS_DYNAMODB_PORT', 8000),
      sqs: port('KONKURS_SQS_PORT', 9324),
      s3: port('KONKURS_S3_PORT', 4568),
    },
    ...(visibility ? { visibilityTimeoutSeconds: Number(visibility) } : {}),
  });

  let stopping = false;
  stopRequested = (): void => {
    if (stopping) return;
    stopping = true;
    void runtime.stop().then(() => process.exit(0));
  };
  if (signalled) stopRequested();

  await portalBuild;
  console.log(`emulators: dynamodb ${runtime.urls.dynamodb} sqs ${runtime.urls.sqs}`);
  console.log(`s3: ${runtime.urls.s3}`);
  console.log(`api: ${runtime.urls.api}`);
  console.log(`portal: ${runtime.urls.portal}`);
  console.log(`mailbox: ${runtime.urls.mailbox}`);

  // Demo data on an empty store (KONKURS_SEED=none starts empty: tests, benchmarks). It loads after the URLs are
  // printed: DynamoDB Local writes a few hundred items a second, so the stack answers at once and the data arrives
  // with a progress bar on stderr. A failure leaves an empty but working stack.
  if (process.env.KONKURS_SEED !== 'none') {
    void import('./seed.js')
      .then(({ seedIfEmpty }) => seedIfEmpty(runtime))
      .catch((error: Error) => console.error(`konkurs: the demo data could not be loaded: ${error.message}`));
  }
} catch (error) {
  const e = error as Error;
  console.error(e.name === 'StartupError' ? `konkurs: ${e.message}` : `konkurs: could not start: ${e.stack ?? e.message}`);
  process.exit(1);
}
