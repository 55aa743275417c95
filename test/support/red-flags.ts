/**
 * A competition the red-flag rules flag, written straight to DynamoDB Local as the award would leave it: awarded 30 days
 * after publication (the tender period at the legal minimum) to its only bid at 99.5 % of the estimate, with the
 * `competition.awarded` event in the outbox. The aggregator raises `single-bidder`, `high-price` and
 * `minimum-period-one-bid` for it.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { bidItem } from '../../shared/adapters/bid-store.js';
import { competitionItem } from '../../shared/adapters/competition-store.js';
import { eventPut } from '../../shared/adapters/table.js';
import { makeEvent } from '../../shared/domain/events.js';
import { IMPORT_ACTOR } from '../../shared/domain/imported-history.js';
import { computePeriods } from '../../shared/domain/periods.js';
import { keys } from '../../shared/keys.js';
import { aBid, aCompetition } from './factories.js';
import { clockNow, documentClient } from './local.js';

export const seedFlaggedAward = async (kato: string): Promise<{ id: string }> => {
  const now = await clockNow();
  const publishedAt = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const periods = computePeriods(new Date(publishedAt));
  const winner = aBid({ price: '995000000' });
  const competition = aCompetition({
    kato,
    status: 'active.awarded',
    estimatedValue: '1000000000',
    publishedAt,
    ...periods,
    bidsOpenedAt: periods.tenderPeriod.endDate,
    award: { bin: winner.bin, price: winner.price, at: now.toISOString() },
  } as never);
  const bid = { ...winner, competitionId: competition.id };
  const awarded = makeEvent('competition.awarded', {
    at: now.toISOString(),
    actor: IMPORT_ACTOR,
    subject: { kind: 'competition', id: competition.id },
    data: { bin: bid.bin, price: bid.price },
  });
  const client = documentClient();
  await client.send(new PutCommand({ TableName: 'konkurs', Item: competitionItem(competition) }));
  await client.send(new PutCommand({ TableName: 'konkurs', Item: bidItem(bid) }));
  await client.send(new PutCommand({ TableName: 'konkurs', Item: eventPut(keys.competition(competition.id).PK, awarded).Put!.Item! }));
  return { id: competition.id };
};
