/**
 * The preload as users start it, and what it must never change: exit codes and signals, output, run time
 * with a dead or hanging collector, OTEL_SDK_DISABLED, broken configuration, double preload.
 */
import { describe, expect, it } from 'vitest';
import {
  type AppRun,
  agentLines,
  appStderr,
  type Preload,
  type RunOptions,
  runApp,
} from './preload-harness.js';
import { usePreloadWorld } from './preload-world.js';

const SHUTDOWN_BOUND_MS = 1500;
// Process start-up, teardown and timer slack on a loaded 2-core box (other suites running beside this one
// measured up to +1.5 s over the bound for a hanging collector; the retrying exporters took about +2.5 s more).
const EXIT_SLACK_MS = 1500;

/** Refusing connections unless a test says otherwise: a dead world.receiver. */

function run(
  app: string,
  preload: Preload,
  env: Record<string, string> = {},
  extra: Partial<RunOptions> = {},
) {
  return runApp(world.home.dir, {
    app,
    preload,
    env: {
      ZSCALER_PORT: String(world.zpa.port),
      ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
      // Never the default localhost:4318, where another process on this machine may be listening.
      OTEL_EXPORTER_OTLP_ENDPOINT: world.receiver.httpUrl,
      ...env,
    },
    ...extra,
  });
}

function expectSameOutcome(withAgent: AppRun, without: AppRun): void {
  expect(withAgent.stdout).toBe(without.stdout);
  expect(appStderr(withAgent)).toBe(appStderr(without));
  expect({ code: withAgent.code, signal: withAgent.signal }).toEqual({
    code: without.code,
    signal: without.signal,
  });
}

const world = usePreloadWorld('refuse');

describe('preload lifecycle', () => {
  it('keeps the app exit code (process.exitCode) and output', async () => {
    const env = { APP_EXIT_CODE: '3', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };
    const without = await run('zscaler-client.cjs', 'none', env);
    expect(without.code).toBe(3);
    expectSameOutcome(await run('zscaler-client.cjs', 'require', env), without);
    expectSameOutcome(await run('zscaler-client.cjs', 'node-options-require', env), without);
  });

  describe.each([
    ['SIGTERM', false],
    ['SIGINT', false],
    ['SIGTERM', true],
  ] as const)('%s (app handles it: %s)', (signal, appHandles) => {
    it('ends the process exactly as without the agent', async () => {
      const env = { APP_SIGNAL_HANDLER: appHandles ? '1' : '0' };
      const extra = { signal: { whenStdout: 'ready', signal } };
      const without = await run('long-running.cjs', 'none', env, extra);
      expect(without.signal ?? without.code).toBe(appHandles ? 7 : signal);
      const withAgent = await run('long-running.cjs', 'require', env, extra);
      expectSameOutcome(withAgent, without);
      expect(agentLines(withAgent).length).toBeLessThanOrEqual(1);
    });
  });

  describe.each([
    ['refuse', 'http/protobuf'],
    ['hang', 'http/protobuf'],
    ['hang', 'grpc'],
  ] as const)('with a collector that does %s (%s)', (fault, protocol) => {
    it('leaves output and exit unchanged; the run takes less than the shutdown bound longer', async () => {
      await world.receiver.setFault(fault);
      const env = {
        OTEL_EXPORTER_OTLP_ENDPOINT:
          protocol === 'grpc' ? (world.receiver.grpcUrl ?? '') : world.receiver.httpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        // Exports all the while the app runs: the case where stock exporters' retries keep it alive.
        OTEL_METRIC_EXPORT_INTERVAL: '100',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      };
      try {
        for (const app of ['zscaler-client.cjs', 'busy-client.cjs']) {
          const without = await run(app, 'none', env);
          const withAgent = await run(app, 'require', env);
          expectSameOutcome(withAgent, without);
          // Start-up and the flush at exit together stay within the shutdown bound (start-up comes off the flush).
          const exitAdded = withAgent.exitMs - without.exitMs;
          const added = withAgent.durationMs - without.durationMs;
          expect(exitAdded, 'exit added').toBeLessThan(SHUTDOWN_BOUND_MS + EXIT_SLACK_MS);
          // Start-up too, which a loaded machine stretches most.
          expect(added, 'run time added').toBeLessThan(SHUTDOWN_BOUND_MS + 2 * EXIT_SLACK_MS);
          // Reported once, not per export.
          expect(agentLines(withAgent).length).toBeLessThanOrEqual(1);
          console.log(
            `collector ${fault} (${protocol}), ${app}: exit +${Math.round(exitAdded)} ms, run time +${Math.round(added)} ms with the agent`,
          );
        }
      } finally {
        await world.receiver.setFault('refuse');
      }
    });
  });

  it('OTEL_SDK_DISABLED=true installs nothing at all', async () => {
    const without = await run('inspect-process.cjs', 'none');
    for (const preload of ['require', 'import'] as const) {
      const disabled = await run('inspect-process.cjs', preload, { OTEL_SDK_DISABLED: 'true' });
      expect(disabled.stderr).toBe('');
      expect(disabled.stdout).toBe(without.stdout);
    }
    // And the probe does see an agent that is on.
    const enabled = await run('inspect-process.cjs', 'require', {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
    });
    expect(enabled.stdout).not.toBe(without.stdout);
  });

  it.each([
    ['OTEL_TRACES_EXPORTER', 'bogus'],
    ['ZSCALER_OTEL_BODY_MAX_BYTES', 'abc'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/xml'],
    ['ZSCALER_OTEL_EXTRA_HOSTS', 'bad host'],
  ])('%s=%s gives one diagnostic line and leaves the app alone', async (name, value) => {
    const env = { OTEL_METRICS_EXPORTER: 'none', OTEL_TRACES_EXPORTER: 'none', [name]: value };
    const without = await run('zscaler-client.cjs', 'none', env);
    const withAgent = await run('zscaler-client.cjs', 'require', env);
    expectSameOutcome(withAgent, without);
    // A bogus traces exporter falls back to OTLP, whose (absent) collector may add its own one line.
    const lines = agentLines(withAgent).filter((line) => !line.includes('export to the collector failed'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).toContain(value);
  });

  it("OTEL_LOG_LEVEL=none silences even the agent's own lines", async () => {
    const quiet = await run('zscaler-client.cjs', 'require', {
      OTEL_LOG_LEVEL: 'none',
      OTEL_TRACES_EXPORTER: 'bogus',
      ZSCALER_OTEL_BODY_MAX_BYTES: 'abc',
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it.each([
    'require',
    'node-options-import',
  ] as const)('leaves worker threads alone (they inherit the preload: %s)', async (preload) => {
    const env = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };
    const worker = await run('worker-app.cjs', preload, env);
    expect(worker.stdout).toBe('worker {"otelGlobal":false,"httpWrapped":false}\n');
    expect(worker.stderr).toBe('');
  });

  it('starts once when both --require and --import are given', async () => {
    const env = { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none' };
    const both = await run('zscaler-client.mjs', 'both', env);
    expect(both.code).toBe(0);
    expect(agentLines(both)).toEqual([]);
    // One span per call (console exporter output on stdout), not two.
    expect(both.stdout.match(/traceId:/g)).toHaveLength(3);
  });
});
