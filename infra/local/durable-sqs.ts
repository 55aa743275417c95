/**
 * Makes fauxqs (an in-memory SQS) as durable as SQS: a write-ahead journal under the data folder records every message
 * a queue accepts and every message a consumer deletes, and is replayed when the queue is created again at the next
 * start. fauxqs itself keeps serving the real SQS wire protocol; only its store is wrapped (through `buildApp`'s
 * `stores` option), so handlers and pollers talk to it through the AWS SDK as before.
 *
 * Each record is written (one `write(2)`, synchronously) inside the request that changes the queue, before fauxqs
 * answers it: what SendMessage acknowledged survives a kill -9 of the process (the kernel holds the write). Records are
 * not fsynced one by one (that protects only against the machine itself crashing); compaction fsyncs its snapshot
 * before it replaces the journal. A message in flight at the stop is visible again at once after the restart (its
 * receive count starts again from 0), as a message whose consumer died is in SQS after its visibility timeout.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The message as fauxqs keeps it (plain data: it is written to the journal as JSON). */
interface FauxqsMessage {
  messageId: string;
  approximateReceiveCount: number;
  approximateFirstReceiveTimestamp?: number;
  [field: string]: unknown;
}

interface FauxqsQueue {
  name: string;
  inflightMessages: Map<string, { message: FauxqsMessage }>;
  enqueue(message: FauxqsMessage): void;
  deleteMessage(receiptHandle: string): boolean;
  purge(): void;
}

interface FauxqsStore {
  createQueue(name: string, url: string, arn: string, attributes?: unknown, tags?: unknown): FauxqsQueue;
  deleteQueue(url: string): boolean;
  getQueue(url: string): FauxqsQueue | undefined;
}

interface FauxqsStoreClass {
  new (): FauxqsStore;
  createMessage(body: string): FauxqsMessage;
}

type JournalRecord =
  | { op: 'put'; q: string; m: FauxqsMessage }
  | { op: 'del'; id: string }
  | { op: 'purge'; q: string };

export const SQS_JOURNAL_FILE = 'sqs-journal.jsonl';

/** fauxqs exports only `buildApp`; its store class is loaded from the file next to it. */
const loadSqsStoreClass = async (): Promise<FauxqsStoreClass> => {
  const app = import.meta.resolve('fauxqs');
  const module = (await import(new URL('./sqs/sqsStore.js', app).href)) as { SqsStore: FauxqsStoreClass };
  return module.SqsStore;
};

/** Reads a journal into the messages still on their queues, in the order they were sent. */
export const readSqsJournal = (file: string): Map<string, { q: string; m: FauxqsMessage }> => {
  const live = new Map<string, { q: string; m: FauxqsMessage }>();
  if (!existsSync(file)) return live;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      continue; // only the last line can be torn, and only its write had not been acknowledged
    }
    if (record.op === 'put') live.set(record.m.messageId, { q: record.q, m: record.m });
    else if (record.op === 'del') live.delete(record.id);
    else if (record.op === 'purge') for (const [id, entry] of live) if (entry.q === record.q) live.delete(id);
  }
  return live;
};

/**
 * Creates a fauxqs SQS store whose queues are journaled to `dataDir/sqs-journal.jsonl`. Messages found in the journal
 * go back on their queue when the runtime creates that queue again.
 */
export const createDurableSqsStore = async (
  dataDir: string,
): Promise<{ store: unknown; close(): void; sendNow(queueUrl: string, body: string): boolean }> => {
  const SqsStore = await loadSqsStoreClass();
  const file = join(dataDir, SQS_JOURNAL_FILE);
  const live = readSqsJournal(file);
  const pending = new Map<string, FauxqsMessage[]>();
  for (const { q, m } of live.values()) {
    const list = pending.get(q) ?? [];
    list.push({ ...m, approximateReceiveCount: 0, approximateFirstReceiveTimestamp: undefined });
    pending.set(q, list);
  }

  let fd: number | undefined;
  let appended = 0;
  /** Rewrites the journal as a snapshot of what is live: written, fsynced, then renamed over the old one. */
  const compact = (): void => {
    if (fd !== undefined) closeSync(fd);
    const temporary = `${file}.tmp`;
    const out = openSync(temporary, 'w');
    let chunk = '';
    for (const { q, m } of live.values()) {
      chunk += `${JSON.stringify({ op: 'put', q, m })}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(out, chunk);
        chunk = '';
      }
    }
    if (chunk) writeSync(out, chunk);
    fsyncSync(out);
    closeSync(out);
    renameSync(temporary, file);
    const directory = openSync(dirname(file), 'r');
    fsyncSync(directory);
    closeSync(directory);
    fd = openSync(file, 'a');
    appended = 0;
  };
  const append = (record: JournalRecord): void => {
    if (fd === undefined) return;
    writeSync(fd, `${JSON.stringify(record)}\n`);
    appended += 1;
    if (appended > 10_000 && appended > 4 * live.size) compact();
  };
  compact();

  const store = new SqsStore();
  const createQueue = store.createQueue.bind(store);
  store.createQueue = (name, url, arn, attributes, tags) => {
    const queue = createQueue(name, url, arn, attributes, tags);
    const enqueue = queue.enqueue.bind(queue);
    const deleteMessage = queue.deleteMessage.bind(queue);
    const purge = queue.purge.bind(queue);
    queue.enqueue = (message) => {
      // A send, or a move to the dead-letter queue (same message id, another queue): journaled before the answer.
      live.set(message.messageId, { q: name, m: message });
      append({ op: 'put', q: name, m: message });
      enqueue(message);
    };
    queue.deleteMessage = (receiptHandle) => {
      const entry = queue.inflightMessages.get(receiptHandle);
      const deleted = deleteMessage(receiptHandle);
      if (deleted && entry && live.get(entry.message.messageId)?.q === name) {
        live.delete(entry.message.messageId);
        append({ op: 'del', id: entry.message.messageId });
      }
      return deleted;
    };
    queue.purge = () => {
      for (const [id, entry] of live) if (entry.q === name) live.delete(id);
      append({ op: 'purge', q: name });
      purge();
    };
    for (const message of pending.get(name) ?? []) enqueue(message);
    pending.delete(name);
    return queue;
  };
  const deleteQueue = store.deleteQueue.bind(store);
  store.deleteQueue = (url) => {
    const queue = store.getQueue(url);
    if (queue) queue.purge();
    return deleteQueue(url);
  };

  return {
    store,
    /** Puts a message on a queue from inside this process, synchronously (journaled like a SendMessage). */
    sendNow: (queueUrl, body) => {
      const queue = store.getQueue(queueUrl);
      if (!queue) return false;
      queue.enqueue(SqsStore.createMessage(body));
      return true;
    },
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
};
