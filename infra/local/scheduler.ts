/**
 * The local EventBridge schedule: fires each scheduled function at the boundaries of its period as seen by the
 * development clock, so moving the clock forward fires the schedule at once. A jump over several periods fires once,
 * as a late rule would: the handlers must catch up by what is due, not by how often they ran.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { nowMs } from '../../shared/clock.js';
import { functions, type FunctionName, type FunctionSpec } from '../topology.js';
import type { LambdaHost } from './lambda.js';

export interface Scheduler {
  /** Checks at once whether a schedule is due (after the clock moved). */
  kick(): void;
  stop(): Promise<void>;
}

export const startScheduler = (options: { lambdas: LambdaHost; onError: (message: string) => void }): Scheduler => {
  const scheduled = (Object.entries(functions) as [FunctionName, FunctionSpec][]).filter(([, spec]) => spec.schedule);
  const next = new Map<FunctionName, number>();
  const running = new Set<Promise<void>>();
  for (const [name, spec] of scheduled) {
    const period = spec.schedule!.everyMinutes * 60_000;
    next.set(name, Math.ceil(nowMs() / period) * period);
  }

  const tick = (): void => {
    const now = nowMs();
    for (const [name, spec] of scheduled) {
      const due = next.get(name)!;
      if (now < due) continue;
      const period = spec.schedule!.everyMinutes * 60_000;
      next.set(name, (Math.floor(now / period) + 1) * period);
      const event: ScheduledEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: new Date(now).toISOString(),
        region: 'us-east-1',
        resources: [`arn:aws:events:us-east-1:000000000000:rule/konkurs-${name}`],
        detail: {},
      };
      const run = options.lambdas
        .invoke(name, event)
        .then(() => undefined)
        .catch((error: Error) => options.onError(`${name}: ${error.message}`));
      running.add(run);
      void run.finally(() => running.delete(run));
    }
  };

  const timer = setInterval(tick, 1000);
  return {
    kick: tick,
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
};
