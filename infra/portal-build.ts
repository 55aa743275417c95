/**
 * Keeps the portal's static build (`web/dist`) up to date: when the build is missing or older than the portal's
 * sources (or the shared domain modules it bundles), Vite rebuilds it. `npm start` runs the build in a child process
 * beside the emulators' start-up, so it costs almost nothing of the start budget (a build takes about a second);
 * `cdk synth` builds before packaging, as it bundles the functions.
 *
 * The new build is written to a temporary folder and swapped in, so a portal already serving `web/dist` never reads
 * a half-written build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the bundle is made of: a change to any of these makes the build stale. */
const SOURCES = ['web/index.html', 'web/vite.config.ts', 'web/src', 'web/public', 'shared/domain', 'shared/signing'];

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
};

/** Why the build must be (re)made, or undefined when `web/dist` is current. */
export const portalBuildReason = (root: string): 'missing' | 'stale' | undefined => {
  const built = join(root, 'web', 'dist', 'index.html');
  if (!existsSync(built)) return 'missing';
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > builtAt) ? 'stale' : undefined;
};

const viteArgs = (root: string, outDir: string): string[] => [
  join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
  'build',
  '--config',
  join(root, 'web', 'vite.config.ts'),
  '--outDir',
  outDir,
  '--emptyOutDir',
];

const runVite = (root: string, outDir: string): Promise<void> =>
  new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, viteArgs(root, outDir), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`vite build exited with ${code}: ${stderr.trim()}`))));
  });

/**
 * Builds the portal when its build is missing or stale.
 *
 * @returns what happened: `current` (nothing to do), `built`, or `skipped` (no portal sources or no Vite here)
 * @throws when Vite fails: the caller decides whether the API may start without a portal
 */
export const ensurePortalBuilt = async (root: string): Promise<'current' | 'built' | 'skipped'> => {
  if (!canBuild(root)) return 'skipped';
  if (!portalBuildReason(root)) return 'current';
  const stamp = `${process.pid}-${Date.now()}`;
  const dist = join(root, 'web', 'dist');
  const fresh = join(root, 'web', `.dist-${stamp}`);
  const old = join(root, 'web', `.dist-old-${stamp}`);
  try {
    await runVite(root, fresh);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(fresh, dist);
    return 'built';
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
};

/**
 * Builds the portal into `outDir` synchronously (CDK constructs are built synchronously), for `cdk synth`: a build of
 * its own in the cloud assembly, so synthesis never touches the `web/dist` a running portal or another synthesis reads.
 *
 * @returns `outDir`, or undefined when this checkout cannot build the portal (no sources or no Vite)
 * @throws when Vite fails, as a failed function bundle fails synthesis
 */
export const buildPortalSync = (root: string, outDir: string): string | undefined => {
  if (!canBuild(root)) return undefined;
  const result = spawnSync(process.execPath, viteArgs(root, outDir), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build of the portal exited with ${result.status}: ${(result.stderr ?? '').trim()}`);
  return outDir;
};

const canBuild = (root: string): boolean =>
  existsSync(join(root, 'web', 'index.html')) && existsSync(join(root, 'node_modules', 'vite', 'bin', 'vite.js'));
