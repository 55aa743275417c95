import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const section = (await import('../test/bench/signatures.ts')).default;
const r = await section.run({ root: process.cwd(), workDir: mkdtempSync(join(tmpdir(), 'h6-bench-')), log: (l: string) => console.error(l), local: async () => { throw new Error('no'); } } as any);
console.log(r.console); console.log(r.verdict, r.pass);
