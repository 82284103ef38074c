/**
 * The real 0.301 OTLP exporters (protobuf, JSON and gRPC; gzip on and off) feed the receiver, and every field
 * of what the SDK recorded comes back exactly.
 */
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedMetric } from '../../src/receiver/index.js';
import {
  type OtlpReceiver,
  OtlpSpanKind,
  OtlpStatusCode,
  startOtlpReceiver,
} from '../../src/receiver/index.js';
import { BUCKETS, CLIENT_ATTRIBUTES, RESOURCE, recordMetrics, recordSpans, SCOPE } from './sdk-telemetry.js';

type Compression = NonNullable<
  NonNullable<ConstructorParameters<typeof ProtoTraceExporter>[0]>['compression']
>;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.clear());

const transports = [
  {
    name: 'http/protobuf',
    transport: 'http',
    encoding: 'protobuf',
    traces: (compression: Compression) =>
      new ProtoTraceExporter({ url: `${receiver.httpUrl}/v1/traces`, compression }),
    metrics: (compression: Compression) =>
      new ProtoMetricExporter({ url: `${receiver.httpUrl}/v1/metrics`, compression }),
  },
  {
    name: 'http/json',
    transport: 'http',
    encoding: 'json',
    traces: (compression: Compression) =>
      new JsonTraceExporter({ url: `${receiver.httpUrl}/v1/traces`, compression }),
    metrics: (compression: Compression) =>
      new JsonMetricExporter({ url: `${receiver.httpUrl}/v1/metrics`, compression }),
  },
  {
    name: 'grpc',
    transport: 'grpc',
    encoding: 'protobuf',
    traces: (compression: Compression) => new GrpcTraceExporter({ url: receiver.grpcUrl, compression }),
    metrics: (compression: Compression) => new GrpcMetricExporter({ url: receiver.grpcUrl, compression }),
  },
] as const satisfies readonly {
  name: string;
  transport: string;
  encoding: string;
  traces: (compression: Compression) => SpanExporter;
  metrics: (compression: Compression) => PushMetricExporter;
}[];

const compressions = ['gzip', 'none'] as Compression[];

describe.each(transports)('$name', (exporters) => {
  it.each(compressions)('decodes every span field (compression %s)', async (compression) => {
    const recorded = await recordSpans(exporters.traces(compression));
    const spans = await receiver.waitFor(() => receiver.spans().length === 2 && receiver.spans(), 5000);
    const child = spans.find((span) => span.spanId === recorded.childSpanId);
    const parent = spans.find((span) => span.spanId === recorded.parentSpanId);
    expect(child).toEqual({
      traceId: recorded.traceId,
      spanId: recorded.childSpanId,
      parentSpanId: recorded.parentSpanId,
      name: 'POST',
      kind: OtlpSpanKind.CLIENT,
      startTimeUnixNano: recorded.start,
      endTimeUnixNano: recorded.end,
      attributes: CLIENT_ATTRIBUTES,
      events: [{ name: 'retry', timeUnixNano: recorded.eventTime, attributes: { attempt: 2 } }],
      status: { code: OtlpStatusCode.ERROR, message: 'Exceeded the number of requests allowed' },
      resource: expect.objectContaining(RESOURCE),
      scope: SCOPE,
    });
    expect(parent).toMatchObject({ name: 'GET /things', kind: OtlpSpanKind.SERVER, status: { code: 1 } });
    expect(parent?.parentSpanId).toBeUndefined();
    // SimpleSpanProcessor exports each span on its own.
    const request = expect.objectContaining({
      signal: 'traces',
      transport: exporters.transport,
      encoding: exporters.encoding,
      compressed: compression === 'gzip',
      status: exporters.transport === 'http' ? 200 : 0,
      items: 1,
    });
    expect(receiver.requests()).toEqual([request, request]);
  });

  it.each(compressions)('decodes counters, histograms and gauges (compression %s)', async (compression) => {
    await recordMetrics(exporters.metrics(compression));
    // One export on forceFlush, the same cumulative values again on shutdown.
    const metrics = await receiver.waitFor(() => receiver.metrics().length === 8 && receiver.metrics(), 5000);
    expect(withoutEndTimes(metrics.slice(4))).toEqual(withoutEndTimes(metrics.slice(0, 4)));
    const byName = new Map(metrics.slice(0, 4).map((metric) => [metric.name, metric]));
    const common = { resource: expect.objectContaining(RESOURCE), scope: SCOPE };
    const point = { startTimeUnixNano: expect.any(BigInt), timeUnixNano: expect.any(BigInt) };
    expect(byName.get('zscaler.api.requests')).toEqual({
      name: 'zscaler.api.requests',
      description: 'Requests',
      unit: '{request}',
      kind: 'sum',
      monotonic: true,
      temporality: 'cumulative',
      points: [
        { ...point, attributes: { 'zscaler.service': 'zia', 'http.response.status_code': 429 }, value: 5 },
        { ...point, attributes: { 'zscaler.service': 'zpa', 'http.response.status_code': 200 }, value: 1 },
      ],
      ...common,
    });
    expect(byName.get('zscaler.api.request.duration')).toEqual({
      name: 'zscaler.api.request.duration',
      description: '',
      unit: 's',
      kind: 'histogram',
      temporality: 'cumulative',
      points: [
        {
          ...point,
          attributes: { 'zscaler.service': 'zia' },
          count: 4,
          sum: 13,
          min: 0.25,
          max: 10,
          bucketCounts: [1, 1, 1, 1],
          explicitBounds: BUCKETS,
        },
      ],
      ...common,
    });
    expect(byName.get('zscaler.api.ratelimit.remaining')).toMatchObject({
      kind: 'gauge',
      unit: '{request}',
      points: [{ attributes: { 'zscaler.service': 'zpa' }, value: 42 }],
    });
    expect(byName.get('temperature')).toMatchObject({
      kind: 'gauge',
      points: [{ attributes: {}, value: -1.25 }],
    });
    const [sumPoint] = byName.get('zscaler.api.requests')?.points ?? [];
    expect(sumPoint?.timeUnixNano).toBeGreaterThanOrEqual(sumPoint?.startTimeUnixNano ?? 0n);
  });
});

function withoutEndTimes(metrics: readonly ReceivedMetric[]) {
  return metrics.map((metric) => ({
    ...metric,
    points: metric.points.map(({ timeUnixNano, ...point }) => point),
  }));
}
