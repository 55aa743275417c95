/**
 * The CDK app: `cdk synth` runs this file (cdk.json). `buildApp` is exported so that the infra tests synthesize
 * exactly what `cdk synth` does.
 */
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface KonkursApp {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export function buildApp(app: App): KonkursApp {
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
    emailIdentity: stateful.emailIdentity,
    configurationSet: stateful.configurationSet,
    mailFrom: stateful.mailFrom,
    issuer: stateful.issuer,
    userPoolClientId: stateful.userPoolClient.userPoolClientId,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = new App();
  buildApp(app);
  app.synth();
}
