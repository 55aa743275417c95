/**
 * Helpers for integration tests against the local runtime booted by the global setup.
 */
import { inject } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { aProject } from './factories.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { projectItem } from '../../shared/adapters/project-store.js';
import { makeBin } from '../../shared/domain/bin.js';
import type { Project } from '../../shared/domain/project.js';
import { responseContract, type ResponseContract } from './response-contract.js';

export const local = () => inject('local');

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

let contract: ResponseContract | undefined;

/**
 * Calls the local API. Every success answer of a defined route is checked against the OpenAPI document (its status
 * and its body's schema): a response the document does not describe fails the test that received it.
 */
export const api = async <T = any>(
  path: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<ApiResponse<T>> => {
  const method = options.method ?? (options.body !== undefined || options.raw !== undefined ? 'POST' : 'GET');
  const response = await fetch(`${local().api}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (CSV, HTML): keep the text
  }
  const problems = (contract ??= responseContract()).problemsOf({ method, path, status: response.status, body, redirected: response.redirected });
  if (problems.length > 0) throw new Error(`the response breaks the API's declared contract:\n${problems.join('\n')}`);
  return { status: response.status, body, headers: response.headers };
};

export const tokenFor = async (claims: {
  role: 'akimat' | 'contractor' | 'ministry' | 'financier';
  kato?: string;
  bin?: string;
  route?: 'dbk-banks' | 'khc-bonds';
  email?: string;
  audience?: string;
  expiresInSeconds?: number;
}): Promise<string> => {
  const response = await api<{ token: string }>('/dev/token', { body: claims });
  if (response.status !== 200) throw new Error(`dev token refused: ${JSON.stringify(response.body)}`);
  return response.body.token;
};

const issuedBins = new Set<string>();
/**
 * A valid BIN no other test uses. Each test file has its own module state, so the registration date (15 years × 12
 * months) and the serial (100,000) are drawn at random for every BIN: about 18 million, where one counter from a
 * random start gave the files overlapping runs of the same 100,000 and an occasional "already registered". Random
 * draws also keep reruns on a kept store apart.
 */
export const uniqueBin = (): string => {
  for (;;) {
    const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
    const year = 10 + Math.floor(Math.random() * 15);
    try {
      const bin = makeBin(`${year}${month}`, '4', '0', Math.floor(Math.random() * 100_000));
      if (issuedBins.has(bin)) continue;
      issuedBins.add(bin);
      return bin;
    } catch {
      // no check digit for this serial: draw again
    }
  }
};

export const uniqueEmail = (label = 'user'): string =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.kz`;

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

export const mailbox = async (): Promise<StoredEmail[]> => {
  const response = await fetch(`${local().mailbox}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
};

export const mailTo = async (address: string): Promise<StoredEmail[]> =>
  (await mailbox()).filter((e) => e.destination.to.includes(address));

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export const eventually = async <T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(150);
  }
};

export const waitForMail = (address: string, count = 1, timeoutMs = 20_000): Promise<StoredEmail[]> =>
  eventually(async () => {
    const found = await mailTo(address);
    return found.length >= count ? found : undefined;
  }, timeoutMs, `${count} email(s) to ${address}`);

export const advanceClock = async (seconds: number): Promise<string> => {
  const response = await api<{ now: string }>('/dev/clock', { body: { advanceSeconds: seconds } });
  return response.body.now;
};

export const clockNow = async (): Promise<Date> => new Date((await api<{ now: string }>('/dev/clock')).body.now);

/** Registers and verifies a contractor through the API (and its verification email); returns its token. */
export const verifiedContractor = async (
  options: { subscriptions?: { kato: string; sector: string }[]; language?: 'kk' | 'ru' | 'en'; name?: string } = {},
): Promise<{ bin: string; email: string; token: string }> => {
  const bin = uniqueBin();
  const email = uniqueEmail('contractor');
  const token = await tokenFor({ role: 'contractor', bin });
  const registered = await api('/contractors', {
    token,
    body: { bin, name: options.name ?? `ТОО Подрядчик ${bin}`, email, language: options.language ?? 'ru', subscriptions: options.subscriptions ?? [] },
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${JSON.stringify(registered.body)}`);
  // The verification email queues behind whatever the files before left to send (paced at the SES rate).
  const [mail] = await waitForMail(email, 1, 45_000);
  const verification = /token=([\w-]+)/.exec(mail!.body.text ?? '')![1]!;
  const verified = await api('/contractors/verify', { body: { token: verification } });
  if (verified.status !== 200) throw new Error(`verification failed: ${JSON.stringify(verified.body)}`);
  return { bin, email, token };
};

/** Writes a МЭКС project straight into the local table, exactly as the project adapter stores it. */
export const seedProject = async (overrides: Partial<Project> = {}): Promise<Project> => {
  const id = overrides.id ?? `T${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
  const project = aProject({ id, ...overrides });
  await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: projectItem(project) }));
  return project;
};

let client: DynamoDBDocumentClient | undefined;
/** A document client on the runtime's DynamoDB Local, for seeding and for looking behind the API. */
export const documentClient = (): DynamoDBDocumentClient =>
  (client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local().dynamodb }), {
    marshallOptions: { removeUndefinedValues: true },
  }));
