/**
 * An app run under the agent, as users run it (`node --require <repo>/dist/agent/register.js app`), exposing
 * its metrics for Prometheus to scrape (`OTEL_METRICS_EXPORTER=prometheus`) while it drives the simulator into
 * 429s and 409s (apps/zscaler-workload.mjs).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLIENT_SECRET, startSimulator } from '../../src/simulator/index.js';
import { ensureBuilt, repoRoot } from '../e2e/ensure-built.js';

const APP = fileURLToPath(new URL('./apps/zscaler-workload.mjs', import.meta.url));

export interface Workload {
  stop(): Promise<void>;
}

export async function startWorkloadUnderAgent(serviceName: string, metricsPort: number): Promise<Workload> {
  ensureBuilt();
  const simulator = await startSimulator();
  const child = spawn(process.execPath, ['--require', join(repoRoot, 'dist/agent/register.js'), APP], {
    // A clean environment: nothing of the test runner's (NODE_OPTIONS, OTEL_*) leaks into the app.
    env: {
      PATH: process.env.PATH ?? '',
      OTEL_SERVICE_NAME: serviceName,
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_TRACES_EXPORTER: 'none',
      ZSCALER_PORT: String(simulator.port),
      ZSCALER_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      ZSCALER_SIMULATOR_MODULE: join(repoRoot, 'dist/simulator/index.js'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = new Promise<void>((resolve) => {
    const collect = (chunk: string) => {
      output = (output + chunk).slice(-4000);
      if (output.includes('running')) resolve();
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    await simulator.close();
  };

  let timer: NodeJS.Timeout | undefined;
  const started = await Promise.race([
    running.then(() => true),
    exited.then(() => false),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), 30_000);
    }),
  ]);
  clearTimeout(timer);
  if (!started) {
    await stop();
    throw new Error(`the workload did not start:\n${output}`);
  }
  return { stop };
}
