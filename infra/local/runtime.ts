/**
 * The local cloud: emulators, the table and queues from the topology, the gateway, the stream and queue pollers and
 * the schedule, wired to the same handlers the CDK app deploys. Used by `npm start` and by the test harness.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { now as clockNow } from '../../shared/clock.js';
import type { Server } from 'node:http';
import { functions, queueUrlEnv, type FunctionName, type FunctionSpec, type QueueName } from '../topology.js';
import { openDevCa } from './dev-ca.js';
import { restoreDevClock, saveDevClock } from './dev-clock.js';
import { createDevIdentity } from './dev-identity.js';
import type { StoredEmail } from './durable-mailbox.js';
import { claimPort, startDynamoDbLocal, startS3, startSes, startSqs, type Emulator } from './emulators.js';
import { createFaults, startSesProxy, withCrashes } from './faults.js';
import { startGateway } from './gateway.js';
import { loadLambdas, type LambdaHost } from './lambda.js';
import { startPortal } from './portal.js';
import { provisionBucket, provisionQueues, provisionTable, type ProvisionedQueue } from './provision.js';
import { startQueuePoller } from './queue-poller.js';
import { startScheduler } from './scheduler.js';
import { startStreamPoller } from './stream-poller.js';

export interface LocalRuntimeOptions {
  readonly root: string;
  readonly dataDir: string;
  readonly ports: { api: number; portal: number; mailbox: number; dynamodb: number; sqs: number; s3?: number };
  /** Shortens every queue's visibility timeout (tests), so failed messages come back in seconds. */
  readonly visibilityTimeoutSeconds?: number;
  readonly tableName?: string;
  readonly bucketName?: string;
  readonly log?: (line: string) => void;
}

export interface LocalRuntime {
  readonly urls: { api: string; portal: string; mailbox: string; dynamodb: string; sqs: string; s3: string };
  readonly queues: Record<QueueName, ProvisionedQueue>;
  readonly tableName: string;
  readonly bucketName: string;
  readonly lambdas: LambdaHost;
  stop(): Promise<void>;
}

/** Points the AWS SDK of every handler in this process at the emulators, through the standard variables only. */
const setEnvironment = (values: Record<string, string>): void => {
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete process.env[name];
  Object.assign(process.env, values);
};

export const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tableName = options.tableName ?? 'konkurs';
  const bucketName = options.bucketName ?? 'konkurs-documents';
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  restoreDevClock(dataDir);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => log(`konkurs: stopping: ${error.message}`));
  };

  try {
    // Claimed up front: handlers need the API and portal URLs in their configuration before they load.
    const apiPort = await claimPort(options.ports.api, 'KONKURS_API_PORT');
    const portalPort = await claimPort(options.ports.portal, 'KONKURS_PORTAL_PORT');
    const s3Dir = join(dataDir, 's3');
    mkdirSync(s3Dir, { recursive: true });
    const [dynamo, sqsEmulator, ses, s3Emulator] = await Promise.all([
      startDynamoDbLocal({ port: options.ports.dynamodb, dataDir }).then(track),
      startSqs({ port: options.ports.sqs, dataDir }).then(track),
      startSes({ port: options.ports.mailbox, dataDir }).then(track),
      startS3({ port: options.ports.s3 ?? 0, directory: s3Dir }).then(track),
    ]);
    function track<T extends Emulator>(emulator: T): T {
      stops.push(emulator.stop);
      return emulator;
    }

    // Handlers reach SES through a proxy that can throttle on demand (POST /dev/faults); it forwards everything else.
    const faults = createFaults();
    const sesProxy = await startSesProxy(ses!.url, faults);
    stops.push(() => closeServer(sesProxy.server));

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    // The development CA: its CRLs are served by the gateway, and the bids function trusts it (root + issuing CA).
    const caDir = join(dataDir, 'ca');
    const ca = await openDevCa({ dir: caDir, crlBaseUrl: `${apiUrl}/dev/ca`, now: clockNow });
    const trustStoreFile = join(caDir, 'trust-store.pem');
    writeFileSync(trustStoreFile, ca.trustStorePem);
    setEnvironment({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo!.url,
      AWS_ENDPOINT_URL_SQS: sqsEmulator!.url,
      AWS_ENDPOINT_URL_SESV2: sesProxy.url,
      AWS_ENDPOINT_URL_S3: s3Emulator!.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      POWERTOOLS_METRICS_NAMESPACE: 'Konkurs',
      TABLE_NAME: tableName,
      DOCUMENTS_BUCKET: bucketName,
      // The emulator has no sending quota; AWS deployments keep the sandbox-safe default of config.ts.
      MAIL_SEND_RATE: process.env.MAIL_SEND_RATE ?? '50',
      MAIL_MAX_CONCURRENCY: String(functions.mailer.queue.maxConcurrency),
      API_BASE_URL: apiUrl,
      PORTAL_BASE_URL: portalUrl,
      SIGNATURE_TRUST_STORE_FILE: trustStoreFile,
      // Required by default, as in AWS; `SIGNATURE_REQUIRED=false npm start` runs a pilot that accepts unsigned bids.
      SIGNATURE_REQUIRED: process.env.SIGNATURE_REQUIRED ?? 'true',
      // Fetched on every check (a local HTTP round trip), so a revocation through /dev/certificates/revoke shows at once.
      SIGNATURE_CRL_CACHE_SECONDS: process.env.SIGNATURE_CRL_CACHE_SECONDS ?? '0',
    });

    const dynamodb = new DynamoDBClient({});
    const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
    const s3 = new S3Client({ forcePathStyle: true });
    stops.push(async () => {
      dynamodb.destroy();
      sqs.destroy();
      s3.destroy();
    });
    await provisionBucket(s3, bucketName, portalUrl);
    const streamArn = await provisionTable(dynamodb, tableName);
    const queues = await provisionQueues(sqs, tableName, options.visibilityTimeoutSeconds);
    for (const [name, queue] of Object.entries(queues) as [QueueName, ProvisionedQueue][]) {
      process.env[queueUrlEnv(name)] = queue.url;
    }
    // SES publishes the configuration set's events (here: Send) to SNS, subscribed by the sesFeedback queue. The
    // emulator does not: the mailbox hook does it, in the same synchronous step that records the email, so a kill -9
    // cannot separate an accepted email from its Send event (which confirms the mail ledger).
    ses!.onEmail((email) => {
      sqsEmulator!.sendNow(queues.sesFeedback.url, JSON.stringify(snsNotification(sendEvent(email))));
    });

    const lambdas = withCrashes(await loadLambdas(options.root), faults);
    const onError = (message: string): void => log(`konkurs: ${message}`);
    const specs = Object.entries(functions) as [FunctionName, FunctionSpec][];

    for (const [fn, spec] of specs) {
      if (spec.queue) {
        const poller = startQueuePoller({ sqs, lambdas, fn, trigger: spec.queue, queue: queues[spec.queue.queue], onError });
        stops.push(poller.stop);
      }
      if (spec.stream) {
        const poller = startStreamPoller({
          endpoint: dynamo!.url,
          streamArn,
          dataDir,
          lambdas,
          fn,
          trigger: spec.stream,
          sqs,
          onFailureQueueUrl: queues[spec.stream.onFailure].url,
          onError,
        });
        stops.push(poller.stop);
      }
    }
    const scheduler = startScheduler({ lambdas, onError });
    stops.push(scheduler.stop);

    const identity = await createDevIdentity({ dataDir, issuer: `${apiUrl}/dev` });
    const gateway = await startGateway({
      port: apiPort,
      lambdas,
      identity,
      faults,
      ca,
      // Saved before the gateway answers: the offset survives a restart (the data written meanwhile is dated by it).
      onClockAdvanced: () => {
        saveDevClock(dataDir);
        scheduler.kick();
      },
    });
    stops.push(() => closeServer(gateway.server));
    const portal = await startPortal({ port: portalPort, root: options.root, apiUrl, mailboxUrl: ses!.url });
    stops.push(() => closeServer(portal.server));

    return {
      urls: { api: apiUrl, portal: portalUrl, mailbox: ses!.url, dynamodb: dynamo!.url, sqs: sqsEmulator!.url, s3: s3Emulator!.url },
      queues,
      tableName,
      bucketName,
      lambdas,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/** The SES event-publishing record of a send, as the configuration set publishes it. */
const sendEvent = (email: StoredEmail) => ({
  eventType: 'Send',
  mail: {
    timestamp: new Date(email.at * 1000).toISOString(),
    messageId: email.messageId,
    source: email.from,
    destination: [...email.destination.to, ...email.destination.cc, ...email.destination.bcc],
    headersTruncated: false,
    headers: email.headers ?? [],
    commonHeaders: { from: [email.from], to: email.destination.to, subject: email.subject },
  },
  send: {},
});

/** SNS's envelope around a message it delivers to an SQS subscription (raw message delivery off). */
const snsNotification = (message: unknown) => ({
  Type: 'Notification',
  MessageId: randomUUID(),
  TopicArn: 'arn:aws:sns:us-east-1:000000000000:konkurs-mail-feedback',
  Message: JSON.stringify(message),
  Timestamp: new Date().toISOString(),
  SignatureVersion: '1',
});

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolveClose) => {
    server.closeAllConnections();
    server.close(() => resolveClose());
  });
