/**
 * Runs the fixture apps of test/e2e/apps as users run them: a child process of the current Node
 * (`process.execPath`, so the suite covers Node 24 and 22), started from a directory where
 * `zscaler-otel-agent` resolves to this repository, with `--require`/`--import zscaler-otel-agent/register`
 * given literally on the command line or through NODE_OPTIONS.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './ensure-built.js';

export type Preload = 'none' | 'require' | 'import' | 'node-options-require' | 'node-options-import' | 'both';

export interface AppRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** From the app's last output to the end of the process: the time spent exiting, start-up left out. */
  readonly exitMs: number;
}

export interface RunOptions {
  /** A file name under test/e2e/apps. */
  readonly app: string;
  readonly preload: Preload;
  readonly env?: Readonly<Record<string, string>>;
  /** Sends `signal` once stdout contains `whenStdout`, after `before` (a look at the running app) settles. */
  readonly signal?: {
    readonly whenStdout: string;
    readonly signal: NodeJS.Signals;
    readonly before?: () => Promise<void>;
  };
  readonly timeoutMs?: number;
}

const APPS = fileURLToPath(new URL('./apps/', import.meta.url));
const REGISTER = 'zscaler-otel-agent/register';

function preloadArguments(preload: Preload): { args: string[]; nodeOptions?: string } {
  switch (preload) {
    case 'none':
      return { args: [] };
    case 'require':
      return { args: ['--require', REGISTER] };
    case 'import':
      return { args: ['--import', REGISTER] };
    case 'both':
      return { args: ['--require', REGISTER, '--import', REGISTER] };
    case 'node-options-require':
      return { args: [], nodeOptions: `--require ${REGISTER}` };
    case 'node-options-import':
      return { args: [], nodeOptions: `--import ${REGISTER}` };
  }
}

/** A directory where `zscaler-otel-agent` resolves to this repository, as after `npm i zscaler-otel-agent`. */
export async function createAppHome(): Promise<{ readonly dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'zscaler-otel-agent-e2e-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(repoRoot, join(dir, 'node_modules', 'zscaler-otel-agent'), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function runApp(home: string, options: RunOptions): Promise<AppRun> {
  const { args, nodeOptions } = preloadArguments(options.preload);
  // A clean environment: nothing of the test runner's (NODE_OPTIONS, OTEL_*) leaks into the app.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...options.env };
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  const started = performance.now();
  const child = spawn(process.execPath, [...args, join(APPS, options.app)], { cwd: home, env });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  let lastOutputAt = started;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    lastOutputAt = performance.now();
    const { signal } = options;
    if (signal && !signalled && stdout.includes(signal.whenStdout)) {
      signalled = true;
      // `before` records what it sees; the test asserts on that after the run.
      const kill = () => child.kill(signal.signal);
      void Promise.resolve(signal.before?.()).then(kill, kill);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${options.app} (${options.preload}) still running after ${timeoutMs} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ended = performance.now();
      resolve({ code, signal, stdout, stderr, durationMs: ended - started, exitMs: ended - lastOutputAt });
    });
  });
}

/** The app's stderr without the agent's own lines. */
export function appStderr(run: AppRun): string {
  return run.stderr
    .split('\n')
    .filter((line) => !line.startsWith('zscaler-otel-agent:'))
    .join('\n');
}

export function agentLines(run: AppRun): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('zscaler-otel-agent:'));
}

export const ZPA_429_BODY =
  '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}';

export interface ZpaDouble {
  readonly port: number;
  /** The headers of the requests received since the last call (propagation checks). */
  requestHeaders(): IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A loopback stand-in for ZPA that rate-limits every request, as real traffic shows it. */
export async function startZpaDouble(): Promise<ZpaDouble> {
  let received: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.headers);
    response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '4s' });
    response.end(ZPA_429_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requestHeaders: () => {
      const headers = received;
      received = [];
      return headers;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
