/**
 * Loads the topology's handlers from source and invokes them as Lambda would: one event, a Context, the function's
 * timeout. The same modules the CDK app bundles; no local-only code path inside them.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functions, type FunctionName } from '../topology.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class InvocationTimeoutError extends Error {
  override name = 'InvocationTimeoutError';
}

export interface LambdaHost {
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
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

/** Imports every handler once (a warm container per function) and invokes them with their timeouts. */
export const loadLambdas = async (root: string): Promise<LambdaHost> => {
  const handlers = new Map<FunctionName, Handler>();
  for (const name of Object.keys(functions) as FunctionName[]) {
    const module = (await import(pathToFileURL(resolve(root, functions[name].entry)).href)) as { handler?: Handler };
    if (typeof module.handler !== 'function') throw new Error(`${functions[name].entry} does not export a handler`);
    handlers.set(name, module.handler);
  }
  return {
    invoke: async (name, event) => {
      const handler = handlers.get(name)!;
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
