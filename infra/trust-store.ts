/**
 * The signature trust store of a deployment, from CDK context: `-c trustedCertificates=<file or folder>` names PEM
 * certificates (the НУЦ РК roots and intermediates that signers' certificates must chain to). They are checked at
 * synth, joined into one file and bundled with the bids function (`/var/task/trust-store.pem`): no parameter store,
 * no fixed cost. The CMS verifier is bundled beside the handler as a file of its own, loaded on the first signed bid. `-c signatureRequired=false` relaxes the signature requirement for a pilot (off by default).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Annotations } from 'aws-cdk-lib';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';

/** Where the bundled trust store lies in the function's package. */
export const TRUST_STORE_NAME = 'trust-store.pem';
const TASK_ROOT = '/var/task';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface SignatureDeployment {
  /** Variables of the bids function. */
  readonly environment: Record<string, string>;
  /** The bundling hooks: the verifier's own bundle, and the trust store when there is one. */
  readonly commandHooks: ICommandHooks;
  readonly certificateCount: number;
}

/** The PEM certificates of a file, or of every `.pem`/`.crt`/`.cer` file of a folder (sorted, so synth is stable). */
export const readTrustedCertificates = (location: string): string[] => {
  const path = resolve(location);
  if (!existsSync(path)) throw new Error(`trustedCertificates: ${path} does not exist`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.(pem|crt|cer)$/i.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const certificates = files.flatMap((f) => readFileSync(f, 'utf8').match(PEM_BLOCK) ?? []);
  if (certificates.length === 0) throw new Error(`trustedCertificates: no PEM certificate in ${path}`);
  return certificates;
};

/** The verifier, bundled as a file of its own beside the bids handler and imported on the first signed bid. */
export const VERIFIER_FILE = 'cms-verifier.mjs';
const VERIFIER_ENTRY = 'shared/adapters/cms-signature-verifier.ts';

/** The esbuild command that writes the verifier's bundle into the function's package (options as `infra/bundling.ts`). */
const verifierBundleCommand = (inputDir: string, outputDir: string): string =>
  [
    `"${join(inputDir, 'node_modules', '.bin', 'esbuild')}"`,
    `"${join(inputDir, VERIFIER_ENTRY)}"`,
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node22',
    '--minify',
    '--main-fields=module,main',
    '--log-level=warning',
    `--outfile="${outputDir}/${VERIFIER_FILE}"`,
  ].join(' ');

/** Reads the signature settings from context; notes (does not fail) when no trust store is named. */
export const signatureDeployment = (scope: Construct): SignatureDeployment => {
  const location = scope.node.tryGetContext('trustedCertificates') as string | undefined;
  const required = String(scope.node.tryGetContext('signatureRequired') ?? 'true') !== 'false';
  const environment: Record<string, string> = { SIGNATURE_REQUIRED: required ? 'true' : 'false', SIGNATURE_VERIFIER_MODULE: `./${VERIFIER_FILE}` };
  let file: string | undefined;
  let certificateCount = 0;
  if (!location) {
    // Info, not a warning: the app fails synth on warnings, and an offline `cdk synth` without context must work.
    Annotations.of(scope).addInfo(
      'No -c trustedCertificates=<PEM file or folder>: no certificate is trusted, so every signed bid is refused (untrusted_issuer).',
    );
  } else {
    const certificates = readTrustedCertificates(location);
    const text = `${certificates.join('\n')}\n`;
    const dir = join(tmpdir(), `konkurs-trust-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
    mkdirSync(dir, { recursive: true });
    file = join(dir, TRUST_STORE_NAME);
    writeFileSync(file, text);
    environment.SIGNATURE_TRUST_STORE_FILE = `${TASK_ROOT}/${TRUST_STORE_NAME}`;
    certificateCount = certificates.length;
  }
  return {
    environment,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        verifierBundleCommand(inputDir, outputDir),
        ...(file ? [`cp "${file}" "${outputDir}/${TRUST_STORE_NAME}"`] : []),
      ],
    },
    certificateCount,
  };
};
