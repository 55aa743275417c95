import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.ts';
import { statSync } from 'node:fs';
const r = await build({ ...esbuildOptions, entryPoints: ['functions/http/bids.ts'], outdir: '.scratch/out', absWorkingDir: process.cwd(), metafile: true, logLevel: 'silent' });
const out = Object.entries(r.metafile.outputs).find(([p]) => p.endsWith('.mjs'))!;
console.log(out[0], statSync(out[0]).size);
const by = new Map<string, number>();
for (const [input, v] of Object.entries(out[1].inputs)) { const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input); const k = m ? m[1] : 'app'; by.set(k, (by.get(k) ?? 0) + v.bytesInOutput); }
console.log([...by].sort((a,b)=>b[1]-a[1]).slice(0,10));
