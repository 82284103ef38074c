/**
 * ESM-only clients (got, node-fetch 3) in a CommonJS app reach node:http through the ESM loader, which a
 * `--require` preload never hooks: their requests are traced and enriched under `--require` as under
 * `--import`, with the app's output unchanged.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { OtlpSpanKind } from '../../src/receiver/index.js';
import { agentLines, runApp } from './preload-harness.js';
import { usePreloadWorld } from './preload-world.js';

const world = usePreloadWorld();

beforeEach(() => world.receiver.clear());

describe.each(['require', 'import'] as const)('--%s zscaler-otel-agent/register', (preload) => {
  it('traces and enriches got and node-fetch 3 loaded with import()', async () => {
    const app = 'esm-only-clients.cjs';
    const env = { ZSCALER_PORT: String(world.zpa.port) };
    const without = await runApp(world.home.dir, { app, preload: 'none', env });
    const withAgent = await runApp(world.home.dir, {
      app,
      preload,
      env: {
        ...env,
        OTEL_EXPORTER_OTLP_ENDPOINT: world.receiver.httpUrl,
        ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
      },
    });
    expect(withAgent.code).toBe(0);
    expect(withAgent.stdout).toBe(without.stdout);
    expect(agentLines(withAgent)).toEqual([]);

    const spans = world.receiver.spans().filter((span) => span.kind === OtlpSpanKind.CLIENT);
    expect(
      spans.map((span) => new URL(String(span.attributes['url.full'])).searchParams.get('via')).sort(),
    ).toEqual(['got', 'node-fetch']);
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'zscaler.service': 'zpa',
        'zscaler.error.id': 'invalid.toomanyrequests',
        'zscaler.error.category': 'rate_limited',
        'zscaler.retry_after': 4,
      });
    }
    const requests = world.receiver
      .metrics()
      .filter((metric) => metric.name === 'zscaler.api.requests')
      .at(-1);
    expect(requests?.points.map((point) => point.value)).toEqual([2]);
  });
});
