/**
 * The package as users get it, installed as they install it. `packAgent()` packs the repository (`npm pack`)
 * into a cache folder, again whenever a packed input changed, after building it as `npm run build` does if a
 * source is newer than the build (test/e2e/ensure-built.ts, shared with the e2e tests). `prepareApp()`
 * gives each set-up an app folder under `.cache/compat/<id>` holding the set-up's pinned dependencies,
 * installed once with plain `npm install` and reused while its package.json and lock stay as committed; then
 * every run installs the fresh tarball into it with plain `npm i <tarball>` (no flag, no override).
 *
 * Lock directories serialise whoever shares a folder: concurrent test files share the pack, and a Node 24 and
 * a Node 22 run of the suite share each app folder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../e2e/ensure-built.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const CACHE = join(repoRoot, '.cache', 'compat');
export const APPS = fileURLToPath(new URL('./apps/', import.meta.url));

/** First installs download hundreds of packages; a run that never ends must still end. */
const NPM_TIMEOUT_MS = 8 * 60_000;
const LOCK_WAIT_MS = 15 * 60_000;

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** npm's own CLI, run by the Node under test (so engine checks and lifecycle scripts see that Node). */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm?.endsWith('npm-cli.js')) return fromNpm;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'npm');
    if (existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error('npm not found on PATH');
}

/**
 * The environment of a user's shell: none of the npm_* variables the `npm test` that runs us adds (lifecycle,
 * package, and flags such as --offline), except where a user points npm at a registry, cache or proxy.
 */
const KEPT_NPM_CONFIG =
  /^npm_config_(registry|cache|userconfig|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i;

export function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== 'NODE_OPTIONS' && (!/^npm_/i.test(name) || KEPT_NPM_CONFIG.test(name)),
    ),
  );
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnvironment() });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      resolve({ code, stdout, stderr: code === null ? `${stderr}\n(killed after ${ms} ms)` : stderr, ms });
    });
  });
}

export function npm(args: readonly string[], cwd: string): Promise<CommandResult> {
  return run(process.execPath, [npmCli(), ...args], { cwd, timeoutMs: NPM_TIMEOUT_MS });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` holding the lock directory `dir`; a lock whose owner process is gone is taken over. */
export async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  await mkdir(dirname(dir), { recursive: true });
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(dir, 'owner'), 'utf8').catch(() => ''));
      const age = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
      // A lock left by a killed run has a dead owner; ensure-built.ts's build lock names none and goes
      // stale after two minutes, as there.
      if ((owner > 0 && !pidAlive(owner)) || (owner === 0 && age > 120_000)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`${dir} still locked by pid ${owner} after ${LOCK_WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** What `npm run build` and `npm pack` read: a change to any of these means a new tarball. */
async function packInputsHash(): Promise<string> {
  const top = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', '.npmignore'];
  const dashboards = (await readdir(join(repoRoot, 'dashboards'))).filter((name) => name.endsWith('.json'));
  const files = [
    ...top.map((name) => join(repoRoot, name)).filter((path) => existsSync(path)),
    ...dashboards.map((name) => join(repoRoot, 'dashboards', name)),
    ...(await filesUnder(join(repoRoot, 'src'))),
    // Build steps beyond tsc (the SDK bundle) live there.
    ...(existsSync(join(repoRoot, '.ci')) ? await filesUnder(join(repoRoot, '.ci')) : []),
  ];
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(relative(repoRoot, file))
      .update('\0')
      .update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/** The lock test/e2e/ensure-built.ts takes around the build: packing waits until dist/ is whole. */
const BUILD_LOCK = join(
  tmpdir(),
  `zscaler-otel-agent-build-${Buffer.from(repoRoot).toString('hex').slice(-16)}.lock`,
);

export interface PackedAgent {
  /** Absolute paths of what `npm pack` produced. */
  readonly tarballs: readonly string[];
  readonly hash: string;
  /** Build and pack time when this call made them; 0 when reused. */
  readonly ms: number;
}

/**
 * The packed agent: built and packed from this tree, or, with COMPAT_AGENT_TARBALLS (comma-separated paths),
 * tarballs made elsewhere (a release candidate, an older commit to see the suite fail).
 */
export function packAgent(): Promise<PackedAgent> {
  const given = process.env.COMPAT_AGENT_TARBALLS;
  if (given)
    return Promise.resolve({
      tarballs: given.split(',').map((path) => resolve(path)),
      hash: `given: ${given}`,
      ms: 0,
    });
  return withLock(join(CACHE, 'pack.lock'), async () => {
    const hash = await packInputsHash();
    const dir = join(CACHE, 'pack', hash);
    const done = join(dir, 'packed.json');
    if (existsSync(done)) return { ...JSON.parse(await readFile(done, 'utf8')), ms: 0 } as PackedAgent;
    const started = performance.now();
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    // Builds as `npm run build` does when a source is newer than dist/, under the lock the e2e tests share:
    // rebuilding a fresh dist/ would rewrite files their apps are loading at that moment.
    ensureBuilt();
    const packed = await withBuildLock(() =>
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], repoRoot),
    );
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
    const names = (JSON.parse(packed.stdout) as { filename: string }[]).map((entry) => entry.filename);
    const agent = { tarballs: names.map((name) => join(dir, name)), hash };
    await writeFile(done, JSON.stringify(agent));
    await removeOldPacks(hash);
    return { ...agent, ms: performance.now() - started };
  });
}

function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  return withLock(BUILD_LOCK, work);
}

/** Keeps the pack folder small; a pack younger than an hour may still be in use by a concurrent run. */
async function removeOldPacks(current: string): Promise<void> {
  const root = join(CACHE, 'pack');
  for (const name of await readdir(root)) {
    if (name === current) continue;
    const info = await stat(join(root, name)).catch(() => undefined);
    if (info !== undefined && Date.now() - info.mtimeMs > 3_600_000)
      await rm(join(root, name), { recursive: true, force: true });
  }
}

export interface AppFolder {
  readonly id: string;
  readonly dir: string;
  /** The set-up's own dependencies: installed now (with the time it took) or reused. */
  readonly base: { readonly reused: boolean; readonly ms: number };
}

const BASE_FILES = ['package.json', 'package-lock.json'];

/**
 * The set-up's app folder with its pinned dependencies installed (once) and its app files copied in (every
 * run). Call inside `withAppLock(id)`.
 */
export async function prepareApp(id: string): Promise<AppFolder> {
  const source = join(APPS, id);
  const dir = join(CACHE, id);
  const saved = join(dir, '.base');
  const key = createHash('sha256');
  for (const name of BASE_FILES)
    if (existsSync(join(source, name))) key.update(await readFile(join(source, name)));
  const wanted = key.digest('hex');
  const stamp = join(saved, 'stamp.json');
  const installed = existsSync(stamp)
    ? (JSON.parse(await readFile(stamp, 'utf8')) as { key: string })
    : undefined;
  let base: AppFolder['base'];
  if (installed?.key === wanted && existsSync(join(dir, 'node_modules'))) {
    // The last run's `npm i <tarball>` changed package.json and the lock: start again from the set-up's own.
    for (const name of BASE_FILES) await cp(join(saved, name), join(dir, name));
    base = { reused: true, ms: 0 };
  } else {
    await rm(dir, { recursive: true, force: true });
    await mkdir(saved, { recursive: true });
    for (const name of BASE_FILES)
      if (existsSync(join(source, name))) await cp(join(source, name), join(dir, name));
    const result = await npm(['install'], dir);
    if (result.code !== 0)
      throw new Error(`npm install of ${id} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    for (const name of BASE_FILES) await cp(join(dir, name), join(saved, name));
    await writeFile(stamp, JSON.stringify({ key: wanted, ms: result.ms, node: process.version }));
    base = { reused: false, ms: result.ms };
  }
  for (const name of await readdir(source))
    if (!BASE_FILES.includes(name)) await cp(join(source, name), join(dir, name));
  await cp(join(APPS, 'driver.cjs'), join(dir, 'driver.cjs'));
  return { id, dir, base };
}

export function withAppLock<T>(id: string, work: () => Promise<T>): Promise<T> {
  return withLock(join(CACHE, `${id}.lock`), work);
}

/** `npm i <tarball>` exactly as a user types it. */
export function installAgent(app: AppFolder, agent: PackedAgent): Promise<CommandResult> {
  return npm(['i', ...agent.tarballs.map((path) => relative(app.dir, path))], app.dir);
}

export interface PackageCopy {
  /** Relative to the app folder. */
  readonly path: string;
  readonly version: string;
}

/** Every copy of a package in the app's node_modules tree, nested ones included. */
export async function packageCopies(app: AppFolder, name: string): Promise<PackageCopy[]> {
  const copies: PackageCopy[] = [];
  for await (const modules of nodeModulesFolders(join(app.dir, 'node_modules'))) {
    const manifest = join(modules, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
    copies.push({ path: relative(app.dir, join(modules, name)), version });
  }
  return copies.sort((a, b) => a.path.localeCompare(b.path));
}

/** `dir` and every node_modules folder nested in the packages under it (scoped ones included). */
async function* nodeModulesFolders(dir: string): AsyncGenerator<string> {
  yield dir;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const packages = entry.name.startsWith('@')
      ? (await readdir(join(dir, entry.name))).map((name) => join(dir, entry.name, name))
      : [join(dir, entry.name)];
    for (const pkg of packages)
      if (existsSync(join(pkg, 'node_modules'))) yield* nodeModulesFolders(join(pkg, 'node_modules'));
  }
}
