/**
 * `npm start` explains a start-up problem in one line instead of a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

const start = (env: Record<string, string>) =>
  // As `npm start` runs it: one process (tsx's CLI would add a parent that relays signals).
  spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: root,
    env: { ...process.env, KONKURS_DATA_DIR: mkdtempSync(join(tmpdir(), 'konkurs-start-')), KONKURS_SEED: 'none', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('start-up problems', () => {
  it('names the busy port and the variable that moves it', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = start({ KONKURS_API_PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(`konkurs: port ${port} is already in use; stop what uses it or set KONKURS_API_PORT to another port`);
      expect(result.stdout).not.toContain('api:');
    } finally {
      blocker.close();
    }
  });

  it('says Java is needed when it is missing', () => {
    const result = start({ PATH: '/nonexistent', KONKURS_API_PORT: '0', KONKURS_PORTAL_PORT: '0', KONKURS_MAILBOX_PORT: '0', KONKURS_DYNAMODB_PORT: '0', KONKURS_SQS_PORT: '0', KONKURS_S3_PORT: '0' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n').filter((l) => !l.includes('Warning') && l.trim() !== '');
    expect(lines.at(-1)).toMatch(/^konkurs: Java 17 or newer is required for DynamoDB Local/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
