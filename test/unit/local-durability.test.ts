/**
 * The local runtime's durable pieces, without the emulators' servers: the SQS journal replays what was sent and not
 * deleted (moves to a DLQ included), and SES Send events name the ledger entries they confirm.
 */
import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDurableSqsStore, readSqsJournal, SQS_JOURNAL_FILE } from '../../infra/local/durable-sqs.js';
import { EVENT_HEADER, sentMail } from '../../shared/mail/ses-feedback.js';

type Store = {
  createQueue(name: string, url: string, arn: string, attributes?: Record<string, string>): any;
  getQueue(url: string): any;
};

const open = async (dir: string) => {
  const durable = await createDurableSqsStore(dir);
  const store = durable.store as Store;
  const mail = store.createQueue('mail', 'http://q/mail', 'arn:aws:sqs:us-east-1:000000000000:mail');
  const dlq = store.createQueue('mail-dlq', 'http://q/mail-dlq', 'arn:aws:sqs:us-east-1:000000000000:mail-dlq');
  return { durable, mail, dlq };
};

describe('SQS journal', () => {
  it('gives back after a restart what was sent and not deleted, in order, with the same message ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konkurs-journal-'));
    const first = await open(dir);
    for (const body of ['a', 'b', 'c']) first.durable.sendNow('http://q/mail', body);
    const [received] = first.mail.dequeue(1);
    expect(received.Body).toBe('a');
    expect(first.mail.deleteMessage(received.ReceiptHandle)).toBe(true);
    const [inFlight] = first.mail.dequeue(1); // received, never deleted: back after the restart
    expect(inFlight.Body).toBe('b');
    first.durable.close(); // as a kill -9 leaves it: nothing more is written

    const second = await open(dir);
    const again = second.mail.dequeue(10);
    expect(again.map((m: { Body: string }) => m.Body)).toEqual(['b', 'c']);
    expect(again[0].MessageId).toBe(inFlight.MessageId);
    second.durable.close();
  });

  it('keeps a message the redrive policy moved to the dead-letter queue on the dead-letter queue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konkurs-journal-'));
    const durable = await createDurableSqsStore(dir);
    const store = durable.store as Store & { getQueueByArn(arn: string): unknown };
    const dlqArn = 'arn:aws:sqs:us-east-1:000000000000:mail-dlq';
    store.createQueue('mail-dlq', 'http://q/mail-dlq', dlqArn);
    const mail = store.createQueue('mail', 'http://q/mail', 'arn:aws:sqs:us-east-1:000000000000:mail', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
    });
    durable.sendNow('http://q/mail', 'poison');
    const resolve = (arn: string) => store.getQueueByArn(arn);
    expect(mail.dequeue(1, 0, resolve)).toHaveLength(1); // received once, not deleted, visible again at once
    await new Promise((r) => setTimeout(r, 5));
    expect(mail.dequeue(1, 0, resolve)).toHaveLength(0); // the second receive moves it to the DLQ
    durable.close();
    const live = readSqsJournal(join(dir, SQS_JOURNAL_FILE));
    expect([...live.values()].map((e) => [e.q, e.m.body])).toEqual([['mail-dlq', 'poison']]);
  });

  it('ignores a torn last line (a write cut by a kill) and compacts the journal at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konkurs-journal-'));
    const first = await open(dir);
    first.durable.sendNow('http://q/mail', 'kept');
    first.durable.close();
    appendFileSync(join(dir, SQS_JOURNAL_FILE), '{"op":"put","q":"mail","m":{"messageId":"x"');
    const second = await open(dir);
    expect(second.mail.dequeue(10).map((m: { Body: string }) => m.Body)).toEqual(['kept']);
    second.durable.close();
    expect(readFileSync(join(dir, SQS_JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('SES Send events', () => {
  it('name the event and recipients of an email the mailer sent', () => {
    const event = {
      eventType: 'Send',
      mail: { messageId: 'ses-1', destination: ['a@example.kz'], headers: [{ name: EVENT_HEADER.toLowerCase(), value: 'E1' }] },
      send: {},
    };
    expect(sentMail(event, EVENT_HEADER)).toEqual({ eventId: 'E1', recipients: ['a@example.kz'], messageId: 'ses-1' });
  });

  it('say nothing of bounces, complaints or emails without the header', () => {
    expect(sentMail({ eventType: 'Bounce', mail: { destination: ['a@example.kz'] } }, EVENT_HEADER)).toBeUndefined();
    expect(sentMail({ eventType: 'Send', mail: { destination: ['a@example.kz'], headers: [] } }, EVENT_HEADER)).toBeUndefined();
  });
});
