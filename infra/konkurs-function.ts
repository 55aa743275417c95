/**
 * The one way Konkurs defines a Lambda function: runtime, architecture, bundling, logs and tracing are decided here,
 * and access is granted through `bind*` helpers that set the matching environment variable in the same call, so a
 * function can never hold a permission without the name it needs to use it (or the other way round).
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deployedNodeOptions, functionCode } from './bundling.js';
import { table as tableSpec, type FunctionSpec } from './topology.js';

/** The repository root: `FunctionSpec.entry` paths are relative to it, and every bundle is built there (`infra/bundling.ts`). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** CloudWatch namespace of every custom metric the functions emit (Powertools Metrics). */
export const metricsNamespace = 'Konkurs';

export type TableAccess = 'read' | 'readwrite';

/** What `grantReadData` allows on a table, minus the stream actions (stream consumers get those from the event source). */
const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/** Item writes; transactions (`TransactWriteItems`) are authorized as the writes they contain. */
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface KonkursFunctionProps {
  /** The function's key in the topology; it is also the service name in its logs and metrics. */
  readonly name: string;
  readonly spec: FunctionSpec;
  /** Variables common to a stack's functions; merged with what the `bind*` helpers add. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Bundling hooks, e.g. copying a data file (the signature trust store) into the package. */
  readonly commandHooks?: ICommandHooks;
}

export interface EmailBinding {
  readonly identity: IEmailIdentity;
  readonly configurationSet: IConfigurationSet;
  /** The `From` header of every email, e.g. `Konkurs <no-reply@konkurs.example.kz>`. */
  readonly mailFrom: string;
}

export class KonkursFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;
  private readonly environment = new Map<string, string>();

  constructor(scope: Construct, id: string, props: KonkursFunctionProps) {
    super(scope, id);
    const { name, spec } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      // Operational logs live and die with the stateless stack; the audit trail of the domain is in the table.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one: log permissions scoped to this function's log group rather than
    // the AWSLambdaBasicExecutionRole managed policy (log writes to every log group of the account).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      // IAM descriptions accept Latin-1 only; the spec's description (with its arrows) goes on the function.
      description: `Konkurs function ${name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new LambdaFunction(this, 'Function', {
      // `index.mjs`, bundled from `spec.entry` with the options the benchmark measures (`infra/bundling.ts`).
      code: functionCode(repoRoot, spec.entry, props.commandHooks),
      handler: 'index.handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      // JSON logs (Powertools writes JSON already) let Lambda drop its own INFO lines (START, END, REPORT: ~450 B per
      // invocation, most of the log bytes of docs/cost-model.md); duration, errors and throttles stay CloudWatch metrics,
      // and platform warnings and errors (timeouts, out of memory) are still logged.
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: SystemLogLevel.WARN,
      // X-Ray records every invocation at $5 per million traces, the largest single item of the cost model
      // (docs/cost-model.md): traces are passed through unless a deployment asks for them (`-c tracing=active`).
      tracing: this.node.tryGetContext('tracing') === 'active' ? Tracing.ACTIVE : Tracing.PASS_THROUGH,
    });

    this.setEnvironment({
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      // No `--enable-source-maps`: it costs every cold start about a fifth more import time (the bundles section of
      // docs/benchmarks.md). The linked `.map` files ship beside each bundle, so a minified stack trace from the logs
      // still resolves offline to the TypeScript sources.
      ...(deployedNodeOptions.length ? { NODE_OPTIONS: deployedNodeOptions.join(' ') } : {}),
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions without resource-level permissions are granted on "*": xray:PutTraceSegments and ' +
        'xray:PutTelemetryRecords for active tracing, and dynamodb:ListStreams for a table stream event source ' +
        '(https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html, ' +
        '.../list_amazondynamodb.html). Every other grant of this role names its resource.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime decided for Konkurs (architecture.md): the bundles target node22 and the local ' +
        'runtime and tests run the same major; moving to a newer runtime is a deliberate, tested change.',
    });
  }

  /**
   * Grants item-level access to the table and the indexes the topology declares, and sets `TABLE_NAME`. The indexes
   * are named one by one (no `index/*` wildcard): a new index is a topology change and is granted with it.
   */
  bindTable(table: ITable, access: TableAccess, indexNames: readonly string[] = tableSpec.indexes.map((i) => i.name)): void {
    const actions = access === 'readwrite' ? [...tableReadActions, ...tableWriteActions] : tableReadActions;
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    this.setEnvironment({ TABLE_NAME: table.tableName });
  }

  /**
   * Grants access to the documents bucket and sets `DOCUMENTS_BUCKET`. `read` presigns downloads of verified
   * objects only; `publish` writes files the platform makes itself (the evaluation protocol) under the verified
   * tender prefix; `readwrite` also presigns uploads to the pending prefix, reads tags (the malware verdict), copies
   * verified uploads out of it and deletes. `s3:ListBucket` makes a missing object a 404 rather than a 403.
   */
  bindDocuments(bucket: IBucket, access: 'read' | 'publish' | 'readwrite'): void {
    const objects =
      access === 'readwrite' ? [bucket.arnForObjects('*')] : access === 'publish' ? [bucket.arnForObjects('tender/*')] : [bucket.arnForObjects('tender/*'), bucket.arnForObjects('bids/*')];
    const actions =
      access === 'readwrite' ? ['s3:GetObject', 's3:GetObjectTagging', 's3:PutObject', 's3:DeleteObject'] : access === 'publish' ? ['s3:PutObject'] : ['s3:GetObject'];
    this.fn.addToRolePolicy(new PolicyStatement({ actions, resources: objects }));
    if (access === 'readwrite') this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    const reason =
      'Document objects have random keys created per upload; the grant covers the key prefixes of the documents ' +
      'bucket this function presigns or writes (read: the verified tender/ and bids/ prefixes; publish: tender/ only).';
    const prefixes = access === 'readwrite' ? [''] : access === 'publish' ? ['tender/'] : ['tender/', 'bids/'];
    for (const prefix of prefixes) {
      Validations.of(this.fn.role!).acknowledge({ id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${nagText(Stack.of(this).resolve(bucket.bucketName))}/${prefix}*]`, reason });
    }
    this.setEnvironment({ DOCUMENTS_BUCKET: bucket.bucketName });
  }

  /** Grants `sqs:SendMessage` on the queue and sets the variable that carries its URL. */
  bindQueue(queue: IQueue, envName: string): void {
    queue.grantSendMessages(this.fn);
    this.setEnvironment({ [envName]: queue.queueUrl });
  }

  /** Grants sending through SES v2 from the identity with the configuration set; sets `MAIL_FROM` and `SES_CONFIGURATION_SET`. */
  bindEmail(email: EmailBinding): void {
    const { identity, configurationSet } = email;
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendBulkEmail'],
        // SES authorizes a send against both the sending identity and the configuration set it names.
        resources: [
          identity.emailIdentityArn,
          configurationSetArn(this, configurationSet.configurationSetName),
        ],
      }),
    );
    this.setEnvironment({
      MAIL_FROM: email.mailFrom,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
    });
  }

  /**
   * Adds variables to the function's environment. A variable set twice to different values is a wiring mistake
   * (two bindings competing for one name) and fails synthesis instead of silently keeping the last one.
   */
  setEnvironment(variables: Readonly<Record<string, string>>): void {
    for (const [key, value] of Object.entries(variables)) {
      const existing = this.environment.get(key);
      if (existing !== undefined && existing !== value) {
        throw new Error(`${this.node.path}: environment variable ${key} is already set to a different value`);
      }
      this.environment.set(key, value);
      this.fn.addEnvironment(key, value);
    }
  }
}

/** A resolved value as cdk-nag prints it in a finding id: `Ref`s as `<Name>`, joins concatenated. */
const nagText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(nagText).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
};

const configurationSetArn = (scope: Construct, name: string): string =>
  Stack.of(scope).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name });
