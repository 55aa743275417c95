import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatefulStack } from '../../infra/stateful-stack.js';
import { ROLES, queues, table, type QueueName } from '../../infra/topology.js';
import { logicalIdOf, synthKonkurs } from './synth.js';

const queueNames = Object.keys(queues) as QueueName[];

describe('stateful stack', () => {
  let stack: StatefulStack;
  let template: Template;

  beforeAll(() => {
    const synthesized = synthKonkurs();
    stack = synthesized.stateful;
    template = synthesized.statefulTemplate;
  });

  describe('table', () => {
    it('is keyed by string PK and SK and billed per request', () => {
      // Assess
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: table.partitionKey, AttributeType: 'S' },
          { AttributeName: table.sortKey, AttributeType: 'S' },
        ]),
      });
    });

    it.each(table.indexes.map((index) => [index.name, index] as const))(
      'has global secondary index %s with string keys projecting all attributes',
      (_name, index) => {
        // Assess
        template.hasResourceProperties('AWS::DynamoDB::Table', {
          GlobalSecondaryIndexes: Match.arrayWith([
            {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ]),
          AttributeDefinitions: Match.arrayWith([
            { AttributeName: index.partitionKey, AttributeType: 'S' },
            { AttributeName: index.sortKey, AttributeType: 'S' },
          ]),
        });
      },
    );

    it('streams new and old images, expires items by TTL and keeps point-in-time backups', () => {
      // Assess
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: table.stream },
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    it('survives stack deletion and replacement', () => {
      // Assess
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });
  });

  describe.each(queueNames)('queue %s', (name) => {
    it('redrives to its own dead-letter queue after the topology maxReceiveCount', () => {
      // Prepare
      const { queue, deadLetterQueue } = stack.queues[name];
      const spec = queues[name];

      // Assess
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        MessageRetentionPeriod: spec.retentionDays * 86_400,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(deadLetterQueue), 'Arn'] },
          maxReceiveCount: spec.maxReceiveCount,
        },
      });
      expect(logicalIdOf(queue)).not.toBe(logicalIdOf(deadLetterQueue));
    });

    it('keeps dead letters for 14 days', () => {
      // Prepare
      const dlq = logicalIdOf(stack.queues[name].deadLetterQueue);

      // Act
      const props = template.findResources('AWS::SQS::Queue')[dlq]?.Properties as Record<string, unknown>;

      // Assess
      expect(props.MessageRetentionPeriod).toBe(14 * 86_400);
      expect(props.RedrivePolicy).toBeUndefined();
    });

    it('encrypts the queue and its dead-letter queue with SQS-managed keys', () => {
      // Prepare
      const ids = [stack.queues[name].queue, stack.queues[name].deadLetterQueue].map(logicalIdOf);

      // Act
      const resources = template.findResources('AWS::SQS::Queue');

      // Assess
      for (const id of ids) expect(resources[id]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    });

    it('denies requests without TLS on the queue and its dead-letter queue', () => {
      // Prepare
      const ids = [stack.queues[name].queue, stack.queues[name].deadLetterQueue].map(logicalIdOf);

      // Assess
      for (const id of ids) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                Resource: { 'Fn::GetAtt': [id, 'Arn'] },
              }),
            ]),
          },
        });
      }
    });
  });

  describe('email', () => {
    it('verifies the default sender domain and sends through the configuration set', () => {
      // Assess
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'konkurs.example.kz',
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(stack.configurationSet) } },
      });
      expect(stack.mailFrom).toBe('Konkurs <no-reply@konkurs.example.kz>');
    });

    it('tracks reputation and suppresses bounced and complaining recipients', () => {
      // Assess
      template.hasResourceProperties('AWS::SES::ConfigurationSet', {
        ReputationOptions: { ReputationMetricsEnabled: true },
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      });
    });

    it('sends from the address given as mailDomain context when it is an email address', () => {
      // Act
      const synthesized = synthKonkurs({ context: { mailDomain: 'tender@akimat.example.kz' } });

      // Assess
      synthesized.statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'tender@akimat.example.kz',
      });
      expect(synthesized.stateful.mailFrom).toBe('Konkurs <tender@akimat.example.kz>');
    });
  });

  describe('user pool', () => {
    it.each(ROLES)('has the group %s', (role) => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    });

    it('declares the kato (9) and bin (12) custom attributes', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        Schema: Match.arrayWith([
          Match.objectLike({
            Name: 'kato',
            AttributeDataType: 'String',
            StringAttributeConstraints: { MinLength: '9', MaxLength: '9' },
          }),
          Match.objectLike({
            Name: 'bin',
            AttributeDataType: 'String',
            StringAttributeConstraints: { MinLength: '12', MaxLength: '12' },
          }),
        ]),
      });
    });

    it('declares the route (9) custom attribute a financier’s token carries (dbk-banks, khc-bonds)', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        Schema: Match.arrayWith([Match.objectLike({ Name: 'route', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '9', MaxLength: '9' } })]),
      });
    });

    it('lets contractors sign up with their email and enforces a strong password', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: Match.anyValue(),
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      });
      const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0];
      expect(pool?.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(8);
    });

    it('puts custom:kato and custom:bin in ID tokens but does not let users write them', () => {
      // Act
      const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties;

      // Assess
      expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:kato', 'custom:bin']));
      expect(client.WriteAttributes).not.toContain('custom:kato');
      expect(client.WriteAttributes).not.toContain('custom:bin');
    });

    it('has a public app client using the authorization-code flow back to the portal', () => {
      // Assess
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: Match.arrayWith(['openid']),
        CallbackURLs: ['http://127.0.0.1:3001/'],
        SupportedIdentityProviders: ['COGNITO'],
      });
    });

    it('takes the callback URL from the portalUrl context', () => {
      // Act
      const synthesized = synthKonkurs({ context: { portalUrl: 'https://konkurs.example.kz/' } });

      // Assess
      synthesized.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        CallbackURLs: ['https://konkurs.example.kz/'],
      });
    });

    it('has a hosted UI domain only when authDomainPrefix is given', () => {
      // Act
      const withPrefix = synthKonkurs({ context: { authDomainPrefix: 'konkurs-test' } });

      // Assess
      template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
      withPrefix.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'konkurs-test' });
    });

    it('survives stack deletion', () => {
      // Assess
      template.hasResource('AWS::Cognito::UserPool', {
        Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
        DeletionPolicy: 'Retain',
      });
    });
  });

  it('outputs the table name, user pool id, client id and issuer', () => {
    // Prepare
    const poolId = logicalIdOf(stack.userPool);

    // Assess
    template.hasOutput('TableName', { Value: { Ref: logicalIdOf(stack.table) } });
    template.hasOutput('UserPoolId', { Value: { Ref: poolId } });
    template.hasOutput('UserPoolClientId', {
      Value: { Ref: logicalIdOf(stack.userPoolClient) },
    });
    template.hasOutput('Issuer', {
      Value: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]] },
    });
  });
});
