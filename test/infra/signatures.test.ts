import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDevCa } from '../../infra/local/dev-ca.js';
import { logicalIdOf, synthKonkurs } from './synth.js';

const environmentOf = (synth: ReturnType<typeof synthKonkurs>, name: 'bids' | 'competitions'): Record<string, string> => {
  const id = logicalIdOf(synth.stateless.functions[name].fn);
  return synth.statelessTemplate.findResources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables;
};

describe('signature trust store and pilot flag from CDK context', () => {
  let folder: string;

  beforeAll(async () => {
    const ca = await openDevCa({ crlBaseUrl: 'http://127.0.0.1:9/ca', now: () => new Date() });
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
});
