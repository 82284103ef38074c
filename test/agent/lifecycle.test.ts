/**
 * installLifecycle in a child process (signals and exits cannot be tested inside the test runner), with a
 * stand-in flush that finishes quickly or hangs the way a socket to a hanging collector does.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flushBudgetMs } from '../../src/agent/lifecycle.js';
import { ensureBuilt, repoRoot } from '../e2e/ensure-built.js';

const BOUND_MS = 400;

const SCRIPT = `
const { installLifecycle } = require(${JSON.stringify(join(repoRoot, 'dist/agent/lifecycle.js'))});
const env = process.env;
installLifecycle({
  timeoutMs: ${BOUND_MS},
  log: { once: (key, message) => console.error('agent: ' + message) },
  exportAtExit: () => console.log('export at exit'),
  shutdown: () => {
    console.log('flush');
    // A hanging flush holds the event loop, as an open socket to a hanging collector does.
    return env.FLUSH === 'hang' ? new Promise(() => setInterval(() => {}, 1000)) : new Promise((r) => setTimeout(r, 50));
  },
});
if (env.EXIT_CODE) process.exitCode = Number(env.EXIT_CODE);
if (env.APP_HANDLER) process.on(env.APP_HANDLER, () => { console.log('app handler'); setTimeout(() => process.exit(7), 20); });
if (env.SERVE) { setInterval(() => {}, 1000); console.log('ready'); }
if (env.APP_EXIT) { setInterval(() => {}, 1000); setTimeout(() => process.exit(Number(env.APP_EXIT)), 10); }
if (env.APP_THROW) setTimeout(() => { throw new Error('app failed'); }, 10);
let more = env.APP_BEFORE_EXIT === 'more';
if (env.APP_BEFORE_EXIT) process.on('beforeExit', () => {
  console.log('app beforeExit');
  if (more) { more = false; setTimeout(() => console.log('app work'), 30); }
});
`;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(env: Record<string, string>, signal?: NodeJS.Signals): Promise<Outcome> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', SCRIPT], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (signal && chunk.includes('ready')) child.kill(signal);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.on('close', (code, sig) =>
      resolve({ code, signal: sig, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

beforeAll(() => {
  ensureBuilt();
});

describe('installLifecycle', () => {
  it('flushes once at a normal exit and keeps the exit code', async () => {
    const outcome = await run({ EXIT_CODE: '5' });
    expect(outcome).toMatchObject({ code: 5, signal: null, stdout: 'flush\n', stderr: '' });
  });

  it("calls the app's beforeExit listener once, as without the agent, when it starts no work", async () => {
    const outcome = await run({ APP_BEFORE_EXIT: 'once', EXIT_CODE: '4' });
    expect(outcome).toMatchObject({ code: 4, stdout: 'app beforeExit\nflush\n', stderr: '' });
  });

  it("lets the app's beforeExit listener start more work and be called again, as without the agent", async () => {
    const outcome = await run({ APP_BEFORE_EXIT: 'more' });
    expect(outcome).toMatchObject({ code: 0, stdout: 'app beforeExit\nflush\napp work\napp beforeExit\n' });
  });

  it('ends a normal exit at the bound when the flush hangs, with the exit code', async () => {
    const outcome = await run({ EXIT_CODE: '5', FLUSH: 'hang' });
    expect(outcome).toMatchObject({ code: 5, signal: null, stdout: 'flush\n' });
    expect(outcome.stderr).toContain(`did not finish within ${BOUND_MS} ms`);
    expect(outcome.ms).toBeLessThan(BOUND_MS + 1500);
  });

  it.each([
    'SIGTERM',
    'SIGINT',
  ] as const)('%s without an app listener: flushes, then dies of the signal', async (signal) => {
    const outcome = await run({ SERVE: '1' }, signal);
    expect(outcome).toMatchObject({ code: null, signal, stdout: 'ready\nflush\n', stderr: '' });
  });

  it('SIGTERM without an app listener and a hanging flush: dies of the signal at the bound', async () => {
    const outcome = await run({ SERVE: '1', FLUSH: 'hang' }, 'SIGTERM');
    expect(outcome).toMatchObject({ code: null, signal: 'SIGTERM', stdout: 'ready\nflush\n' });
    expect(outcome.ms).toBeLessThan(BOUND_MS + 1500);
  });

  it('process.exit() before the event loop empties: the export at exit instead of the flush, code kept', async () => {
    const outcome = await run({ APP_EXIT: '6' });
    expect(outcome).toMatchObject({ code: 6, signal: null, stdout: 'export at exit\n', stderr: '' });
  });

  it('an uncaught error: the export at exit, and Node reports the error as without the agent', async () => {
    const outcome = await run({ APP_THROW: '1' });
    expect(outcome).toMatchObject({ code: 1, signal: null, stdout: 'export at exit\n' });
    expect(outcome.stderr).toContain('Error: app failed');
  });

  it('SIGTERM with an app listener: flushes and leaves the ending to the app', async () => {
    const outcome = await run({ SERVE: '1', APP_HANDLER: 'SIGTERM' }, 'SIGTERM');
    expect(outcome).toMatchObject({ code: 7, signal: null, stderr: '' });
    expect(outcome.stdout.split('\n').sort()).toEqual(['', 'app handler', 'flush', 'ready']);
  });
});

describe('flushBudgetMs', () => {
  it('takes start-up off the shutdown bound, keeping at least half of it for the flush', () => {
    expect(flushBudgetMs(3000, 250)).toBe(2750);
    expect(flushBudgetMs(3000, 0)).toBe(3000);
    expect(flushBudgetMs(3000, 2900)).toBe(1500);
  });
});
