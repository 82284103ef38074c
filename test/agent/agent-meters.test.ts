/**
 * The preload's own instruments report what the SDK's would: the same outcomes recorded through ZscalerMetrics on
 * an SDK MeterProvider and on AgentMeterProvider give the same metrics, descriptors and points (times aside), also
 * through a reader that takes it as a producer. And they stay bounded and harmless on odd input.
 */
import { type Attributes, ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  type MetricData,
  type MetricProducer,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { AgentMeterProvider } from '../../src/agent/agent-meters.js';
import type { Interpretation } from '../../src/catalog/index.js';
import { METER_NAME, type Outcome, ZscalerMetrics } from '../../src/telemetry/metrics.js';
import { ManualReader } from '../telemetry/manual-reader.js';
import { THROTTLED, ZIA, ZPA } from '../telemetry/outcome-fixtures.js';

const LOCKED: Interpretation = {
  errorIdKnown: true,
  errorId: 'EDIT_LOCK_NOT_AVAILABLE',
  category: 'conflict',
  retryable: true,
};

const OUTCOMES: Outcome[] = [
  { target: ZPA, method: 'GET', status: 429, seconds: 0.012, interpretation: THROTTLED },
  {
    target: ZPA,
    method: 'GET',
    status: 429,
    seconds: 0.3,
    interpretation: { ...THROTTLED, retryAfter: 0.5, rateLimitRemaining: 3 },
    repeat: { attempt: 1, waited: 2, asked: 13, early: true },
  },
  { target: ZIA, method: 'PUT', status: 409, seconds: 1.7, interpretation: LOCKED },
  {
    target: ZIA,
    method: 'PUT',
    status: 409,
    seconds: 20,
    interpretation: { ...LOCKED, errorIdKnown: false, errorId: 'x' },
  },
  { target: ZIA, method: 'GET', status: 200, seconds: 0.005, interpretation: undefined },
  {
    target: ZIA,
    method: 'GET',
    status: undefined,
    seconds: 4,
    interpretation: undefined,
    repeat: { attempt: 2, waited: 0.05, asked: undefined, early: undefined },
  },
];

/** A reader as the preload's: cumulative, with the agent's instruments as a producer. */
class ProducerReader extends MetricReader {
  constructor(producer: MetricProducer) {
    super({
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      metricProducers: [producer],
    });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Metrics as comparable data: times left out, points in a stable order. */
function normalise(resourceMetrics: ResourceMetrics) {
  const metrics = resourceMetrics.scopeMetrics
    .filter((scope) => scope.scope.name === METER_NAME)
    .flatMap((scope) => scope.metrics);
  return metrics.map((metric: MetricData) => ({
    name: metric.descriptor.name,
    description: metric.descriptor.description,
    unit: metric.descriptor.unit,
    valueType: metric.descriptor.valueType,
    dataPointType: metric.dataPointType,
    temporality: metric.aggregationTemporality,
    monotonic: 'isMonotonic' in metric ? metric.isMonotonic : undefined,
    points: (metric.dataPoints as DataPoint<number | Histogram>[])
      .map((point) => ({ attributes: sorted(point.attributes), value: point.value }))
      .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes))),
  }));
}

function sorted(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));
}

describe('AgentMeterProvider', () => {
  it('reports what the SDK reports for the same recordings, directly and as a reader’s producer', async () => {
    const sdkReader = new ManualReader();
    const sdk = new ZscalerMetrics(new MeterProvider({ readers: [sdkReader] }));
    const agentMeters = new AgentMeterProvider();
    const ours = new ZscalerMetrics(agentMeters);
    for (let round = 0; round < 3; round++) {
      for (const outcome of OUTCOMES) {
        sdk.record(outcome);
        ours.record(outcome);
      }
    }
    const expected = normalise((await sdkReader.collect()).resourceMetrics);
    expect(expected.map((metric) => metric.name)).toEqual([
      'zscaler.api.requests',
      'zscaler.api.rate_limited',
      'zscaler.api.conflicts',
      'zscaler.api.retry_after',
      'zscaler.api.request.duration',
      'zscaler.api.ratelimit.remaining',
      'zscaler.api.retries',
      'zscaler.api.retry.waited',
    ]);
    expect(normalise((await agentMeters.collect()).resourceMetrics)).toEqual(expected);
    expect(normalise(agentMeters.collectNow().resourceMetrics)).toEqual(expected);

    const producerReader = new ProducerReader(agentMeters);
    new MeterProvider({ readers: [producerReader] });
    expect(normalise((await producerReader.collect()).resourceMetrics)).toEqual(expected);
  });

  it('finds a series by content when the attribute set is a new object, and bounds the sets', async () => {
    const provider = new AgentMeterProvider();
    const histogram = provider
      .getMeter('m')
      .createHistogram('h', { advice: { explicitBucketBoundaries: [10, 1] } });
    histogram.record(1, { a: 'x', b: 1 });
    histogram.record(5, { b: 1, a: 'x' });
    histogram.record(-1, { a: 'x', b: 1 });
    histogram.record(Number.NaN, { a: 'x', b: 1 });
    histogram.record(2, null as unknown as Attributes);
    for (let i = 0; i < 2_100; i++) histogram.record(100, { i });
    const [metric] = (await provider.collect()).resourceMetrics.scopeMetrics[0]?.metrics ?? [];
    const points = metric?.dataPoints as DataPoint<Histogram>[];
    expect(points.length).toBe(2_001);
    expect(points[1]?.attributes).toEqual({});
    expect(points[0]?.value).toMatchObject({
      count: 2,
      sum: 6,
      min: 1,
      max: 5,
      buckets: { boundaries: [1, 10], counts: [1, 1, 0] },
    });
    expect(points.at(-1)?.attributes).toEqual({ 'otel.metric.overflow': true });
    expect(points.at(-1)?.value.count).toBe(102);
  });

  it('keeps integers of an INT instrument, drops what is not a number, and survives a throwing callback', async () => {
    const provider = new AgentMeterProvider();
    const meter = provider.getMeter('m');
    const counter = meter.createObservableCounter('c', { valueType: ValueType.INT });
    const gauge = meter.createObservableGauge('g');
    meter.addBatchObservableCallback(() => {
      throw new Error('the app’s bug');
    }, [counter]);
    meter.addBatchObservableCallback(
      (result) => {
        result.observe(counter, 2.9, { k: 'v' });
        result.observe(gauge, Number.POSITIVE_INFINITY);
        result.observe(gauge, '7' as unknown as number);
      },
      [counter, gauge],
    );
    meter.createCounter('unused').add(1);
    const metrics = (await provider.collect()).resourceMetrics.scopeMetrics[0]?.metrics ?? [];
    expect(metrics.map((metric) => metric.descriptor.name)).toEqual(['c']);
    expect(metrics[0]?.dataPoints.map((point) => point.value)).toEqual([2]);
  });
});
