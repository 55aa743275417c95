/**
 * Documents survive a restart of `npm start`: the S3 emulator keeps its objects under KONKURS_DATA_DIR, as DynamoDB
 * Local keeps the metadata. Boots its own runtime twice on one data folder (the shared one must not restart).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { projectItem } from '../../shared/adapters/project-store.js';
import { pdfBytes, putBytes, sha256Hex } from '../support/documents.js';

const root = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'konkurs-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const boot = async (): Promise<{ child: ChildProcess; api: string; dynamodb: string }> => {
  // As `npm start` runs it: one process, so the signals this test sends reach the stack itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      KONKURS_DATA_DIR: dataDir,
      KONKURS_SEED: 'none',
      ...Object.fromEntries(['API', 'PORTAL', 'MAILBOX', 'DYNAMODB', 'SQS', 'S3'].map((p) => [`KONKURS_${p}_PORT`, '0'])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // What the runtime says on stderr names why a start failed (a port taken, an emulator that did not come up).
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => void (err = (err + chunk.toString()).slice(-4000)));
  return new Promise((resolveBoot, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 60 s: ${out}\n${err}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}\n${err}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const api = /^api: (\S+)$/m.exec(out)?.[1];
      const dynamodb = /^emulators: dynamodb (\S+)/m.exec(out)?.[1];
      if (api && dynamodb && /^mailbox: /m.test(out)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolveBoot({ child, api, dynamodb });
      }
    });
  });
};

const stop = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};

const call = async (base: string, path: string, token: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
};

describe('documents across restarts', () => {
  it('downloads the same bytes after npm start was stopped and started again', { timeout: 180_000 }, async () => {
    const bytes = pdfBytes('persisted', 50_000);
    const first = await boot();
    let competitionId: string;
    try {
      const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: first.dynamodb }));
      const project = { id: 'RESTART1', kato: '310000000', sector: 'water', title: { ru: 'Водовод' }, value: '1000', approvalDate: '2026-01-15', stage: 'selection', readiness: 'ready', financing: { route: 'budget', status: 'approved', amount: '1000' }, akimat: { name: { ru: 'Акимат' } }, official: { name: 'T', position: 'P' } };
      await dynamo.send(new PutCommand({ TableName: 'konkurs', Item: projectItem(project as never) }));
      dynamo.destroy();
      const token = (await (await fetch(`${first.api}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'akimat', kato: '310000000' }) })).json()).token;
      const draft = await call(first.api, '/competitions', token, { projectId: 'RESTART1', title: { ru: 'Водовод' }, estimatedValue: '1000' });
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      competitionId = draft.body.id;
      const declared = await call(first.api, `/competitions/${competitionId}/documents`, token, {
        documentType: 'billOfQuantity', title: 'Смета', fileName: 'smeta.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes),
      });
      expect(await putBytes(declared.body.upload, bytes)).toBe(200);
      expect((await call(first.api, `/competitions/${competitionId}/documents/${declared.body.id}/complete`, token, {})).status).toBe(200);
    } finally {
      await stop(first.child);
    }

    const second = await boot();
    try {
      const token = (await (await fetch(`${second.api}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'akimat', kato: '310000000' }) })).json()).token;
      const list = await call(second.api, `/my/competitions/${competitionId!}/documents`, token);
      expect(list.body.items).toHaveLength(1);
      const downloaded = Buffer.from(await (await fetch(list.body.items[0].url)).arrayBuffer());
      expect(sha256Hex(downloaded)).toBe(sha256Hex(bytes));
    } finally {
      await stop(second.child);
    }
  });
});
