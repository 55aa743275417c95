/**
 * Fault injection for the local runtime (never in AWS): a proxy in front of the SES emulator that answers a share of
 * calls as SES does when throttling, and a switch that makes the next invocations of a function "die" after they did
 * their work (the worst case for duplicates). Set with `POST /dev/faults`; tests use them to prove nothing is lost
 * and nothing is sent twice.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { FunctionName } from '../topology.js';
import type { LambdaHost } from './lambda.js';
import { listen } from './listen.js';

export interface Faults {
  /** Share (0–1) of SES calls answered with 429 TooManyRequestsException. */
  sesThrottleRate: number;
  /** Per function: how many coming invocations fail after the handler returned. */
  crashAfterInvoke: Partial<Record<FunctionName, number>>;
  /** Counters, for tests to see the faults happened. */
  readonly counters: { sesThrottled: number; sesPassed: number; crashes: number };
}

export const createFaults = (): Faults => ({
  sesThrottleRate: 0,
  crashAfterInvoke: {},
  counters: { sesThrottled: 0, sesPassed: 0, crashes: 0 },
});

/** Wraps a Lambda host: an invocation marked to crash runs fully, then reports a failure (as if the container died). */
export const withCrashes = (lambdas: LambdaHost, faults: Faults): LambdaHost => ({
  invoke: async (name, event, slot) => {
    const result = await lambdas.invoke(name, event, slot);
    const left = faults.crashAfterInvoke[name] ?? 0;
    if (left > 0) {
      faults.crashAfterInvoke[name] = left - 1;
      faults.counters.crashes += 1;
      throw new Error(`fault injection: ${name} died after doing its work`);
    }
    return result;
  },
});

/** An HTTP proxy to the SES emulator that throttles a share of the sends. */
export const startSesProxy = async (target: string, faults: Faults): Promise<{ server: Server; url: string }> => {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isSend = req.method === 'POST' && (req.url ?? '').startsWith('/v2/email/outbound');
      if (isSend && Math.random() < faults.sesThrottleRate) {
        faults.counters.sesThrottled += 1;
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
        res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
        return;
      }
      if (isSend) faults.counters.sesPassed += 1;
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamResponse) => {
          res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          upstreamResponse.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  const { port } = await listen(server, 0, 'the SES fault proxy port');
  return { server, url: `http://127.0.0.1:${port}` };
};
