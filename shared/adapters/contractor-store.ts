/**
 * DynamoDB adapter of the contractor port. Subscription items exist only for verified contractors, so matching reads
 * nothing but recipients.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ConflictError } from '../errors.js';
import type { Contractor, Subscription } from '../domain/contractor.js';
import { keys } from '../keys.js';
import type { ContractorStore, PendingVerification } from '../use-cases/contractors.js';
import { eventPut, TABLE, transact } from './table.js';

const toContractor = (item: Record<string, unknown>): Contractor => {
  const { PK: _pk, SK: _sk, kind: _kind, ...rest } = item;
  return rest as unknown as Contractor;
};

/** The stored profile of a contractor. Pure, so the demo-data seeder writes exactly what this adapter writes. */
export const contractorItem = (contractor: Contractor): Record<string, unknown> => ({
  ...keys.contractor(contractor.bin),
  kind: 'contractor',
  ...contractor,
});

/** The item resolving a contractor's one-click unsubscribe token to its BIN. */
export const unsubscribeItem = (contractor: Contractor & { unsubscribeToken: string }): Record<string, unknown> => ({
  ...keys.unsubscribe(contractor.unsubscribeToken),
  kind: 'unsubscribe',
  bin: contractor.bin,
});

/** A matching entry: what the fan-out needs to address the email, without reading the profile. */
export const subscriptionItem = (contractor: Contractor, s: Subscription) => ({
  ...keys.subscription(s.kato, s.sector, contractor.bin),
  kind: 'subscription',
  bin: contractor.bin,
  email: contractor.email,
  language: contractor.language,
  name: contractor.name,
  ...(contractor.unsubscribeToken ? { unsubscribeToken: contractor.unsubscribeToken } : {}),
});

export const contractorStore: ContractorStore = {
  register: async (contractor, verification, event) => {
    const key = keys.contractor(contractor.bin);
    await transact(
      [
        { Put: { TableName: TABLE, Item: contractorItem(contractor), ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Put: {
            TableName: TABLE,
            Item: { ...keys.verification(verification.tokenHash), kind: 'verification', bin: verification.bin, expiresAt: verification.expiresAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...(contractor.unsubscribeToken
          ? [{ Put: { TableName: TABLE, Item: unsubscribeItem({ ...contractor, unsubscribeToken: contractor.unsubscribeToken }) } }]
          : []),
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

  findByUnsubscribeToken: async (token) => {
    const link = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.unsubscribe(token) }));
    return link.Item ? contractorStore.get(link.Item.bin as string) : undefined;
  },

  unsubscribe: async (contractor, event) => contractorStore.replaceSubscriptions(contractor, [], event),

  replaceSubscriptions: async (contractor, next, event) => {
    const key = keys.contractor(contractor.bin);
    const id = (s: Subscription) => `${s.kato}#${s.sector}`;
    const before = new Set(contractor.subscriptions.map(id));
    const after = new Set(next.map(id));
    const changes =
      contractor.status === 'verified'
        ? [
            ...contractor.subscriptions
              .filter((s) => !after.has(id(s)))
              .map((s) => ({ Delete: { TableName: TABLE, Key: keys.subscription(s.kato, s.sector, contractor.bin) } })),
            ...next.filter((s) => !before.has(id(s))).map((s) => ({ Put: { TableName: TABLE, Item: subscriptionItem(contractor, s) } })),
          ]
        : [];
    const profile = [
      {
        Update: {
          TableName: TABLE,
          Key: key,
          UpdateExpression: 'SET subscriptions = :next',
          ConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':next': next, ':status': contractor.status },
        },
      },
      eventPut(key.PK, event),
    ];
    // A transaction holds 100 items: larger changes go first in chunks (each idempotent), the profile last.
    for (let i = 0; i + 98 < changes.length; i += 98) {
      await transact(changes.slice(i, i + 98), () => new ConflictError('the subscriptions changed meanwhile'));
    }
    const tail = changes.slice(Math.floor(Math.max(changes.length - 1, 0) / 98) * 98);
    await transact([...tail, ...profile], () => new ConflictError('the contractor changed meanwhile; try again'));
  },

  resendVerification: async (contractor, next, verification, event) => {
    const key = keys.contractor(contractor.bin);
    // The limit as a condition (so concurrent resends cannot exceed it), and the counters as read (so the SET of the
    // new count is right).
    const asRead =
      contractor.verificationResends === undefined
        ? 'attribute_not_exists(verificationResends)'
        : 'verificationResends = :readResends AND verificationResendDay = :readDay';
    await transact(
      [
        {
          Update: {
            TableName: TABLE,
            Key: key,
            UpdateExpression: 'SET verificationSentAt = :at, verificationResendDay = :day, verificationResends = :resends, verificationTokenHash = :hash',
            ConditionExpression: [
              '#status = :pending',
              '(attribute_not_exists(verificationSentAt) OR verificationSentAt <= :earliest)',
              '(attribute_not_exists(verificationResendDay) OR verificationResendDay <> :day OR verificationResends < :perDay)',
              asRead,
            ].join(' AND '),
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'pending',
              ':at': next.sentAt,
              ':day': next.day,
              ':resends': next.resends,
              ':hash': verification.tokenHash,
              ':earliest': next.earliestLastSent,
              ':perDay': next.perDay,
              ...(contractor.verificationResends === undefined
                ? {}
                : { ':readResends': contractor.verificationResends, ':readDay': contractor.verificationResendDay }),
            },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { ...keys.verification(verification.tokenHash), kind: 'verification', bin: verification.bin, expiresAt: verification.expiresAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        // The previous link stops working (registrations before this rule kept no hash: their link lives out its TTL).
        ...(contractor.verificationTokenHash ? [{ Delete: { TableName: TABLE, Key: keys.verification(contractor.verificationTokenHash) } }] : []),
        eventPut(key.PK, event),
      ],
      () => new ConflictError('the contractor changed meanwhile, or a verification email was sent too recently'),
    );
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
        ...contractor.subscriptions.map((s) => ({ Put: { TableName: TABLE, Item: subscriptionItem(contractor, s) } })),
        eventPut(key.PK, event),
      ],
      () => new ConflictError('this verification token was already used'),
    );
  },
};
