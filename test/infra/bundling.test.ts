import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, esmRequireBanner } from '../../infra/bundling.js';
import { repoRoot } from '../../infra/konkurs-function.js';
import { functions, type FunctionName, type FunctionSpec } from '../../infra/topology.js';
import { logicalIdOf, synthKonkurs, type SynthesizedKonkurs } from './synth.js';

const specs = Object.entries(functions) as [FunctionName, FunctionSpec][];

// The one suite that bundles for real, as `cdk synth` does: every function once, with the local esbuild.
describe('function bundles', () => {
  let synthesized: SynthesizedKonkurs;

  const assetDir = (name: FunctionName): string => {
    const id = logicalIdOf(synthesized.stateless.functions[name].fn);
    const code = synthesized.statelessTemplate.findResources('AWS::Lambda::Function')[id]?.Properties.Code;
    return join(synthesized.app.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
  };

  beforeAll(() => {
    synthesized = synthKonkurs({ bundle: true });
  }, 120_000);

  it.each(specs.map(([name]) => [name] as const))(
    '%s is an ESM bundle with a linked source map that loads without node_modules (AWS SDK inside)',
    (name) => {
      // Prepare
      const dir = assetDir(name);
      const fn = synthesized.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(synthesized.stateless.functions[name].fn)];
      // What the mailer reads at init and the stack sets from the topology (its pacing); other functions have none.
      const mailConcurrency = fn?.Properties.Environment.Variables.MAIL_MAX_CONCURRENCY as string | undefined;
      const isolated = mkdtempSync(join(tmpdir(), `konkurs-${name}-`));
      copyFileSync(join(dir, 'index.mjs'), join(isolated, 'index.mjs'));

      // Act
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      const handlerType = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(typeof m.handler);"],
        {
          cwd: isolated,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'eu-central-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...(mailConcurrency ? { MAIL_MAX_CONCURRENCY: mailConcurrency } : {}),
          },
        },
      );

      // Assess
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      expect(code.startsWith(esmRequireBanner)).toBe(true);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
      expect(handlerType).toBe('function');
    },
  );

  it('uses the options the benchmark uses: esbuild with esbuildOptions yields the same bytes', async () => {
    // Prepare
    const [name, spec] = specs[0]!;
    const outdir = mkdtempSync(join(tmpdir(), 'konkurs-bundle-'));

    // Act
    await build({ ...esbuildOptions, entryPoints: { index: join(repoRoot, spec.entry) }, outdir, logLevel: 'silent' });

    // Assess
    expect(readFileSync(join(outdir, 'index.mjs')).equals(readFileSync(join(assetDir(name), 'index.mjs')))).toBe(true);
  });
});
