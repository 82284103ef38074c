/**
 * Child-process tests run the built package (dist/), as users do. `ensureBuilt()` builds it when any source
 * file is newer than the build, once across concurrent test files (a lock directory serialises them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const OUTPUTS = ['dist/index.js', 'dist/agent/register.js', 'dist/agent/register.mjs'].map((path) =>
  join(repoRoot, path),
);
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

function isFresh(): boolean {
  if (!OUTPUTS.every((path) => existsSync(path))) return false;
  const built = Math.min(...OUTPUTS.map((path) => statSync(path).mtimeMs));
  return built >= newestSourceMtime(join(repoRoot, 'src'));
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
  } finally {
    rmSync(LOCK, { force: true, recursive: true });
  }
}
