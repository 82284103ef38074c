/**
 * The bound on the workload: stopped when its time is up, it still ends promptly, and the agent's flush on
 * SIGTERM delivers what it had recorded (the demo summarises whatever arrived).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WorkloadProcess from '../../src/demo/workload-process.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/receiver/index.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { ensureBuilt, repoRoot } from '../e2e/ensure-built.js';

describe('runWorkload', () => {
  let simulator: Simulator;
  let receiver: OtlpReceiver;
  // The built module: it starts dist/demo/workload.js next to itself.
  let runWorkload: typeof WorkloadProcess.runWorkload;

  beforeAll(async () => {
    ensureBuilt();
    const built = pathToFileURL(join(repoRoot, 'dist/demo/workload-process.js')).href;
    ({ runWorkload } = (await import(built)) as typeof WorkloadProcess);
    simulator = await startSimulator();
    receiver = await startOtlpReceiver({ grpcPort: false });
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
    await simulator?.close();
  });

  it('stops the workload when its time is up, relays what it printed, and gets the flush of what it did', async () => {
    const lines: string[] = [];
    const started = performance.now();
    const run = await runWorkload({
      args: ['--port', String(simulator.port), '--workers', '4', '--rounds', '3'],
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpUrl,
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      },
      timeoutMs: 2500,
      onLine: (stream, line) => lines.push(`${stream}: ${line}`),
    });
    const elapsed = performance.now() - started;
    expect(run).toEqual({ code: null, signal: 'SIGTERM', timedOut: true });
    expect(elapsed).toBeLessThan(2500 + 5000);
    expect(lines.some((line) => line.startsWith('stdout: token '))).toBe(true);
    // No periodic export within the run: these came with the flush on SIGTERM.
    expect(receiver.spans().some((span) => span.attributes['zscaler.service'] === 'zia')).toBe(true);
    expect(receiver.metrics().map((metric) => metric.name)).toContain('zscaler.api.requests');
    // The impatient readers of the ZPA burst came back at once, within the first second: caught as early.
    expect(receiver.spans().some((span) => span.attributes['zscaler.retry.early'] === true)).toBe(true);
    expect(receiver.metrics().map((metric) => metric.name)).toContain('zscaler.api.retries');
  }, 30_000);
});
