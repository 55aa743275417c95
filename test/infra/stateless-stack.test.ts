import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatefulStack } from '../../infra/stateful-stack.js';
import { apiThrottle, publicWriteRouteKeys, publicWriteThrottle, type StatelessStack } from '../../infra/stateless-stack.js';
import {
  functions,
  httpRoutes,
  queueUrlEnv,
  queues,
  routeKey,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
} from '../../infra/topology.js';
import { logicalIdOf, synthKonkurs } from './synth.js';

const specs = Object.entries(functions) as [FunctionName, FunctionSpec][];
const queueConsumers = specs.filter(([, spec]) => spec.queue);
const streamConsumers = specs.filter(([, spec]) => spec.stream);
const scheduled = specs.filter(([, spec]) => spec.schedule);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Whether a (possibly cross-stack) CloudFormation value refers to the resource with this logical id. */
const refersTo = (value: unknown, logicalId: string): boolean => JSON.stringify(value).includes(logicalId);

const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

describe('stateless stack', () => {
  let stateful: StatefulStack;
  let stack: StatelessStack;
  let template: Template;

  const functionProps = (name: FunctionName): Record<string, any> => {
    const id = logicalIdOf(stack.functions[name].fn);
    return template.findResources('AWS::Lambda::Function')[id]?.Properties;
  };

  const statementsOf = (name: FunctionName): Statement[] => {
    const roleId = logicalIdOf(stack.functions[name].role);
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    );
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };

  const mappingsOf = (name: FunctionName): Record<string, any>[] =>
    Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: logicalIdOf(stack.functions[name].fn) } },
      }),
    ).map((r) => r.Properties);

  beforeAll(() => {
    const synthesized = synthKonkurs();
    stateful = synthesized.stateful;
    stack = synthesized.stateless;
    template = synthesized.statelessTemplate;
  });

  describe.each(specs.map(([name, spec]) => [name, spec] as const))('function %s', (name, spec) => {
    it('runs nodejs22.x on arm64 with the memory and timeout of the topology, tracing passed through by default', () => {
      // Act
      const props = functionProps(name);

      // Assess
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        TracingConfig: { Mode: 'PassThrough' },
        LoggingConfig: { LogGroup: { Ref: logicalIdOf(stack.functions[name].logGroup) }, LogFormat: 'JSON', SystemLogLevel: 'WARN' },
      });
    });

    it('logs to its own log group kept for one month', () => {
      // Act
      const logGroup = template.findResources('AWS::Logs::LogGroup')[logicalIdOf(stack.functions[name].logGroup)];

      // Assess
      expect(logGroup).toMatchObject({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
    });

    it('runs without --enable-source-maps (a fifth more import time at every cold start)', () => {
      // Act
      const env = functionProps(name).Environment.Variables;

      // Assess
      expect(env.NODE_OPTIONS ?? '').not.toContain('--enable-source-maps');
    });

    it('has the observability and API variables', () => {
      // Act
      const env = functionProps(name).Environment.Variables;

      // Assess
      expect(env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: 'Konkurs',
        CORS_ORIGINS: '*',
        API_BASE_URL: { 'Fn::GetAtt': [logicalIdOf(stack.api), 'ApiEndpoint'] },
      });
      expect(env).not.toHaveProperty('POWERTOOLS_DEV');
    });

    it('paces its emails by its event source: MAIL_MAX_CONCURRENCY is the maximum concurrency, only where it sends email', () => {
      // Act
      const env = functionProps(name).Environment.Variables;

      // Assess
      if (spec.access.sendsEmail && spec.queue) expect(env.MAIL_MAX_CONCURRENCY).toBe(String(spec.queue.maxConcurrency));
      else expect(env).not.toHaveProperty('MAIL_MAX_CONCURRENCY');
    });

    it('can use the table exactly as its access says, with TABLE_NAME set', () => {
      // Act
      const env = functionProps(name).Environment.Variables;
      const actions = actionsOf(statementsOf(name));

      // Assess
      if (spec.access.table === 'none') {
        expect(env).not.toHaveProperty('TABLE_NAME');
        expect(actions.filter((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams')).toEqual(
          spec.stream ? ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] : [],
        );
        return;
      }
      expect(refersTo(env.TABLE_NAME, logicalIdOf(stateful.table))).toBe(true);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
      if (spec.access.table === 'readwrite') expect(actions).toEqual(expect.arrayContaining(writes));
      else for (const write of writes) expect(actions).not.toContain(write);
    });

    it('is granted the indexes by name, never index/*', () => {
      // Act
      const resources = JSON.stringify(statementsOf(name).map((s) => s.Resource));

      // Assess
      expect(resources).not.toContain('/index/*');
    });

    it.each(spec.access.sendTo.map((queue) => [queue] as const))(
      'may send to queue %s and knows its URL',
      (queue: QueueName) => {
        // Prepare
        const queueId = logicalIdOf(stateful.queues[queue].queue);

        // Act
        const env = functionProps(name).Environment.Variables;
        const sends = statementsOf(name).filter((s) => actionsOf([s]).includes('sqs:SendMessage'));

        // Assess
        expect(refersTo(env[queueUrlEnv(queue)], queueId)).toBe(true);
        expect(sends.some((s) => refersTo(s.Resource, queueId))).toBe(true);
      },
    );

    it(spec.access.sendsEmail ? 'may send email through SES with sender and configuration set' : 'cannot send email', () => {
      // Act
      const env = functionProps(name).Environment.Variables;
      const sesStatements = statementsOf(name).filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));

      // Assess
      if (!spec.access.sendsEmail) {
        expect(sesStatements).toEqual([]);
        expect(env).not.toHaveProperty('MAIL_FROM');
        return;
      }
      expect(actionsOf(sesStatements)).toEqual(expect.arrayContaining(['ses:SendEmail', 'ses:SendBulkEmail']));
      expect(refersTo(sesStatements, logicalIdOf(stateful.emailIdentity))).toBe(true);
      expect(env.MAIL_FROM).toBe(stateful.mailFrom);
      expect(refersTo(env.SES_CONFIGURATION_SET, logicalIdOf(stateful.configurationSet))).toBe(true);
    });

    it('has an error alarm over 5 minutes that notifies the alarm topic', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(stack.functions[name].fn) } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalIdOf(stack.alarmTopic) }],
      });
    });
  });

  describe.each(queueConsumers.map(([name, spec]) => [name, spec] as const))('queue consumer %s', (name, spec) => {
    it('reports partial batch failures, and is capped by maximum concurrency only when it paces itself by it', () => {
      // Prepare
      const trigger = spec.queue!;
      const queueId = logicalIdOf(stateful.queues[trigger.queue].queue);

      // Act
      const mapping = mappingsOf(name).find((m) => refersTo(m.EventSourceArn, queueId));

      // Assess
      expect(mapping).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: trigger.batchSize,
        MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
      });
      // Capped only where the consumer paces itself by its concurrency; an uncapped mapping idles at 2 pollers.
      expect(mapping?.ScalingConfig).toEqual(trigger.maxConcurrency === undefined ? undefined : { MaximumConcurrency: trigger.maxConcurrency });
      if (spec.access.sendsEmail) expect(trigger.maxConcurrency).toBeGreaterThanOrEqual(2);
    });

    it('cannot see a message again while it may still be processing it', () => {
      // Assess
      expect(queues[spec.queue!.queue].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * spec.timeoutSeconds);
    });
  });

  describe.each(streamConsumers.map(([name, spec]) => [name, spec] as const))('stream consumer %s', (name, spec) => {
    it('bisects failing batches, caps retries, reports partial failures and sends exhausted records to the on-failure queue', () => {
      // Prepare
      const trigger = spec.stream!;
      const onFailureId = logicalIdOf(stateful.queues[trigger.onFailure].queue);

      // Act
      const mapping = mappingsOf(name).find((m) => refersTo(m.EventSourceArn, logicalIdOf(stateful.table)));

      // Assess
      expect(mapping).toMatchObject({
        StartingPosition: trigger.startingPosition,
        BatchSize: trigger.batchSize,
        MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: trigger.retryAttempts,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(JSON.stringify(mapping?.EventSourceArn)).toContain('StreamArn');
      expect(refersTo(mapping?.DestinationConfig.OnFailure.Destination, onFailureId)).toBe(true);
      expect(mapping?.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
      expect(mapping?.MaximumRecordAgeInSeconds).toBeLessThan(24 * 3600);
    });

    it('drops the records its topology filters leave out, so they never invoke it', () => {
      // Prepare
      const filters = spec.stream!.filters;

      // Act
      const mapping = mappingsOf(name).find((m) => refersTo(m.EventSourceArn, logicalIdOf(stateful.table)));

      // Assess
      expect(mapping?.FilterCriteria).toEqual(filters ? { Filters: filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) } : undefined);
    });

    it('raises an alarm when the on-failure queue holds a record', () => {
      // Prepare
      const onFailureId = logicalIdOf(stateful.queues[spec.stream!.onFailure].queue);

      // Act
      const alarms = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' },
        }),
      ).filter((a) => refersTo(a.Properties.Dimensions, onFailureId));

      // Assess
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalIdOf(stack.alarmTopic) }],
      });
    });
  });

  describe('schedules', () => {
    it('has one rule per scheduled function, at its rate, targeting it', () => {
      // Act
      const rules = Object.values(template.findResources('AWS::Events::Rule'));

      // Assess
      expect(rules).toHaveLength(scheduled.length);
      for (const [name, spec] of scheduled) {
        const every = spec.schedule!.everyMinutes;
        template.hasResourceProperties('AWS::Events::Rule', {
          ScheduleExpression: `rate(${every} ${every === 1 ? 'minute' : 'minutes'})`,
          Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack.functions[name].fn), 'Arn'] } })],
        });
      }
    });
  });

  describe('HTTP API', () => {
    it.each(httpRoutes().map(({ fn, route }) => [routeKey(route), fn, route] as const))(
      'routes %s to %s, with the JWT authorizer unless public',
      (key, fn, route) => {
        // Act
        const [found] = Object.values(
          template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }),
        ).map((r) => r.Properties);
        const integrationId = String(JSON.stringify(found?.Target).match(/"Ref":"([^"]+)"/)?.[1]);
        const integration = template.findResources('AWS::ApiGatewayV2::Integration')[integrationId]?.Properties;

        // Assess
        expect(found).toBeDefined();
        if (route.auth === 'public') {
          expect(found?.AuthorizationType).toBe('NONE');
          expect(found?.AuthorizerId).toBeUndefined();
        } else {
          expect(found?.AuthorizationType).toBe('JWT');
          expect(found?.AuthorizerId).toBeDefined();
        }
        expect(integration).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(stack.functions[fn].fn), 'Arn'] },
        });
      },
    );

    it('has no routes besides the topology ones', () => {
      // Assess
      template.resourceCountIs('AWS::ApiGatewayV2::Route', httpRoutes().length);
    });

    it('validates Cognito ID tokens of the portal client from the Authorization header', () => {
      // Act
      const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer')).map(
        (r) => r.Properties,
      );

      // Assess
      expect(authorizer).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
      });
      expect(authorizer?.JwtConfiguration.Issuer).toMatchObject({
        'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', expect.anything()]],
      });
      expect(refersTo(authorizer?.JwtConfiguration.Issuer, logicalIdOf(stateful.userPool))).toBe(true);
      expect(authorizer?.JwtConfiguration.Audience).toHaveLength(1);
      expect(refersTo(authorizer?.JwtConfiguration.Audience, logicalIdOf(stateful.userPoolClient))).toBe(true);
    });

    it('answers CORS preflight for the portal headers', () => {
      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: Match.objectLike({
          AllowOrigins: ['*'],
          AllowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
          AllowMethods: Match.arrayWith(['OPTIONS']),
        }),
      });
    });

    it('throttles and access-logs the default stage', () => {
      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
          Format: Match.stringLikeRegexp('\\$context\\.requestId'),
        },
      });
    });

    it('throttles the default stage at the documented defaults', () => {
      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: apiThrottle.rateLimit, ThrottlingBurstLimit: apiThrottle.burstLimit },
      });
    });

    it('throttles each public write route tighter than the stage', () => {
      // Prepare
      const keys = publicWriteRouteKeys();
      const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')).map((r) => r.Properties);

      // Assess
      expect(keys).toEqual(
        expect.arrayContaining(['POST /inquiries', 'POST /contractors', 'POST /contractors/verify', 'POST /unsubscribe', 'GET /unsubscribe']),
      );
      expect(Object.keys(stage?.RouteSettings ?? {}).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(stage?.RouteSettings[key]).toEqual({
          ThrottlingRateLimit: publicWriteThrottle.rateLimit,
          ThrottlingBurstLimit: publicWriteThrottle.burstLimit,
        });
      }
      expect(publicWriteThrottle.rateLimit).toBeLessThan(apiThrottle.rateLimit);
      expect(publicWriteThrottle.burstLimit).toBeLessThan(apiThrottle.burstLimit);
    });

    it('creates the stage after the routes its settings name', () => {
      // Prepare
      const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
      const routeIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
        .filter(([, r]) => publicWriteRouteKeys().includes(r.Properties.RouteKey))
        .map(([id]) => id);

      // Assess
      expect(routeIds).toHaveLength(publicWriteRouteKeys().length);
      expect(stage?.DependsOn).toEqual(expect.arrayContaining(routeIds));
    });

    it('takes the stage and public-write limits from context', () => {
      // Act
      const synthesized = synthKonkurs({
        context: { apiThrottleRate: '250', apiThrottleBurst: '500', publicWriteThrottleRate: '2', publicWriteThrottleBurst: '4' },
      });
      const [stage] = Object.values(synthesized.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage')).map((r) => r.Properties);

      // Assess
      expect(stage?.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 250, ThrottlingBurstLimit: 500 });
      expect(stage?.RouteSettings['POST /inquiries']).toEqual({ ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 });
    });

    it('refuses a throttling context that is not a positive number, naming it', () => {
      expect(() => synthKonkurs({ context: { publicWriteThrottleRate: 'fast' } })).toThrow(/publicWriteThrottleRate/);
    });

    it('outputs its URL', () => {
      // Assess
      template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [logicalIdOf(stack.api), 'ApiEndpoint'] } });
    });

    it('allows only the portal origin when portalUrl is given', () => {
      // Act
      const synthesized = synthKonkurs({ context: { portalUrl: 'https://konkurs.example.kz/app/' } });
      const health = Object.values(synthesized.statelessTemplate.findResources('AWS::Lambda::Function'))[0];

      // Assess
      synthesized.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://konkurs.example.kz'] }),
      });
      expect(health?.Properties.Environment.Variables).toMatchObject({
        CORS_ORIGINS: 'https://konkurs.example.kz',
        PORTAL_BASE_URL: 'https://konkurs.example.kz/app',
      });
    });
  });

  describe('alarms', () => {
    it.each(Object.keys(queues) as QueueName[])('fire when the dead-letter queue of %s holds a message', (queue) => {
      // Prepare
      const dlqId = logicalIdOf(stateful.queues[queue].deadLetterQueue);

      // Act
      const alarms = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' },
        }),
      ).filter((a) => refersTo(a.Properties.Dimensions, dlqId));

      // Assess
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.Properties).toMatchObject({
        Dimensions: [{ Name: 'QueueName', Value: expect.anything() }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: logicalIdOf(stack.alarmTopic) }],
      });
    });

    it('notify one topic encrypted with a rotating KMS key that CloudWatch may use', () => {
      // Prepare
      const keyId = String(
        JSON.stringify(template.findResources('AWS::SNS::Topic')).match(/"KmsMasterKeyId":\{"Fn::GetAtt":\["([^"]+)"/)?.[1],
      );

      // Assess
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      const key = template.findResources('AWS::KMS::Key')[keyId]?.Properties;
      expect(key?.KeyPolicy.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
          }),
        ]),
      );
    });

    it('notify a topic that refuses publishing without TLS', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalIdOf(stack.alarmTopic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('email the address given as alarmEmail context', () => {
      // Act
      const synthesized = synthKonkurs({ context: { alarmEmail: 'ops@example.kz' } });

      // Assess
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      synthesized.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.kz',
      });
    });
  });
});
