/**
 * SQS adapter of the job queue: mail jobs and match continuations, sent in batches of ten.
 */
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../aws/sqs.js';
import { queueUrl } from '../config.js';
import type { JobQueue } from '../use-cases/matching.js';

/** Sends messages in batches of ten, a few batches at a time; any refused entry fails the whole call. */
export const sendBatches = async (url: string, bodies: readonly unknown[]): Promise<void> => {
  const chunks: unknown[][] = [];
  for (let i = 0; i < bodies.length; i += 10) chunks.push(bodies.slice(i, i + 10));
  for (let i = 0; i < chunks.length; i += 8) {
    await Promise.all(
      chunks.slice(i, i + 8).map(async (chunk) => {
        const result = await sqs.send(
          new SendMessageBatchCommand({ QueueUrl: url, Entries: chunk.map((body, n) => ({ Id: String(n), MessageBody: JSON.stringify(body) })) }),
        );
        if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} message(s): ${result.Failed[0]?.Message}`);
      }),
    );
  }
};

export const jobQueue: JobQueue = {
  sendMail: (jobs) => sendBatches(queueUrl('mail'), jobs),
  sendMatch: async (job) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('match'), MessageBody: JSON.stringify(job) }));
  },
};
