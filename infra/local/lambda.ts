/**
 * Loads the topology's handlers from source and invokes them as Lambda would: one event, a Context, the function's
 * timeout. The same modules the CDK app bundles; no local-only code path inside them.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functions, localConcurrency, type FunctionName, type FunctionSpec } from '../topology.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class InvocationTimeoutError extends Error {
  override name = 'InvocationTimeoutError';
}

export interface LambdaHost {
  /** `slot` picks one of a queue-triggered function's concurrent containers (0 when absent). */
  invoke(name: FunctionName, event: unknown, slot?: number): Promise<unknown>;
}

const contextFor = (name: FunctionName, deadline: number): Context => {
  const spec = functions[name];
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `konkurs-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:konkurs-${name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/konkurs-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/**
 * Imports every handler as Lambda would run it: one warm container per function, and as many as the event source's
 * maximum concurrency for queue-triggered ones, each a separate module instance with its own module-scope state
 * (clients, the mailer's pacer), so per-container limits hold as they do in AWS.
 */
export const loadLambdas = async (root: string): Promise<LambdaHost> => {
  const handlers = new Map<FunctionName, Handler[]>();
  for (const name of Object.keys(functions) as FunctionName[]) {
    const spec = functions[name] as FunctionSpec;
    const href = pathToFileURL(resolve(root, spec.entry)).href;
    const containers: Handler[] = [];
    for (let slot = 0; slot < (spec.queue ? localConcurrency(spec.queue) : 1); slot += 1) {
      const module = (await import(slot === 0 ? href : `${href}?container=${slot}`)) as { handler?: Handler };
      if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
      containers.push(module.handler);
    }
    handlers.set(name, containers);
  }
  return {
    invoke: async (name, event, slot = 0) => {
      const containers = handlers.get(name)!;
      const handler = containers[slot % containers.length]!;
      const timeoutMs = functions[name].timeoutSeconds * 1000;
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new InvocationTimeoutError(`${name} timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([handler(event, contextFor(name, deadline)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
};
