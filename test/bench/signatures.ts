/**
 * Bid signatures: what verification costs per bid, warm, and what the lazily loaded verifier adds to the first
 * signed bid on a cold container.
 *
 * - The verifier is bundled as the CDK app packages it beside the bids handler (`infra/trust-store.ts`: esbuild, ESM,
 *   node22, minified) and its size reported; the bids handler's own bundle and import time are in the bundles section.
 * - Cold: in a fresh `node` process per round, `await import()` of the verifier bundle, creating the verifier (parsing
 *   the trust store) and the first verification (two CRLs fetched from memory, parsed and checked): what the first
 *   signed bid on a cold container pays on top of the handler's own cold start.
 * - Warm: verifications in one process, RSA-2048 signatures of a development CA, with the CRLs cached (AWS:
 *   `SIGNATURE_CRL_CACHE_SECONDS=600`) and with a CRL fetch and parse on every bid (local: 0).
 *
 * Targets: warm p50 ≤ 15 ms per bid with cached CRLs; the cold first verification ≤ 300 ms over the import.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { openDevCa } from '../../infra/local/dev-ca.js';
import { createCmsSignatureVerifier } from '../../shared/adapters/cms-signature-verifier.js';
import { bidSigningPayload } from '../../shared/domain/signing.js';
import { signDetached } from '../../shared/signing/cms-sign.js';
import { consoleTable, fixed, markdownTable, median, quantile, type Align, type BenchSection } from './run.js';

const WARM = Math.max(200, Number(process.env.BENCH_SIGNATURE_VERIFICATIONS ?? 300));
const COLD_ROUNDS = Math.max(7, Number(process.env.BENCH_SIGNATURE_COLD_ROUNDS ?? 9));
const MAX_WARM_P50_MS = 15;
const MAX_COLD_FIRST_MS = 300;
const BIN = '180540012343';

const run = promisify(execFile);

const section: BenchSection = {
  title: 'Bid signatures: verification per bid and the lazily loaded verifier',
  async run(ctx) {
    const dir = join(ctx.workDir, 'signatures');
    mkdirSync(dir, { recursive: true });
    const result = await build({
      entryPoints: [join(ctx.root, 'shared/adapters/cms-signature-verifier.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      outfile: join(dir, 'cms-verifier.mjs'),
      absWorkingDir: ctx.root,
      logLevel: 'silent',
    });
    if (result.errors.length) throw new Error('verifier bundle failed');
    const bundleKb = statSync(join(dir, 'cms-verifier.mjs')).size / 1024;

    // Fixtures: a development CA, one signer, its signature over a bid, the CRLs.
    const ca = await openDevCa({ crlBaseUrl: 'http://127.0.0.1:9/ca', now: () => new Date() });
    const certificate = await ca.issue({ bin: BIN });
    const payload = bidSigningPayload({ competitionId: 'bench', competitionVersion: 1, bin: BIN, price: '1000000000', documents: [] });
    const signature = await signDetached({ payload, privateKeyPem: certificate.privateKey, certificatePem: certificate.certificate, chainPem: certificate.chain.slice(0, 1) });
    const crls = { root: await ca.crl('root'), issuing: await ca.crl('issuing') };
    writeFileSync(join(dir, 'fixture.json'), JSON.stringify({
      trustStorePem: ca.trustStorePem,
      signature,
      payload: Buffer.from(payload).toString('base64'),
      root: Buffer.from(crls.root).toString('base64'),
      issuing: Buffer.from(crls.issuing).toString('base64'),
      bin: BIN,
    }));
    ctx.log(`verifier bundle ${fixed(bundleKb, 1)} KB; fixtures ready`);

    // Cold: a fresh process per round.
    const probe = [
      "const { readFileSync } = await import('node:fs');",
      `const f = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'fixture.json'))}, 'utf8'));`,
      'const t0 = performance.now();',
      `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'cms-verifier.mjs')).href)});`,
      'const t1 = performance.now();',
      "const v = m.createCmsSignatureVerifier({ trustStorePem: f.trustStorePem, crlCacheSeconds: 600, fetchCrl: async (u) => Buffer.from(u.endsWith('/root.crl') ? f.root : f.issuing, 'base64') });",
      "await v.verify({ signature: f.signature, payload: Buffer.from(f.payload, 'base64'), bin: f.bin, now: new Date() });",
      'const t2 = performance.now();',
      "await v.verify({ signature: f.signature, payload: Buffer.from(f.payload, 'base64'), bin: f.bin, now: new Date() });",
      'const t3 = performance.now();',
      'console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 }));',
    ].join('\n');
    const cold: { importMs: number; firstMs: number; secondMs: number }[] = [];
    for (let round = 0; round <= COLD_ROUNDS; round += 1) {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: dir });
      if (round > 0) cold.push(JSON.parse(stdout.trim()) as (typeof cold)[number]);
    }

    // Warm: in this process, cached CRLs and CRLs fetched every time.
    const warm = async (crlCacheSeconds: number): Promise<number[]> => {
      const verifier = createCmsSignatureVerifier({
        trustStorePem: ca.trustStorePem,
        crlCacheSeconds,
        fetchCrl: async (url) => (url.endsWith('/root.crl') ? crls.root : crls.issuing),
      });
      for (let i = 0; i < 20; i += 1) await verifier.verify({ signature, payload, bin: BIN, now: new Date() });
      const samples: number[] = [];
      for (let i = 0; i < WARM; i += 1) {
        const started = performance.now();
        await verifier.verify({ signature, payload, bin: BIN, now: new Date() });
        samples.push(performance.now() - started);
      }
      return samples;
    };
    const cached = await warm(600);
    const uncached = await warm(0);

    const importMs = median(cold.map((c) => c.importMs));
    const firstMs = median(cold.map((c) => c.firstMs));
    const header = ['measure', 'p50 ms', 'p99 ms', 'n'];
    const align: Align[] = ['left', 'right', 'right', 'right'];
    const cells = [
      ['warm verification, CRLs cached (AWS)', fixed(median(cached), 2), fixed(quantile(cached, 0.99), 2), String(cached.length)],
      ['warm verification, CRLs fetched and parsed each time (local)', fixed(median(uncached), 2), fixed(quantile(uncached, 0.99), 2), String(uncached.length)],
      ['cold: import of the verifier bundle', fixed(importMs, 1), fixed(Math.max(...cold.map((c) => c.importMs)), 1), String(cold.length)],
      ['cold: first verification after the import (trust store, CRLs, JIT)', fixed(firstMs, 1), fixed(Math.max(...cold.map((c) => c.firstMs)), 1), String(cold.length)],
      ['cold: second verification in that process', fixed(median(cold.map((c) => c.secondMs)), 2), fixed(Math.max(...cold.map((c) => c.secondMs)), 2), String(cold.length)],
      ['cold: the first signed bid pays in total (import + first)', fixed(importMs + firstMs, 1), '', String(cold.length)],
    ];
    const pass = Number(median(cached).toFixed(2)) <= MAX_WARM_P50_MS && firstMs <= MAX_COLD_FIRST_MS;
    const verdict =
      `warm p50 ${fixed(median(cached), 2)} ms (target ≤ ${MAX_WARM_P50_MS} ms); first signed bid on a cold container ` +
      `+${fixed(importMs + firstMs, 0)} ms (import ${fixed(importMs, 0)} + first verification ${fixed(firstMs, 0)}, target ≤ ${MAX_COLD_FIRST_MS} ms over the import); verifier bundle ${fixed(bundleKb, 1)} KB`;
    const notes = [
      `RSA-2048 signer certificate and CAs (development CA), ${process.version}. The cold rows are medians (p99 column: the`,
      `maximum) of ${COLD_ROUNDS} fresh processes after one discarded; the p99 of the warm rows is over ${WARM} verifications.`,
      'The bids handler itself does not contain the verifier (bundles section): a container that serves no signed bid',
      'never loads it; the first signed bid on a container pays the cold rows once, later bids the warm row.',
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
