/**
 * Nothing listening on the OTLP endpoint (the first run of most users): the app exits about as fast as
 * without exporters, and one line on stderr names the endpoint and the error, every run, also when the only
 * export is the one at exit.
 */
import { describe, expect, it } from 'vitest';
import { type AppRun, agentLines, appStderr, runApp } from './preload-harness.js';
import { usePreloadWorld } from './preload-world.js';

// The default bound: the stock exporters' retries used to take most of it (about 2.5 s).
const SHUTDOWN_BOUND_MS = 3000;
// What the exit may take longer than with exporters off; the issue asks for 0.5 s, and this leaves room for a
// loaded machine while still failing the retrying behaviour.
const EXIT_ADDED_LIMIT_MS = SHUTDOWN_BOUND_MS / 2;
const RUNS = 10;

const world = usePreloadWorld('refuse');

function run(protocol: string, env: Record<string, string> = {}): Promise<AppRun> {
  return runApp(world.home.dir, {
    // One fetch and one node:http call; with the default intervals the only export is the one at exit.
    app: 'zscaler-client.cjs',
    preload: 'require',
    env: {
      ZSCALER_PORT: String(world.zpa.port),
      ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_ENDPOINT:
        protocol === 'grpc' ? (world.receiver.grpcUrl ?? '') : world.receiver.httpUrl,
      ...env,
    },
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe.each([
  ['http/protobuf', RUNS, (url: string) => `${url}/v1/`],
  ['grpc', 3, (url: string) => new URL(url).host],
] as const)('connection refused (%s)', (protocol, runs, endpointOf) => {
  it(`exits quickly and prints exactly one line naming the endpoint and the error, ${runs} runs out of ${runs}`, async () => {
    const off = await run(protocol, { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' });
    const url = protocol === 'grpc' ? (world.receiver.grpcUrl ?? '') : world.receiver.httpUrl;
    const added: number[] = [];
    const runTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const dead = await run(protocol);
      expect(dead.code).toBe(0);
      expect(dead.stdout).toBe(off.stdout);
      expect(appStderr(dead)).toBe(appStderr(off));
      const lines = agentLines(dead);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('export to the collector failed');
      expect(lines[0]).toContain(endpointOf(url));
      expect(lines[0]).toContain('ECONNREFUSED');
      added.push(dead.exitMs - off.exitMs);
      runTimes.push(dead.durationMs);
    }
    console.log(
      `dead collector (${protocol}): exit +${Math.round(median(added))} ms median, +${Math.round(Math.max(...added))} ms max over ${runs} runs; run ${Math.round(median(runTimes))} ms median, ${Math.round(off.durationMs)} ms with exporters off`,
    );
    expect(median(added)).toBeLessThan(EXIT_ADDED_LIMIT_MS);
    expect(Math.max(...added)).toBeLessThan(SHUTDOWN_BOUND_MS);
    // Eleven child processes in a row, on a loaded machine.
  }, 120_000);
});
