/**
 * Child-process tests run the built package (dist/), as users do. `ensureBuilt()` builds it as `npm run build`
 * does (tsc, then the SDK bundle) when any source file is newer than the build or dist/sdk/index.js is not the
 * bundle, once across concurrent test files (a lock directory serialises them).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const BUNDLE = join(repoRoot, 'dist/sdk/index.js');
// The first line .ci/bundle-sdk.mjs writes: tsc's own dist/sdk/index.js (a run of tsc alone) lacks it.
const BUNDLE_MARK = '/* zscaler-otel-agent: bundled OpenTelemetry JS SDK';
const OUTPUTS = [
  'dist/index.js',
  'dist/agent/register.js',
  'dist/agent/register.mjs',
  'dist/sdk/index.js',
].map((path) => join(repoRoot, path));
// What the build reads besides src/: the bundle's externals come from package.json.
const BUILD_INPUTS = ['package.json', '.ci/bundle-sdk.mjs'].map((path) => join(repoRoot, path));
const LOCK = join(
  tmpdir(),
  `zscaler-otel-agent-build-${Buffer.from(repoRoot).toString('hex').slice(-16)}.lock`,
);
const LOCK_STALE_MS = 120_000;

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBundle(path: string): boolean {
  const head = Buffer.alloc(BUNDLE_MARK.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('utf8') === BUNDLE_MARK;
}

function isFresh(): boolean {
  if (!OUTPUTS.every((path) => existsSync(path)) || !isBundle(BUNDLE)) return false;
  const built = Math.min(...OUTPUTS.map((path) => statSync(path).mtimeMs));
  const inputs = Math.max(...BUILD_INPUTS.map((path) => statSync(path).mtimeMs));
  return built >= Math.max(inputs, newestSourceMtime(join(repoRoot, 'src')));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      // A lock left by a killed run must not block every later one.
      const lockedAt = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > LOCK_STALE_MS) rmSync(LOCK, { force: true, recursive: true });
      sleep(200);
    }
  }
}

export function ensureBuilt(): void {
  if (isFresh()) return;
  acquireLock();
  try {
    if (isFresh()) return;
    try {
      execFileSync(
        process.execPath,
        [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        {
          cwd: repoRoot,
          stdio: 'pipe',
        },
      );
    } catch (error) {
      // tsc still emits when it reports type errors (often another module's work in progress); only a
      // missing output is fatal here. `npm test` type-checks the whole tree separately.
      if (!OUTPUTS.every((path) => existsSync(path))) throw error;
    }
    // The second half of `npm run build`: the SDK bundle over tsc's dist/sdk/index.js.
    execFileSync(process.execPath, [join(repoRoot, '.ci/bundle-sdk.mjs')], { cwd: repoRoot, stdio: 'pipe' });
  } finally {
    rmSync(LOCK, { force: true, recursive: true });
  }
}
