/**
 * The demo end to end, as `npm run demo` runs it: the built CLI starts the simulator and the embedded
 * receiver, runs the workload under `--require zscaler-otel-agent/register`, and summarises what arrived.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../../src/receiver/index.js';
import { ensureBuilt, repoRoot } from '../e2e/ensure-built.js';

const MAIN = join(repoRoot, 'dist/cli/main.js');
/** The bound for a whole demo run. */
const DEMO_BOUND_MS = 30_000;

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves with the first match of `pattern` on stdout. */
  stdoutMatch(pattern: RegExp): Promise<RegExpExecArray>;
  readonly exited: Promise<CliRun>;
}

function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const started = performance.now();
  // Nothing of the test runner's environment (OTEL_*, NODE_OPTIONS) reaches the demo.
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), DEMO_BOUND_MS * 2);
  const exited = new Promise<CliRun>((resolve) =>
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    }),
  );
  const stdoutMatch = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (match === null) return;
        child.stdout.off('data', check);
        resolve(match);
      };
      child.stdout.on('data', check);
      exited.then((run) =>
        reject(new Error(`exited (${run.code}) before ${pattern}:\n${run.stdout}${run.stderr}`)),
      );
      check();
    });
  return { child, stdoutMatch, exited };
}

const runCli = (args: readonly string[], env?: NodeJS.ProcessEnv) => startCli(args, env).exited;

/** The lines of the summary section whose heading starts with `title`. */
function section(output: string, title: string): string {
  const start = output.indexOf(`\n${title}`);
  expect(start, `no "${title}" section in:\n${output}`).toBeGreaterThanOrEqual(0);
  const end = output.indexOf('\n\n', start + 1);
  return output.slice(start + 1, end < 0 ? undefined : end);
}

describe('zscaler-otel-agent demo', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('refuses a bad option with the usage and exit code 2', async () => {
    const run = await runCli(['demo', '--size', 'huge']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--size must be small, normal or large');
    expect(run.stderr).toContain('zscaler-otel-agent demo [--size small|normal|large]');
  });

  it('runs the small workload under the preloaded agent and summarises 429s, 409s and early retries from the receiver', async () => {
    const run = await runCli(['demo', '--size', 'small']);
    const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    expect(run.code, context).toBe(0);
    expect(run.ms, context).toBeLessThan(DEMO_BOUND_MS);
    const { stdout } = run;

    // The agent is preloaded as users preload it, and the command says so.
    expect(stdout).toMatch(
      /Workload, run in .+: .*node --require zscaler-otel-agent\/register dist\/demo\/workload\.js --port \d+/,
    );
    // Progress is relayed while the workload runs.
    expect(stdout).toMatch(/ {2}workload \| token +401 invalid_client/);
    expect(stdout).toMatch(/ {2}workload \| zpa reads/);
    expect(stdout).toMatch(
      / {2}workload \| zia edits +round 1\/1: honouring \d+ ok, \d+ gave up; retrying at once/,
    );

    const requests = section(stdout, 'Requests by service and status');
    expect(requests).toMatch(/zia +429 +rate_limited +true +\d+/);
    expect(requests).toMatch(/zia +409 +conflict +true +\d+/);
    expect(requests).toMatch(/zpa +429 +rate_limited +true +\d+/);
    expect(requests).toMatch(/zpa +409 +conflict +true +\d+/);
    expect(requests).toMatch(/zidentity +401 +unauthorized +false +1/);

    expect(section(stdout, 'Rate limited')).toMatch(/\(zscaler\.api\.rate_limited\): [1-9]\d*/);
    const conflicts = section(stdout, 'Conflicts');
    expect(conflicts).toMatch(/zia +\w+ +EDIT_LOCK_NOT_AVAILABLE +[1-9]/);
    expect(conflicts).toMatch(/zia +POST +DUPLICATE_ITEM +1/);
    expect(conflicts).toMatch(/zpa +PUT +api\.concurrent\.access\.error +[1-9]/);

    const retryAfter = section(stdout, 'Retry-After values seen');
    expect(retryAfter).toMatch(/zia +[1-9]\d* +1 s +1 s$/m);
    expect(retryAfter).toMatch(/zpa +[1-9]\d* +[\d.]+ s +\d+ s/);
    expect(retryAfter).toMatch(/zcc +1 +10 s +10 s$/m);

    // Early retries caught: the impatient workers come back at once after a 429 that asked for 1 s (ZIA) or for
    // the rest of ZPA's 10 s window; the patient ones wait it out, as the one Client Connector call does.
    const repeats = section(stdout, 'Repeats after an error or failure');
    expect(repeats).toMatch(/^Repeats after an error or failure \(zscaler\.api\.retries\): [1-9]\d*$/m);
    expect(repeats).toMatch(
      /^ {2}zia: \d+ repeats, [1-9]\d* early \(came back 0\.\d+ s sooner than the 1 s asked, median\), [1-9]\d* on time(, \d+ with no wait asked)?$/m,
    );
    expect(repeats).toMatch(
      /^ {2}zpa: \d+ repeats, [1-9]\d* early \(came back \d+(\.\d+)? s sooner than the \d+ s asked, median\), \d+ on time/m,
    );
    expect(repeats).toMatch(/^ {2}zcc: 1 repeat, 0 early, 1 on time$/m);
    expect(repeats).toMatch(/^ {2}zidentity: 1 repeat, 1 with no wait asked$/m);

    const errorIds = section(stdout, 'Error ids on spans');
    for (const id of ['invalid.toomanyrequests', 'EDIT_LOCK_NOT_AVAILABLE', 'api.concurrent.access.error']) {
      expect(errorIds).toContain(id);
    }
    const examples = section(stdout, 'A few enriched spans');
    expect(examples).toMatch(/(GET|POST|PUT) http:\/\/api\.zsapi\.net:\d+\/zia\/api\/v1\/\S+ -> 429/);
    expect(examples).toContain('zscaler.retry_after = 1');
    // The 429 examples are early repeats, and show it.
    expect(examples).toContain('zscaler.retry.early = true');
    expect(examples).toMatch(/zscaler\.retry\.waited = 0\.\d+/);
    expect(examples).toContain('zscaler.error.category = "conflict"');
  }, 60_000);

  it('exports to the collector the standard variables name (here OTLP/gRPC) and can keep the simulator running', async () => {
    const collector = await startOtlpReceiver({ httpPort: 0 });
    try {
      const demo = startCli(['demo', '--size', 'small', '--workers', '2', '--keep-simulator'], {
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.grpcUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      });
      const [, simulatorUrl] = await demo.stdoutMatch(
        /simulator keeps running on (http:\/\/127\.0\.0\.1:\d+)/,
      );
      const switches = await fetch(`${simulatorUrl}/__simulator/switches`);
      expect(switches.status).toBe(200);
      demo.child.kill('SIGINT');
      const run = await demo.exited;
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`Exporting to your collector at ${collector.grpcUrl}`);
      expect(run.stdout).not.toContain('Requests by service and status');

      const requests = collector.requests();
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((request) => request.transport === 'grpc')).toBe(true);
      const errorIds = new Set(collector.spans().map((span) => span.attributes['zscaler.error.id']));
      expect(errorIds).toContain('invalid.toomanyrequests');
      expect(errorIds).toContain('api.concurrent.access.error');
      expect(collector.metrics().map((metric) => metric.name)).toContain('zscaler.api.rate_limited');
    } finally {
      await collector.close();
    }
  }, 60_000);
});
