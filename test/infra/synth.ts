/**
 * Synthesizes the Konkurs app as `cdk synth` does (cdk.json's context, `buildApp`, cdk-nag), for the infra tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type KonkursApp } from '../../infra/app.js';
import { repoRoot } from '../../infra/konkurs-function.js';

/** The context the CDK CLI passes to the app from cdk.json (feature flags). */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

export interface SynthOptions {
  /** Extra context, as `cdk synth -c key=value` would give. */
  readonly context?: Record<string, unknown>;
  /** Bundle the functions with esbuild (slow); off by default. */
  readonly bundle?: boolean;
}

export interface SynthesizedKonkurs extends KonkursApp {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/** Builds and synthesizes the app; throws as `cdk synth` fails when a cdk-nag finding is not acknowledged. */
export const synthKonkurs = (options: SynthOptions = {}): SynthesizedKonkurs => {
  const app = createApp(options);
  const stacks = buildApp(app);
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
};

/** A fresh App with cdk.json's context; `aws:cdk:bundling-stacks: []` skips bundling (about 0.3 s instead of 3 s). */
export const createApp = (options: SynthOptions = {}): App =>
  new App({
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });

/** The logical id of an L2 construct's CloudFormation resource in its stack's template. */
export const logicalIdOf = (construct: IConstruct): string =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
