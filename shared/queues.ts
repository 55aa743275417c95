/**
 * The names of Konkurs' queues and the environment variables that carry their URLs to the functions that send to
 * them. The topology (`infra/topology.ts`) describes each queue's settings under these names; runtime code needs only
 * the names, so it imports this module and never the topology.
 */
export const QUEUE_NAMES = ['mail', 'match', 'deadline', 'sesFeedback', 'ocds', 'monitoring', 'streamFailures'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Environment variable that carries a queue's URL to the functions that send to it (`QUEUE_URL_SES_FEEDBACK`). */
export const queueUrlEnv = (queue: QueueName): string =>
  `QUEUE_URL_${queue.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
