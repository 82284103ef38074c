/**
 * The preloaded agent exporting to a real OTLP receiver that decodes what arrives, over every protocol and
 * preload form: the enriched spans and the metric points of CONTRACT.md arrive, and a failing collector
 * leaves the app alone.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  OtlpSpanKind,
  OtlpStatusCode,
  type ReceivedMetric,
  type ReceivedSpan,
} from '../../src/receiver/index.js';
import { agentLines, appStderr, type Preload, runApp } from './preload-harness.js';
import { usePreloadWorld } from './preload-world.js';

const SHUTDOWN_BOUND_MS = 1500;
// Delivery tests must not lose the final flush to a loaded machine: a wide bound there.
const DELIVERY_SHUTDOWN_BOUND_MS = 10_000;
const CALLS_CJS = ['fetch', 'http'];
const CALLS_ESM = ['fetch', 'http', 'request'];

const world = usePreloadWorld();

beforeEach(async () => {
  await world.receiver.setFault('none');
  world.receiver.clear();
});

function run(app: string, preload: Preload, protocol: string, env: Record<string, string> = {}) {
  return runApp(world.home.dir, {
    app,
    preload,
    env: {
      ...env,
      ZSCALER_PORT: String(world.zpa.port),
      ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: String(DELIVERY_SHUTDOWN_BOUND_MS),
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_ENDPOINT:
        protocol === 'grpc' ? (world.receiver.grpcUrl ?? '') : world.receiver.httpUrl,
      OTEL_SERVICE_NAME: 'preload-e2e',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,team=platform',
    },
  });
}

function zscalerClientSpans(): ReceivedSpan[] {
  return world.receiver
    .spans()
    .filter((span) => span.kind === OtlpSpanKind.CLIENT && span.attributes['zscaler.service'] !== undefined);
}

function metric(name: string): ReceivedMetric | undefined {
  // Cumulative: the last export carries the totals.
  return world.receiver
    .metrics()
    .filter((candidate) => candidate.name === name)
    .at(-1);
}

describe.each([
  ['http/protobuf', 'require', 'zscaler-client.cjs', CALLS_CJS],
  ['http/json', 'node-options-require', 'zscaler-client.cjs', CALLS_CJS],
  ['grpc', 'import', 'zscaler-client.mjs', CALLS_ESM],
  ['http/protobuf', 'node-options-import', 'zscaler-client.mjs', CALLS_ESM],
] as const)('OTLP %s, preload %s, %s', (protocol, preload, app, calls) => {
  it('delivers the enriched client spans and the contract metric points, app output unchanged', async () => {
    const without = await runApp(world.home.dir, {
      app,
      preload: 'none',
      env: { ZSCALER_PORT: String(world.zpa.port) },
    });
    const withAgent = await run(app, preload, protocol);
    expect(withAgent.stdout).toBe(without.stdout);
    expect(withAgent.code).toBe(0);
    expect(agentLines(withAgent)).toEqual([]);
    expect(appStderr(withAgent)).toBe(appStderr(without));

    // The flush at exit has been answered before the app ended: no waiting needed.
    const spans = zscalerClientSpans();
    expect(
      spans.map((span) => new URL(String(span.attributes['url.full'])).searchParams.get('via')).sort(),
    ).toEqual([...calls].sort());
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'zscaler.service': 'zpa',
        'zscaler.api': 'legacy',
        'zscaler.error.id': 'invalid.toomanyrequests',
        'zscaler.error.reason': 'Exceeded the number of requests allowed.',
        'zscaler.error.category': 'rate_limited',
        'zscaler.retryable': true,
        'zscaler.retry_after': 4,
        'http.response.status_code': 429,
      });
      expect(span.status.code).toBe(OtlpStatusCode.ERROR);
      expect(span.status.message).toBeTruthy();
      expect(span.resource).toMatchObject({
        'service.name': 'preload-e2e',
        'deployment.environment.name': 'test',
        team: 'platform',
      });
    }

    const zpaGet = { 'zscaler.service': 'zpa', 'http.request.method': 'GET' };
    const requests = metric('zscaler.api.requests');
    expect(requests).toMatchObject({
      kind: 'sum',
      monotonic: true,
      temporality: 'cumulative',
      unit: '{request}',
    });
    expect(requests?.resource['service.name']).toBe('preload-e2e');
    expect(requests?.points).toEqual([
      expect.objectContaining({
        attributes: {
          ...zpaGet,
          'zscaler.api': 'legacy',
          'http.response.status_code': 429,
          'zscaler.error.category': 'rate_limited',
          'zscaler.retryable': true,
        },
        value: calls.length,
      }),
    ]);
    expect(metric('zscaler.api.rate_limited')?.points).toEqual([
      expect.objectContaining({ attributes: zpaGet, value: calls.length }),
    ]);
    expect(metric('zscaler.api.retry_after')).toMatchObject({
      kind: 'histogram',
      temporality: 'cumulative',
      unit: 's',
    });
    expect(metric('zscaler.api.retry_after')?.points).toEqual([
      expect.objectContaining({
        attributes: { 'zscaler.service': 'zpa' },
        count: calls.length,
        sum: 4 * calls.length,
      }),
    ]);
    expect(metric('zscaler.api.request.duration')?.points[0]?.count).toBe(calls.length);
  });
});

describe('standard variables NodeSDK reads itself', () => {
  it('OTEL_TRACES_SAMPLER=always_off: no span is exported, yet every Zscaler request is counted', async () => {
    const unsampled = await run('zscaler-client.cjs', 'require', 'http/protobuf', {
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    expect(unsampled.code).toBe(0);
    expect(agentLines(unsampled)).toEqual([]);
    expect(world.receiver.spans()).toEqual([]);
    expect(metric('zscaler.api.requests')?.points[0]?.value).toBe(CALLS_CJS.length);
    expect(metric('zscaler.api.rate_limited')?.points[0]?.value).toBe(CALLS_CJS.length);
  });

  it('OTEL_PROPAGATORS=b3 puts b3 headers on the outgoing Zscaler requests', async () => {
    world.zpa.requestHeaders();
    const propagated = await run('zscaler-client.cjs', 'require', 'http/protobuf', {
      OTEL_PROPAGATORS: 'b3',
    });
    expect(propagated.code).toBe(0);
    const sent = world.zpa.requestHeaders();
    expect(sent).toHaveLength(2);
    for (const headers of sent) {
      expect(headers.b3).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
      expect(headers.traceparent).toBeUndefined();
    }
  });
});

describe.each(['error', 'unavailable', 'refuse'] as const)('with the collector answering %s', (fault) => {
  it('leaves the app output and exit alone and reports once', async () => {
    await world.receiver.setFault(fault);
    const without = await runApp(world.home.dir, {
      app: 'busy-client.cjs',
      preload: 'none',
      env: { ZSCALER_PORT: String(world.zpa.port) },
    });
    const withAgent = await runApp(world.home.dir, {
      app: 'busy-client.cjs',
      preload: 'require',
      env: {
        ZSCALER_PORT: String(world.zpa.port),
        ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
        OTEL_EXPORTER_OTLP_ENDPOINT: world.receiver.httpUrl,
        OTEL_METRIC_EXPORT_INTERVAL: '100',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    });
    expect(withAgent.stdout).toBe(without.stdout);
    expect(withAgent.code).toBe(0);
    const exitAdded = withAgent.exitMs - without.exitMs;
    expect(exitAdded).toBeLessThan(SHUTDOWN_BOUND_MS + 750);
    console.log(
      `collector ${fault}: exit +${Math.round(exitAdded)} ms, run time +${Math.round(withAgent.durationMs - without.durationMs)} ms with the agent, ${world.receiver.requests().length} export requests`,
    );
    expect(agentLines(withAgent)).toHaveLength(1);
    expect(agentLines(withAgent)[0]).toContain('export to the collector failed');
    // Spaced probes: a handful of requests over the run, not one per export interval.
    expect(world.receiver.requests().length).toBeLessThan(8);
  });
});
