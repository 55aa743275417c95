/**
 * DynamoDB adapter of the contractor port. Subscription items exist only for verified contractors, so matching reads
 * nothing but recipients.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ConflictError } from '../errors.js';
import type { Contractor } from '../domain/contractor.js';
import { keys } from '../keys.js';
import type { ContractorStore, PendingVerification } from '../use-cases/contractors.js';
import { eventPut, TABLE, transact } from './table.js';

const toContractor = (item: Record<string, unknown>): Contractor => {
  const { PK: _pk, SK: _sk, kind: _kind, ...rest } = item;
  return rest as unknown as Contractor;
};

export const contractorStore: ContractorStore = {
  register: async (contractor, verification, event) => {
    const key = keys.contractor(contractor.bin);
    await transact(
      [
        { Put: { TableName: TABLE, Item: { ...key, kind: 'contractor', ...contractor }, ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Put: {
            TableName: TABLE,
            Item: { ...keys.verification(verification.tokenHash), kind: 'verification', bin: verification.bin, expiresAt: verification.expiresAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        eventPut(key.PK, event),
      ],
      () => new ConflictError(`BIN ${contractor.bin} is already registered`, [{ path: 'bin', message: 'already registered' }]),
    );
  },

  get: async (bin) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.contractor(bin) }));
    return result.Item ? toContractor(result.Item) : undefined;
  },

  findVerification: async (tokenHash) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: TABLE, Key: keys.verification(tokenHash), ConsistentRead: true }),
    );
    return result.Item ? (result.Item as unknown as PendingVerification) : undefined;
  },

  verify: async (contractor, tokenHash, verifiedAt, event) => {
    const key = keys.contractor(contractor.bin);
    await transact(
      [
        {
          Update: {
            TableName: TABLE,
            Key: key,
            UpdateExpression: 'SET #status = :verified, verifiedAt = :at',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':verified': 'verified', ':pending': 'pending', ':at': verifiedAt },
          },
        },
        { Delete: { TableName: TABLE, Key: keys.verification(tokenHash), ConditionExpression: 'attribute_exists(PK)' } },
        ...contractor.subscriptions.map((s) => ({
          Put: {
            TableName: TABLE,
            Item: {
              ...keys.subscription(s.kato, s.sector, contractor.bin),
              kind: 'subscription',
              bin: contractor.bin,
              email: contractor.email,
              language: contractor.language,
              name: contractor.name,
            },
          },
        })),
        eventPut(key.PK, event),
      ],
      () => new ConflictError('this verification token was already used'),
    );
  },
};
