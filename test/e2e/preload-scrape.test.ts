/**
 * The exporters that need no collector: Prometheus scrape endpoint in the app, console, and the SDK's own
 * diagnostics (OTEL_LOG_LEVEL) kept off the app's stdout.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './ensure-built.js';
import { appStderr, createAppHome, runApp, startZpaDouble } from './preload-harness.js';

let home: Awaited<ReturnType<typeof createAppHome>>;
let zpa: Awaited<ReturnType<typeof startZpaDouble>>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  ensureBuilt();
  home = await createAppHome();
  zpa = await startZpaDouble();
});

afterAll(async () => {
  await Promise.all([home?.remove(), zpa?.close()]);
});

describe('preload without a collector', () => {
  it('OTEL_METRICS_EXPORTER=prometheus serves the Zscaler metrics from the app while it runs', async () => {
    const port = await freePort();
    let scrape = '';
    const run = await runApp(home.dir, {
      app: 'long-running.cjs',
      preload: 'require',
      env: {
        ZSCALER_PORT: String(zpa.port),
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      },
      signal: {
        whenStdout: 'ready',
        signal: 'SIGTERM',
        before: async () => {
          scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        },
      },
    });
    expect(run.signal).toBe('SIGTERM');
    expect(scrape).toMatch(/^zscaler_api_requests_total\{.*zscaler_service="zpa".*\} 1/m);
    expect(scrape).toMatch(/^zscaler_api_rate_limited_total\{.*zscaler_service="zpa".*\} 1/m);
    expect(scrape).toMatch(/^zscaler_api_retry_after_bucket\{/m);
  });

  it('OTEL_LOG_LEVEL=debug writes the SDK diagnostics to stderr, never to the app stdout', async () => {
    const env = {
      ZSCALER_PORT: String(zpa.port),
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
    };
    const without = await runApp(home.dir, { app: 'zscaler-client.cjs', preload: 'none', env });
    const verbose = await runApp(home.dir, {
      app: 'zscaler-client.cjs',
      preload: 'require',
      env: { ...env, OTEL_LOG_LEVEL: 'debug' },
    });
    expect(verbose.stdout).toBe(without.stdout);
    expect(verbose.stderr).toContain('[otel debug]');
    expect(appStderr(verbose)).toBe('');
  });
});
