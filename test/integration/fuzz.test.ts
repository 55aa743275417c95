/**
 * Fuzz: inputs generated (fast-check) for every operation of the OpenAPI document the API serves, with tokens of a
 * role the operation admits so requests get past authorization. For each generated request:
 * - no 5xx;
 * - every 400/422 carries `fields`, and names the field the case broke;
 * - nothing invalid is accepted: a 2xx on a request the document's own schemas refuse is a failure;
 * - a body of the wrong content type is answered 415, malformed JSON 400.
 *
 * Deterministic: the seed is `FUZZ_SEED` (default below) and is printed with every failure; rerun a failure with
 * `FUZZ_SEED=<seed> npx vitest run test/integration/fuzz.test.ts`. Requests that the document considers valid are sent
 * only to GET operations (so the fuzz never writes valid data into the shared store).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { casesFor, describeCase, operationsOf, urlOf, verdict, type DocOperation, type FuzzCase, type Hints, type Observed } from '../support/openapi-fuzz.js';
import { api, local, seedProject, tokenFor, uniqueBin } from '../support/local.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
/** Requests sent in all (at least), spread evenly over the operations. */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 3_300);
/** Requests in flight at once: the gateway is local and shared with the pollers. */
const PARALLEL = 8;


const send = async (c: FuzzCase, tokens: Record<string, string>): Promise<Observed> => {
  const headers: Record<string, string> = {};
  if (c.role) headers.authorization = `Bearer ${tokens[c.role]}`;
  if (c.contentType) headers['content-type'] = c.contentType;
  const response = await fetch(`${local().api}${urlOf(c)}`, {
    method: c.operation.method,
    headers,
    ...(c.body !== undefined ? { body: c.body } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // HTML or CSV
  }
  return { status: response.status, body };
};

/** The cases to send, deterministic for the seed: each operation's share, valid writes left out. */
const generate = (operations: readonly DocOperation[], hints: Hints): FuzzCase[] => {
  const share = Math.ceil(TOTAL / operations.length);
  return operations.flatMap((operation, i) => {
    const picked: FuzzCase[] = [];
    for (let attempt = 0; attempt < 4 && picked.length < share; attempt++) {
      const sample = fc.sample(casesFor(operation, hints), { seed: SEED + i * 7919 + attempt, numRuns: share });
      for (const c of sample) if (picked.length < share && (operation.method === 'GET' || !c.validByDocument)) picked.push(c);
    }
    return picked;
  });
};

describe('fuzz: every operation of the OpenAPI document', () => {
  let operations: DocOperation[];
  const tokens: Record<string, string> = {};
  const hints: Record<string, unknown[]> = {};

  beforeAll(async () => {
    const document = await api('/openapi.json');
    expect(document.status).toBe(200);
    operations = operationsOf(document.body);
    tokens.akimat = await tokenFor({ role: 'akimat', kato: '350000000' });
    const bin = uniqueBin();
    tokens.contractor = await tokenFor({ role: 'contractor', bin });
    tokens.ministry = await tokenFor({ role: 'ministry' });
    tokens.financier = await tokenFor({ role: 'financier', route: 'dbk-banks' });
    // A real draft competition and project, so some cases get past the look-up into the use cases.
    const project = await seedProject();
    const created = await api('/competitions', {
      token: tokens.akimat,
      body: { projectId: project.id, title: { ru: 'Фазз-конкурс' }, estimatedValue: '1000000' },
    });
    expect(created.status).toBe(201);
    // Values the document describes loosely (`bin` is a string there; the handler checks its checksum).
    Object.assign(hints, {
      id: [created.body.id as string],
      projectId: [project.id],
      competitionId: [created.body.id as string],
      bin: [bin],
      kato: ['350000000'],
      region: ['350000000'],
      email: ['fuzz@example.kz'],
      phone: ['+7 701 234 56 78'],
    });
  });

  it(`answers ${TOTAL}+ generated requests without a 5xx, naming every refused field and accepting nothing invalid (seed ${SEED})`, { timeout: 240_000 }, async () => {
    // Prepare
    const cases = generate(operations, hints);
    const failures: { c: FuzzCase; r: Observed; problem: string }[] = [];
    const statuses = new Map<number, number>();

    // Act
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const r = await send(c, tokens);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          const problem = verdict(c, r);
          if (problem) failures.push({ c, r, problem });
        }
      }),
    );

    // Assess
    const summary = `fuzz seed ${SEED}: ${cases.length} requests over ${operations.length} operations; statuses ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`;
    process.stderr.write(`${summary}\n`);
    const groups = new Map<string, { count: number; example: string }>();
    for (const { c, r, problem } of failures) {
      const key = `${c.operation.method} ${c.operation.path} · ${c.mutation.kind} ${c.mutation.target ?? ''} · ${problem.replace(/\d{3}/, (s) => s)}`;
      const group = groups.get(key) ?? { count: 0, example: `${describeCase(c)} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}` };
      group.count += 1;
      groups.set(key, group);
    }
    const report = [...groups].map(([key, g]) => `${g.count} × ${key}\n    e.g. ${g.example}`).join('\n');
    expect(cases.length).toBeGreaterThanOrEqual(3_000);
    expect(failures.length, `FUZZ_SEED=${SEED}: ${failures.length} failures\n${report}\n${summary}`).toBe(0);
  });
});
