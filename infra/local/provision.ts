/**
 * Creates the topology's table and queues on the emulators, as the stateful stack does in AWS.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  PutBucketCorsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { queues, table, type QueueName } from '../topology.js';

export interface ProvisionedQueue {
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

/** Creates the table if it does not exist yet and returns its stream ARN. */
export const provisionTable = async (dynamodb: DynamoDBClient, tableName: string): Promise<string> => {
  try {
    const existing = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const streamArn = existing.Table?.LatestStreamArn;
    if (streamArn) return streamArn;
    throw new Error(`table ${tableName} exists without a stream; delete the local data folder to recreate it`);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = [table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const created = await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: table.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
    }),
  );
  const streamArn = created.TableDescription?.LatestStreamArn;
  if (!streamArn) throw new Error('DynamoDB Local created the table without a stream');
  return streamArn;
};

const arnOf = async (sqs: SQSClient, url: string): Promise<string> => {
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`no ARN for queue ${url}`);
  return arn;
};

/**
 * Creates every queue of the topology with its dead-letter queue and redrive policy.
 * `visibilityOverrideSeconds` shortens visibility timeouts for tests, so redeliveries happen in seconds.
 */
export const provisionQueues = async (
  sqs: SQSClient,
  prefix: string,
  visibilityOverrideSeconds?: number,
): Promise<Record<QueueName, ProvisionedQueue>> => {
  const entries = await Promise.all(
    (Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]).map(async ([name, spec]) => {
      const dlq = await sqs.send(
        new CreateQueueCommand({ QueueName: `${prefix}-${name}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86400) } }),
      );
      const dlqUrl = dlq.QueueUrl!;
      const dlqArn = await arnOf(sqs, dlqUrl);
      const queue = await sqs.send(
        new CreateQueueCommand({
          QueueName: `${prefix}-${name}`,
          Attributes: {
            VisibilityTimeout: String(visibilityOverrideSeconds ?? spec.visibilityTimeoutSeconds),
            MessageRetentionPeriod: String(spec.retentionDays * 86400),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: String(spec.maxReceiveCount) }),
          },
        }),
      );
      const url = queue.QueueUrl!;
      return [name, { url, arn: await arnOf(sqs, url), dlqUrl, dlqArn }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<QueueName, ProvisionedQueue>;
};

/**
 * Creates the documents bucket if it does not exist yet, with CORS for the portal's origin: the browser PUTs and GETs
 * the bytes through presigned URLs, as in AWS.
 */
export const provisionBucket = async (s3: S3Client, bucket: string, portalOrigin: string): Promise<void> => {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists)) throw error;
  }
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [portalOrigin],
            AllowedMethods: ['GET', 'PUT', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 600,
          },
        ],
      },
    }),
  );
};
