/**
 * Programmatic use as the README shows it: the processor first in an app's own NodeSDK, the agent's
 * instrumentations passed in, the MeterProvider registered by sdk.start() after the processor was built.
 */
import { SpanKind } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ZscalerSpanProcessor, zscalerInstrumentations } from '../../src/index.js';
import { installLoopbackResolver } from '../../src/simulator/loopback-resolver.js';
import { type FixtureServer, startFixtureServer } from '../support/zscaler-fixture-server.js';
import { finishedSpans, zscalerAttributes } from './harness.js';

installLoopbackResolver({ matches: () => true });
const spans = new InMemorySpanExporter();
const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 60_000 });
const sdk = new NodeSDK({
  spanProcessors: [new ZscalerSpanProcessor(), new SimpleSpanProcessor({ exporter: spans })],
  instrumentations: zscalerInstrumentations(),
  metricReaders: [reader],
  autoDetectResources: false,
  logRecordProcessors: [],
});
sdk.start();

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    throttled: {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '4s' },
      body: '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}',
    },
  });
});
afterAll(async () => {
  await server.close();
  await sdk.shutdown();
});

test('a fetch to ZPA through the gateway is enriched and counted', async () => {
  const response = await fetch(
    server.url('api.zsapi.net', '/zpa/mgmtconfig/v1/admin/customers/1/server', 'throttled'),
  );
  await response.text();
  const client = (await finishedSpans(spans, 1)).filter((span) => span.kind === SpanKind.CLIENT);
  expect(client.map(zscalerAttributes)).toEqual([
    {
      'zscaler.service': 'zpa',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.id': 'invalid.toomanyrequests',
      'zscaler.error.reason': 'Exceeded the number of requests allowed.',
      'zscaler.error.category': 'rate_limited',
      'zscaler.retryable': true,
      'zscaler.retry_after': 4,
    },
  ]);
  await reader.forceFlush();
  const names = metrics
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.filter((scope) => scope.scope.name === 'zscaler-otel-agent')
    .flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name));
  expect(names).toEqual([
    'zscaler.api.requests',
    'zscaler.api.rate_limited',
    'zscaler.api.retry_after',
    'zscaler.api.request.duration',
  ]);
});
