/**
 * The CDK app: `cdk synth` runs this file (cdk.json). `buildApp` is exported so that the infra tests synthesize
 * exactly what `cdk synth` does, cdk-nag included.
 */
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PortalStack } from './portal-stack.js';
import { documentsBucketName, StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/**
 * How synthesis treats findings of validation plugins (cdk-nag, CloudFormation's own rules).
 *
 * cdk-nag 3 is a policy-validation plugin: CDK collects its report after writing the templates, prints it, and fails
 * synthesis when a report is unsuccessful (it throws under vitest and `tsx infra/app.ts`; under the CLI it prints the
 * report, "Synthesis finished with errors", and exits 1). An unacknowledged finding, error or warning, must fail:
 * - `failSynthOnValidationErrors` keeps that reporting on even if someone turns it off in cdk.json;
 * - `strictCfnValidateErrors` makes warnings fail too. Without it CDK recomputes a report's success as "no errors"
 *   as soon as one of its findings is acknowledged through CDK's own namespaced form (`AwsSolutions::…`), and an
 *   unacknowledged nag warning in the same report would then pass.
 */
export const validationContext = {
  '@aws-cdk/core:failSynthOnValidationErrors': true,
  '@aws-cdk/core:strictCfnValidateErrors': true,
} as const;

export interface KonkursApp {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly portal: PortalStack;
}

/** Adds Konkurs' stacks and the cdk-nag AwsSolutions checks to a fresh `App`. */
export function buildApp(app: App): KonkursApp {
  for (const [key, value] of Object.entries(validationContext)) app.node.setContext(key, value);

  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, 'KonkursStateful', {
    env,
    description: 'Konkurs: table, queues, SES sender and Cognito user pool',
  });
  const stateless = new StatelessStack(app, 'KonkursStateless', {
    env,
    description: 'Konkurs: functions, HTTP API, triggers and alarms',
    table: stateful.table,
    queues: stateful.queues,
    documentsBucketName: documentsBucketName(),
    emailIdentity: stateful.emailIdentity,
    configurationSet: stateful.configurationSet,
    mailFrom: stateful.mailFrom,
    issuer: stateful.issuer,
    userPoolClientId: stateful.userPoolClient.userPoolClientId,
  });

  const portal = new PortalStack(app, 'KonkursPortal', {
    env,
    description: 'Konkurs: the web portal (S3 + CloudFront) and its runtime configuration',
    apiUrl: stateless.api.apiEndpoint,
    userPoolClientId: stateful.userPoolClient.userPoolClientId,
    userPoolRegion: stateful.region,
    // Derived from pseudo parameters like the stateless stack's grants: no cross-stack export to pin the bucket.
    documentsBucket: { name: documentsBucketName(), region: stateful.region },
  });

  // cdk-nag 3 API: a validation plugin, not an Aspect. Acknowledgements sit next to the resources they concern.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless, portal };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = new App();
  buildApp(app);
  app.synth();
}
