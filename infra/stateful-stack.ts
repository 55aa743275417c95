/**
 * Everything that holds data or identity and must survive a redeploy of the code: the table, the queues with their
 * dead-letter queues, the SES sender and the Cognito user pool. Built from `infra/topology.ts`; the stateless stack
 * receives these resources as props.
 */
import { Aws, CfnOutput, type CfnElement, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolGroup,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ROLES, documentsBucket as bucketSpec, queues as queueSpecs, table as tableSpec, type QueueName, type QueueSpec } from './topology.js';

/** Context keys read by the stateful stack, with their defaults. */
export const statefulContext = {
  /** A domain (`konkurs.example.kz`: sender `no-reply@<domain>`) or a single email address to send from. */
  mailDomain: 'konkurs.example.kz',
  /** The portal's URL: the OAuth callback and sign-out URL of the app client, and the documents bucket's CORS origin. */
  portalUrl: 'http://127.0.0.1:3001/',
  /** `true`: GuardDuty Malware Protection for S3 scans every object of the documents bucket and tags it. */
  malwareScan: false,
} as const;

/**
 * The documents bucket's name, unique per account and region. Both stacks derive it from the pseudo parameters, so
 * the stateless stack's grants name the bucket without a cross-stack token (and cdk-nag findings stay readable).
 */
export const documentsBucketName = (): string => `konkurs-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/** Days a deleted or replaced object version is kept (bid documents removed, failed uploads) before it goes. */
export const noncurrentVersionDays = 30;

/** Retention of every dead-letter queue: the SQS maximum, to leave time to inspect and redrive. */
export const deadLetterRetention = Duration.days(14);

export interface KonkursQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly queues: Readonly<Record<QueueName, KonkursQueue>>;
  readonly emailIdentity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  /** `From` header of every email. */
  readonly mailFrom: string;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** The private bucket of tender documents and bid envelopes. */
  readonly documentsBucket: Bucket;
  /** Issuer (`iss`) of the user pool's tokens, as the JWT authorizer expects it. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = this.createTable();
    this.queues = this.createQueues();
    this.documentsBucket = this.createDocumentsBucket();

    const mail = this.createEmail();
    this.forwardMailFeedback(mail.configurationSet);
    this.emailIdentity = mail.identity;
    this.configurationSet = mail.configurationSet;
    this.mailFrom = mail.mailFrom;

    this.userPool = this.createUserPool();
    this.userPoolClient = this.createPortalClient(this.userPool);
    this.issuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.createHostedUiDomain(this.userPool);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documentsBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'Issuer', { value: this.issuer });
  }

  private createTable(): Table {
    const table = new Table(this, 'Table', {
      partitionKey: { name: tableSpec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSpec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[tableSpec.stream],
      timeToLiveAttribute: tableSpec.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableSpec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    return table;
  }

  /**
   * Private, SSL-only, encrypted and versioned. Browsers PUT and GET through presigned URLs from the portal's origin
   * (CORS); uploads never completed are expired under the pending prefix, incomplete multipart uploads aborted.
   */
  private createDocumentsBucket(): Bucket {
    const portalUrl = String(this.node.tryGetContext('portalUrl') ?? statefulContext.portalUrl);
    const bucket = new Bucket(this, 'DocumentsBucket', {
      bucketName: documentsBucketName(),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          allowedOrigins: [new URL(portalUrl).origin],
          allowedMethods: [HttpMethods.GET, HttpMethods.PUT, HttpMethods.HEAD],
          allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
          exposedHeaders: ['ETag'],
          maxAge: 600,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(bucketSpec.abortMultipartDays) },
        {
          id: 'expire-pending-uploads',
          prefix: bucketSpec.pendingPrefix,
          expiration: Duration.days(bucketSpec.pendingExpiryDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(noncurrentVersionDays) },
      ],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Server access logs are best-effort and would need a second bucket; every read and write of a document ' +
        'goes through a presigned URL the API issued for an authorized caller, recorded in the table (audit log ' +
        'and document items). CloudTrail S3 data events can be enabled on this bucket for object-level audit.',
    });
    if (String(this.node.tryGetContext('malwareScan') ?? statefulContext.malwareScan) === 'true') this.protectFromMalware(bucket);
    return bucket;
  }

  /**
   * GuardDuty Malware Protection for S3: every new object is scanned and tagged `GuardDutyMalwareScanStatus`; the
   * `complete` routes refuse an object tagged `THREATS_FOUND`. The role is the one GuardDuty documents for a plan.
   */
  private protectFromMalware(bucket: Bucket): void {
    const role = new Role(this, 'MalwareProtectionRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3 on the documents bucket',
      inlinePolicies: {
        scan: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DescribeRule'],
              resources: [this.formatArn({ service: 'events', resource: 'rule', resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*' })],
            }),
            new PolicyStatement({
              actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:GetBucketLocation', 's3:ListBucket'],
              resources: [bucket.bucketArn],
            }),
            new PolicyStatement({
              actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging'],
              resources: [bucket.arnForObjects('*')],
            }),
          ],
        }),
      },
    });
    new CfnMalwareProtectionPlan(this, 'MalwareProtectionPlan', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: bucket.bucketName } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    const reason =
      'GuardDuty scans every object of the bucket (any key) and manages its own EventBridge rules, whose names it ' +
      'chooses under the DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3 prefix: the wildcards are the scope of the plan.';
    for (const resource of [
      'arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
      `<${this.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/*`,
    ]) {
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    }
  }

  private createQueues(): Record<QueueName, KonkursQueue> {
    const entries = (Object.entries(queueSpecs) as [QueueName, QueueSpec][]).map(([name, spec]) => {
      const deadLetterQueue = new Queue(this, `${name}-dlq`, {
        retentionPeriod: deadLetterRetention,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, name, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(spec.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
      });
      return [name, { queue, deadLetterQueue }] as const;
    });
    return Object.fromEntries(entries) as Record<QueueName, KonkursQueue>;
  }

  /**
   * Sends, bounces and complaints of the configuration set → SNS → the `sesFeedback` queue, whose consumer confirms
   * the mail ledger (sends) or suppresses the address. The topic is encrypted with a key SES may use to publish.
   */
  private forwardMailFeedback(configurationSet: ConfigurationSet): void {
    const key = new Key(this, 'MailFeedbackKey', { enableKeyRotation: true, description: 'SES bounce and complaint notifications' });
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    const topic = new Topic(this, 'MailFeedbackTopic', { masterKey: key, enforceSSL: true });
    topic.addSubscription(new SqsSubscription(this.queues.sesFeedback.queue));
    configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(topic),
      // SEND confirms the mail ledger (an email sent just before its mailer died is not sent again).
      events: [EmailSendingEvent.SEND, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }

  private createEmail(): { identity: EmailIdentity; configurationSet: ConfigurationSet; mailFrom: string } {
    const mailDomain = String(this.node.tryGetContext('mailDomain') ?? statefulContext.mailDomain);
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // A single address is enough to try the flow in the SES sandbox; production sends from a DKIM-verified domain.
    const isAddress = mailDomain.includes('@');
    const identity = new EmailIdentity(this, 'EmailIdentity', {
      identity: isAddress ? Identity.email(mailDomain) : Identity.domain(mailDomain),
      configurationSet,
    });
    if (!isAddress) {
      identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `CNAME to publish in ${mailDomain} so SES can verify the domain (DKIM)`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
    const sender = isAddress ? mailDomain : `no-reply@${mailDomain}`;
    return { identity, configurationSet, mailFrom: `Konkurs <${sender}>` };
  }

  private createUserPool(): UserPool {
    const userPool = new UserPool(this, 'UserPool', {
      // Contractors register themselves; akimat and ministry accounts are created by administrators and placed in
      // their group, which the handlers check.
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      userVerification: { emailStyle: VerificationEmailStyle.CODE },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // The akimat's region (KATO code, 9 digits) and the organisation's BIN (12 digits): the tenancy the handlers
        // enforce, read from the `custom:kato` / `custom:bin` claims of the ID token.
        kato: new StringAttribute({ minLen: 9, maxLen: 9, mutable: true }),
        bin: new StringAttribute({ minLen: 12, maxLen: 12, mutable: true }),
        // The financing route a financier serves (`dbk-banks` or `khc-bonds`), read from `custom:route`.
        route: new StringAttribute({ minLen: 9, maxLen: 9, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, { userPool, groupName: role, description: `Konkurs role ${role}` });
    }

    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) rather than required: contractors register themselves and many small firms have ' +
        'no authenticator; requiring it would block the registration the competitions depend on. Akimat and ' +
        'ministry accounts are administrator-created and can be enrolled in TOTP.',
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials feature plan: the Plus plan (threat protection) has no free tier and is billed for every ' +
        'monthly active user, including the many contractors who only read notifications. Strong password policy, ' +
        'optional TOTP and token revocation are in place; Plus can be switched on without replacing the pool.',
    });
    return userPool;
  }

  private createPortalClient(userPool: UserPool): UserPoolClient {
    const portalUrl = String(this.node.tryGetContext('portalUrl') ?? statefulContext.portalUrl);
    // Readable attributes become claims of the ID token (custom:kato, custom:bin). They are not writable by the
    // client: tenancy must not be self-declared, so only an administrator (or a trusted backend) sets them.
    const readAttributes = new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes('kato', 'bin', 'route');
    const writeAttributes = new ClientAttributes().withStandardAttributes({ email: true, fullname: true });
    return userPool.addClient('PortalClient', {
      // A browser app cannot keep a secret: a public client using the authorization-code flow with PKCE (the
      // portal sends code_challenge; Cognito verifies it on the token request).
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [portalUrl],
        logoutUrls: [portalUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      readAttributes,
      writeAttributes,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }

  private createHostedUiDomain(userPool: UserPool): void {
    const prefix = this.node.tryGetContext('authDomainPrefix') as string | undefined;
    if (!prefix) return;
    const domain = userPool.addDomain('HostedUiDomain', { cognitoDomain: { domainPrefix: prefix } });
    new CfnOutput(this, 'HostedUiUrl', { value: domain.baseUrl() });
  }
}
