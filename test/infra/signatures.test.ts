import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/konkurs-function.js';
import { openDevCa, type DevCertificationAuthority } from '../../infra/local/dev-ca.js';
import { signatureDeployment } from '../../infra/trust-store.js';
import { bidSigningPayload } from '../../shared/domain/signing.js';
import { signDetached } from '../../shared/signing/cms-sign.js';
import { logicalIdOf, synthKonkurs } from './synth.js';

const environmentOf = (synth: ReturnType<typeof synthKonkurs>, name: 'bids' | 'competitions'): Record<string, string> => {
  const id = logicalIdOf(synth.stateless.functions[name].fn);
  return synth.statelessTemplate.findResources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables;
};

describe('signature trust store and pilot flag from CDK context', () => {
  let folder: string;
  let ca: DevCertificationAuthority;

  beforeAll(async () => {
    ca = await openDevCa({ crlBaseUrl: 'http://127.0.0.1:9/ca', now: () => new Date() });
    folder = mkdtempSync(join(tmpdir(), 'konkurs-trust-test-'));
    writeFileSync(join(folder, 'root.pem'), ca.rootPem);
    writeFileSync(join(folder, 'issuing.crt'), ca.issuingPem);
    writeFileSync(join(folder, 'notes.txt'), 'not a certificate');
  }, 60_000);

  it('bundles the named certificates with the bids function and requires signatures by default', () => {
    const synth = synthKonkurs({ context: { trustedCertificates: folder } });

    expect(environmentOf(synth, 'bids')).toMatchObject({
      SIGNATURE_TRUST_STORE_FILE: '/var/task/trust-store.pem',
      SIGNATURE_REQUIRED: 'true',
      SIGNATURE_VERIFIER_MODULE: './cms-verifier.mjs',
    });
    expect(environmentOf(synth, 'competitions')).not.toHaveProperty('SIGNATURE_TRUST_STORE_FILE');
  });

  it('relaxes the requirement only when a pilot asks for it', () => {
    const synth = synthKonkurs({ context: { trustedCertificates: folder, signatureRequired: 'false' } });
    expect(environmentOf(synth, 'bids').SIGNATURE_REQUIRED).toBe('false');
  });

  it('notes that every signed bid would be refused when no trust store is named', () => {
    const synth = synthKonkurs();

    expect(environmentOf(synth, 'bids')).not.toHaveProperty('SIGNATURE_TRUST_STORE_FILE');
    expect(environmentOf(synth, 'bids').SIGNATURE_REQUIRED).toBe('true');
    Annotations.fromStack(synth.stateless).hasInfo('*', Match.stringLikeRegexp('trustedCertificates'));
  });

  it('fails the synth on a location without certificates', () => {
    const empty = mkdtempSync(join(tmpdir(), 'konkurs-trust-empty-'));
    expect(() => synthKonkurs({ context: { trustedCertificates: empty } })).toThrow(/no PEM certificate/);
    expect(() => synthKonkurs({ context: { trustedCertificates: join(empty, 'missing.pem') } })).toThrow(/does not exist/);
  });

  it('packages a verifier of its own and the trust store, and the packaged verifier verifies', { timeout: 120_000 }, async () => {
    // Prepare: run the bids function's bundling hooks as CDK does, into an empty package folder.
    const stack = new Stack(new App({ context: { trustedCertificates: folder } }), 'Hooks');
    const { commandHooks } = signatureDeployment(stack);
    const output = mkdtempSync(join(tmpdir(), 'konkurs-bids-package-'));
    for (const command of commandHooks.afterBundling(repoRoot, output)) execSync(command, { cwd: repoRoot, stdio: 'pipe' });

    // Assess: both files are there, the verifier is one self-contained module that verifies a signed bid.
    expect(readFileSync(join(output, 'trust-store.pem'), 'utf8')).toContain(ca.rootPem.trim());
    expect(existsSync(join(output, 'cms-verifier.mjs'))).toBe(true);
    expect(statSync(join(output, 'cms-verifier.mjs')).size).toBeLessThan(600 * 1024);
    const packaged = (await import(pathToFileURL(join(output, 'cms-verifier.mjs')).href)) as typeof import('../../shared/adapters/cms-signature-verifier.js');
    const verifier = packaged.createCmsSignatureVerifier({
      trustStorePem: readFileSync(join(output, 'trust-store.pem'), 'utf8'),
      crlCacheSeconds: 0,
      fetchCrl: async (url) => ca.crl(url.endsWith('/root.crl') ? 'root' : 'issuing'),
    });
    const certificate = await ca.issue({ bin: '180540012343' });
    const payload = bidSigningPayload({ competitionId: 'c1', competitionVersion: 1, bin: '180540012343', price: '1', documents: [] });
    const signature = await signDetached({ payload, privateKeyPem: certificate.privateKey, certificatePem: certificate.certificate, chainPem: certificate.chain.slice(0, 1) });
    await expect(verifier.verify({ signature, payload, bin: '180540012343', now: new Date() })).resolves.toMatchObject({ certificateSerial: certificate.serialNumber });
  });
});
