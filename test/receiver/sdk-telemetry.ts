/**
 * Known spans and metrics recorded through the real SDK and handed to a real exporter, with what the receiver
 * must decode from them.
 */
import { context, type HrTime, SpanKind, SpanStatusCode, trace, ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

export const RESOURCE = { 'service.name': 'receiver-test', 'deployment.environment.name': 'ci' } as const;
export const SCOPE = { name: 'receiver-test-scope', version: '1.2.3' } as const;

const START: HrTime = [1_764_000_000, 123_456_789];
const END: HrTime = [1_764_000_001, 5];
const EVENT_TIME: HrTime = [1_764_000_000, 500_000_000];
const nanos = ([seconds, fraction]: HrTime) => BigInt(seconds) * 1_000_000_000n + BigInt(fraction);

/** Every attribute type the agent writes, and the array type. */
export const CLIENT_ATTRIBUTES = {
  'zscaler.service': 'zia',
  'zscaler.retryable': true,
  'http.response.status_code': 429,
  'zscaler.retry_after': 13.5,
  'zscaler.tags': ['a', 'b', 'ü'],
  'negative.int': -7,
} as const;

export interface RecordedSpans {
  readonly traceId: string;
  readonly parentSpanId: string;
  readonly childSpanId: string;
  readonly start: bigint;
  readonly end: bigint;
  readonly eventTime: bigint;
}

/** A SERVER span with a CLIENT child (error status, an event, every attribute type), exported at once. */
export async function recordSpans(exporter: SpanExporter): Promise<RecordedSpans> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes(RESOURCE),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer(SCOPE.name, SCOPE.version);
  const parent = tracer.startSpan('GET /things', { kind: SpanKind.SERVER, startTime: START });
  const child = tracer.startSpan(
    'POST',
    { kind: SpanKind.CLIENT, startTime: START, attributes: CLIENT_ATTRIBUTES },
    trace.setSpan(context.active(), parent),
  );
  child.addEvent('retry', { attempt: 2 }, EVENT_TIME);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'Exceeded the number of requests allowed' });
  child.end(END);
  parent.setStatus({ code: SpanStatusCode.OK });
  parent.end(END);
  await provider.forceFlush();
  await provider.shutdown();
  return {
    traceId: parent.spanContext().traceId,
    parentSpanId: parent.spanContext().spanId,
    childSpanId: child.spanContext().spanId,
    start: nanos(START),
    end: nanos(END),
    eventTime: nanos(EVENT_TIME),
  };
}

export const BUCKETS = [0.5, 1, 5];

/**
 * A counter (two series), a histogram in seconds with explicit buckets, an int gauge and a double gauge,
 * collected and exported once, cumulative.
 */
export async function recordMetrics(exporter: PushMetricExporter): Promise<void> {
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes(RESOURCE), readers: [reader] });
  const meter = provider.getMeter(SCOPE.name, SCOPE.version);
  const requests = meter.createCounter('zscaler.api.requests', {
    unit: '{request}',
    description: 'Requests',
  });
  requests.add(3, { 'zscaler.service': 'zia', 'http.response.status_code': 429 });
  requests.add(2, { 'zscaler.service': 'zia', 'http.response.status_code': 429 });
  requests.add(1, { 'zscaler.service': 'zpa', 'http.response.status_code': 200 });
  const duration = meter.createHistogram('zscaler.api.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (const seconds of [0.25, 0.75, 2, 10]) duration.record(seconds, { 'zscaler.service': 'zia' });
  meter
    .createGauge('zscaler.api.ratelimit.remaining', { unit: '{request}', valueType: ValueType.INT })
    .record(42, {
      'zscaler.service': 'zpa',
    });
  meter.createGauge('temperature').record(-1.25);
  await provider.forceFlush();
  await provider.shutdown();
}
