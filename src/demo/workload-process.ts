/**
 * Runs the demo workload as its own Node process with the agent preloaded, the way a user runs an app:
 * `node --require zscaler-otel-agent/register app.js`. Relays its output line by line and bounds its run.
 */
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';

/** Written as users write it; resolves from the package root by the package's own name (self-reference). */
const REGISTER = 'zscaler-otel-agent/register';
/** After SIGTERM the agent flushes (bounded) and the process dies of the signal; this is the last resort. */
const KILL_AFTER_MS = 5000;

export interface WorkloadRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
}

export interface WorkloadLaunch {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

/** The package root: dist/demo/ is two levels below it. */
export const PACKAGE_ROOT = join(__dirname, '..', '..');
const WORKLOAD = join(__dirname, 'workload.js');

/** The command line as a user would type it in the package root, with the variables the demo sets first. */
export function commandLine(args: readonly string[], variables: Readonly<Record<string, string>>): string {
  const assignments = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
  return [...assignments, 'node', '--require', REGISTER, relative(PACKAGE_ROOT, WORKLOAD), ...args].join(' ');
}

export function runWorkload(launch: WorkloadLaunch): Promise<WorkloadRun> {
  // Fails here, with a clear message, if the package cannot resolve itself (no exports map, not built).
  require.resolve(REGISTER);
  const child = spawn(process.execPath, ['--require', REGISTER, WORKLOAD, ...launch.args], {
    cwd: PACKAGE_ROOT,
    env: launch.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream], crlfDelay: Infinity }).on('line', (line) =>
      launch.onLine(stream, line),
    );
  }
  return new Promise((resolve, reject) => {
    let timedOut = false;
    let kill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    }, launch.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': every line of output has been relayed by then.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(kill);
      resolve({ code, signal, timedOut });
    });
  });
}
