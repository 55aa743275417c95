/**
 * Everything that can be torn down and redeployed without losing data: one function per topology entry with its
 * triggers (HTTP routes, queue and stream event source mappings, schedules), the HTTP API with the Cognito JWT
 * authorizer, and the alarms. Generic over `infra/topology.ts`: nothing here names a function, route or queue.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ComparisonOperator, TreatMissingData, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { KonkursFunction } from './konkurs-function.js';
import { protocolFont, withProtocolFont } from './protocol-font.js';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fileStorageModule, sideBundleCommand } from './bundling.js';
import { signatureDeployment } from './trust-store.js';
import {
  functions as functionSpecs,
  httpRoutes,
  queueUrlEnv,
  queues as queueSpecs,
  routeKey,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type QueueSpec,
} from './topology.js';

/**
 * Default-stage throttling of the HTTP API (requests per second, steady and burst), below the account limit. A request
 * over it is answered 429 by API Gateway before any function runs. Override with the context `apiThrottleRate` and
 * `apiThrottleBurst` (`cdk deploy -c apiThrottleRate=200`).
 */
export const apiThrottle = { rateLimit: 100, burstLimit: 200 } as const;

/**
 * Tighter per-route throttling of the routes anyone can call to make the platform write or send something (filing an
 * inquiry, registering, verifying, unsubscribing): a flood of them cannot use up the stage's budget for everyone.
 * Override with the context `publicWriteThrottleRate` and `publicWriteThrottleBurst`.
 */
export const publicWriteThrottle = { rateLimit: 10, burstLimit: 20 } as const;

/**
 * The routes {@link publicWriteThrottle} applies to: every public route that is not a GET, and these, which are not
 * public writes by that rule but are as cheap to flood (registration needs only a self-issued contractor account;
 * the unsubscribe page is reached by anyone with a link).
 */
export const alsoWriteThrottled = ['POST /contractors', 'GET /unsubscribe'] as const;

/** The route keys throttled as public writes, from the topology. */
export const publicWriteRouteKeys = (): string[] =>
  httpRoutes()
    .filter(({ route }) => (route.auth === 'public' && route.method !== 'GET') || (alsoWriteThrottled as readonly string[]).includes(routeKey(route)))
    .map(({ route }) => routeKey(route));

/** Headers the portal may send cross-origin (preflight answered by API Gateway, not by the functions). */
export const corsAllowHeaders = ['Authorization', 'Content-Type', 'Idempotency-Key'] as const;

/**
 * Stream records older than this go to the on-failure queue unprocessed. The stream keeps records 24 hours; giving
 * up after 6 leaves 18 hours to replay the batch the on-failure message describes.
 */
export const streamMaxRecordAge = Duration.hours(6);

export interface StatelessQueue {
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
}

export interface StatelessStackProps extends StackProps {
  readonly table: ITable;
  readonly queues: Readonly<Record<QueueName, StatelessQueue>>;
  /** Name of the documents bucket (tender documents, bid envelopes); granted to the functions whose topology access names it. */
  readonly documentsBucketName: string;
  readonly emailIdentity: IEmailIdentity;
  readonly configurationSet: IConfigurationSet;
  readonly mailFrom: string;
  /** Issuer of the user pool's tokens (`https://cognito-idp.<region>.amazonaws.com/<poolId>`). */
  readonly issuer: string;
  /** The app client id: the audience the JWT authorizer accepts. */
  readonly userPoolClientId: string;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Readonly<Record<FunctionName, KonkursFunction>>;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    const portalUrl = this.node.tryGetContext('portalUrl') as string | undefined;
    const corsOrigin = portalUrl ? new URL(portalUrl).origin : '*';

    const { api, stage } = this.createApi(corsOrigin);
    this.api = api;
    const apiBaseUrl = this.api.apiEndpoint;

    const environment: Record<string, string> = {
      API_BASE_URL: apiBaseUrl,
      CORS_ORIGINS: corsOrigin,
      ...(portalUrl ? { PORTAL_BASE_URL: portalUrl.replace(/\/+$/, '') } : {}),
    };

    const documentsBucket = Bucket.fromBucketName(this, 'DocumentsBucket', props.documentsBucketName);
    // Signatures (bids, awards): the trust store is bundled with the functions that verify them; the evaluation
    // function also ships the protocol's font beside its handler.
    const signatures = signatureDeployment(this);
    const signing = (name: FunctionName) => name === 'bids' || name === 'evaluation' || name === 'contracts';
    // Presigning needs no S3 client (`presigned-urls.ts`). Functions that also verify, copy or delete uploads, or publish
    // a generated file, load the S3 file storage on first use, from a module packaged beside the handler
    // (`FILE_STORAGE_MODULE`), so their bundle leaves the S3 client out.
    const noHooks: ICommandHooks = { beforeBundling: () => [], beforeInstall: () => [], afterBundling: () => [] };
    const lazyStorage = (spec: FunctionSpec) => spec.access.documents === 'publish' || spec.access.documents === 'readwrite';
    const withLazyStorage = (spec: FunctionSpec, hooks: ICommandHooks): ICommandHooks =>
      lazyStorage(spec)
        ? { ...hooks, afterBundling: (inputDir, outputDir) => [...hooks.afterBundling(inputDir, outputDir), sideBundleCommand(inputDir, outputDir, fileStorageModule.entry, fileStorageModule.file)] }
        : hooks;
    const specs = Object.entries(functionSpecs) as [FunctionName, FunctionSpec][];
    const created = specs.map(([name, spec]) => {
      const fn = new KonkursFunction(this, pascal(name), {
        name,
        spec,
        environment: {
          ...environment,
          ...(signing(name) ? signatures.environment : {}),
          ...(name === 'evaluation' ? protocolFont.environment : {}),
          ...(lazyStorage(spec) ? { [fileStorageModule.env]: `./${fileStorageModule.file}` } : {}),
        },
        ...(signing(name) || lazyStorage(spec)
          ? { commandHooks: withLazyStorage(spec, !signing(name) ? noHooks : name === 'evaluation' ? withProtocolFont(signatures.commandHooks) : signatures.commandHooks) }
          : {}),
      });
      if (spec.access.table !== 'none') fn.bindTable(props.table, spec.access.table);
      for (const queue of spec.access.sendTo) fn.bindQueue(props.queues[queue].queue, queueUrlEnv(queue));
      if (spec.access.documents) fn.bindDocuments(documentsBucket, spec.access.documents);
      if (spec.access.sendsEmail) {
        fn.bindEmail({
          identity: props.emailIdentity,
          configurationSet: props.configurationSet,
          mailFrom: props.mailFrom,
        });
      }
      this.addTriggers(fn, name, spec, props);
      return [name, fn] as const;
    });
    this.functions = Object.fromEntries(created) as Record<FunctionName, KonkursFunction>;

    this.addRoutes(props, stage);
    this.alarmTopic = this.createAlarms(props);
    this.node.addValidation({ validate: () => validateQueueTimeouts() });

    new CfnOutput(this, 'ApiUrl', { value: apiBaseUrl });
  }

  /** A context value given as a number (`-c name=5` passes the string "5"); the default when absent. */
  private positiveContext(name: string, fallback: number): number {
    const raw = this.node.tryGetContext(name) as unknown;
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`context ${name} must be a positive number, not ${JSON.stringify(raw)}`);
    return value;
  }

  private createApi(corsOrigin: string): { api: HttpApi; stage: HttpStage } {
    const methods = [...new Set(httpRoutes().map(({ route }) => route.method))];
    const api = new HttpApi(this, 'Api', {
      description: 'Konkurs HTTP API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [corsOrigin],
        allowHeaders: [...corsAllowHeaders],
        allowMethods: [...methods.map((m) => CorsHttpMethod[m]), CorsHttpMethod.OPTIONS],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The default stage is created here rather than by HttpApi so that it gets throttling and access logs.
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: this.positiveContext('apiThrottleRate', apiThrottle.rateLimit),
        burstLimit: Math.round(this.positiveContext('apiThrottleBurst', apiThrottle.burstLimit)),
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    return { api, stage };
  }

  private addRoutes(props: StatelessStackProps, stage: HttpStage): void {
    const authorizer: IHttpRouteAuthorizer = new HttpJwtAuthorizer('CognitoAuthorizer', props.issuer, {
      jwtAudience: [props.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const { fn, route } of httpRoutes()) {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(fn)}Integration`, this.functions[fn].fn);
        integrations.set(fn, integration);
      }
      const isPublic = route.auth === 'public';
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(isPublic ? {} : { authorizer }),
      });
      // Route settings name routes by key: the stage must be created after them, or CloudFormation cannot find them.
      if (httpRoute) stage.node.addDependency(httpRoute);
      if (isPublic && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is public by design in its route definition (shared/http/routes/, auth: 'public'); the handler serves anonymous callers and validates its input itself.`,
        });
      }
    }
    // The L2 stage has no per-route settings: set them on its CloudFormation resource.
    const writeThrottle = {
      ThrottlingRateLimit: this.positiveContext('publicWriteThrottleRate', publicWriteThrottle.rateLimit),
      ThrottlingBurstLimit: Math.round(this.positiveContext('publicWriteThrottleBurst', publicWriteThrottle.burstLimit)),
    };
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(publicWriteRouteKeys().map((key) => [key, writeThrottle]));
  }

  private addTriggers(fn: KonkursFunction, name: FunctionName, spec: FunctionSpec, props: StatelessStackProps): void {
    if (spec.queue) {
      // A mailer paces itself to its share of the SES rate: the share is 1 / the event source's maximum concurrency.
      if (spec.access.sendsEmail) {
        if (spec.queue.maxConcurrency === undefined) throw new Error(`${name}: a mailer's mapping needs a maximum concurrency (its pacer's share of the SES rate)`);
        fn.setEnvironment({ MAIL_MAX_CONCURRENCY: String(spec.queue.maxConcurrency) });
      }
      fn.fn.addEventSource(
        new SqsEventSource(props.queues[spec.queue.queue].queue, {
          batchSize: spec.queue.batchSize,
          ...(spec.queue.maxConcurrency !== undefined ? { maxConcurrency: spec.queue.maxConcurrency } : {}),
          maxBatchingWindow: Duration.seconds(spec.queue.maxBatchingWindowSeconds),
          reportBatchItemFailures: true,
        }),
      );
    }
    if (spec.stream) {
      fn.fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition[spec.stream.startingPosition],
          batchSize: spec.stream.batchSize,
          maxBatchingWindow: Duration.seconds(spec.stream.maxBatchingWindowSeconds),
          bisectBatchOnError: spec.stream.bisectBatchOnError,
          retryAttempts: spec.stream.retryAttempts,
          maxRecordAge: streamMaxRecordAge,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(props.queues[spec.stream.onFailure].queue),
          ...(spec.stream.filters ? { filters: spec.stream.filters.map((pattern) => FilterCriteria.filter({ ...pattern })) } : {}),
        }),
      );
    }
    if (spec.schedule) {
      new Rule(this, `${pascal(name)}Schedule`, {
        description: `Runs ${name} every ${spec.schedule.everyMinutes} minute(s)`,
        schedule: Schedule.rate(Duration.minutes(spec.schedule.everyMinutes)),
        // A missed tick is covered by the next one; retrying for long would only pile up overlapping runs.
        targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
      });
    }
  }

  private createAlarms(props: StatelessStackProps): Topic {
    // A customer managed key, not alias/aws/sns: CloudWatch alarms cannot publish to a topic encrypted with the AWS
    // managed SNS key, whose key policy cannot be changed to admit cloudwatch.amazonaws.com.
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Konkurs alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'Konkurs alarms', masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );
    const alarmEmail = this.node.tryGetContext('alarmEmail') as string | undefined;
    if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
    const action = new SnsAction(topic);

    const alarmOnAny = (id: string, metric: Metric, description: string): void => {
      metric
        .createAlarm(this, id, {
          alarmDescription: description,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        })
        .addAlarmAction(action);
    };

    for (const name of Object.keys(queueSpecs) as QueueName[]) {
      alarmOnAny(
        `${pascal(name)}DlqAlarm`,
        props.queues[name].deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        `Messages of queue "${name}" exhausted their receives and wait in its dead-letter queue`,
      );
    }

    const specs = Object.entries(functionSpecs) as [FunctionName, FunctionSpec][];
    const onFailureQueues = new Set(specs.flatMap(([, spec]) => (spec.stream ? [spec.stream.onFailure] : [])));
    for (const name of onFailureQueues) {
      alarmOnAny(
        `${pascal(name)}StreamFailureAlarm`,
        props.queues[name].queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        `Table stream records failed processing; "${name}" describes them (replay within the stream's 24 h)`,
      );
    }

    for (const [name] of specs) {
      alarmOnAny(
        `${pascal(name)}ErrorsAlarm`,
        this.functions[name].fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        `Function "${name}" reported errors`,
      );
    }
    return topic;
  }
}

/** `streamFailures` → `StreamFailures`: construct ids from topology keys. */
const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

/**
 * A queue must stay invisible while its consumer may still be working on a batch, or messages are processed twice
 * while in flight (AWS guidance: at least 6 × the function timeout); `maxReceiveCount` below 5 sends messages to the
 * dead-letter queue on transient throttling.
 */
const validateQueueTimeouts = (): string[] =>
  (Object.entries(functionSpecs) as [FunctionName, FunctionSpec][]).flatMap(([name, spec]) => {
    if (!spec.queue) return [];
    const queue: QueueSpec = queueSpecs[spec.queue.queue];
    const errors: string[] = [];
    if (queue.visibilityTimeoutSeconds < 6 * spec.timeoutSeconds) {
      errors.push(
        `queue "${spec.queue.queue}" visibility timeout ${queue.visibilityTimeoutSeconds}s is below 6 × the ${spec.timeoutSeconds}s timeout of "${name}"`,
      );
    }
    if (queue.maxReceiveCount < 5) errors.push(`queue "${spec.queue.queue}" maxReceiveCount must be at least 5`);
    return errors;
  });
