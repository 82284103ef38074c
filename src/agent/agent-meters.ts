/**
 * The preload's MeterProvider for the agent's own instruments (the processor's ZscalerMetrics), read by the SDK's
 * metric readers as a MetricProducer. Why: the SDK finds a recording's series by sorting and serialising its
 * attributes on every call, and that, with the garbage it leaves, made the three histogram points of a Zscaler
 * 429 cost about 6% of the whole request in the preload's fetch loop. ZscalerMetrics records on attribute sets
 * it built once, so here a recording finds its series by the set's identity (a new set is matched by content
 * once). Only what ZscalerMetrics uses is kept: histograms with explicit buckets, and observable counters and
 * gauges with batch callbacks; anything else is the API's no-op meter. Points are cumulative, each stream
 * bounded as the SDK bounds one (2000 attribute sets, then one overflow set). Someone else's SDK cannot take a
 * producer after it is built, so the drop-in processor records through the API instead.
 */
import {
  type Attributes,
  type BatchObservableCallback,
  createNoopMeter,
  type Histogram,
  type HrTime,
  type Meter,
  type MeterOptions,
  type MeterProvider,
  type MetricOptions,
  type Observable,
  type ObservableCounter,
  type ObservableGauge,
  ValueType,
} from '@opentelemetry/api';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  emptyResource,
  type MetricData,
  type MetricDescriptor,
  type MetricProducer,
  millisToHrTime,
  type ScopeMetrics,
} from '../sdk/index.js';

/** The SDK's default cardinality limit per metric stream, and the set past it, as the specification names it. */
const LIMIT = 2000;
const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const NO_ATTRIBUTES: Attributes = Object.freeze({});
/** The SDK's default explicit buckets, for a histogram created without advice. */
const DEFAULT_BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

export class AgentMeterProvider implements MeterProvider, MetricProducer {
  private readonly meters = new Map<string, AgentMeter>();

  getMeter(name: string, version?: string, options?: MeterOptions): Meter {
    const key = `${name}@${version ?? ''}`;
    let meter = this.meters.get(key);
    if (meter === undefined) {
      meter = new AgentMeter({ name, version, schemaUrl: options?.schemaUrl });
      this.meters.set(key, meter);
    }
    return meter;
  }

  async collect(): Promise<CollectionResult> {
    return this.collectNow();
  }

  /** The same, synchronously (the export at exit has no event loop): an asynchronous callback's later observations are missed. */
  collectNow(): CollectionResult {
    const endTime = hrTimeNow();
    const scopeMetrics: ScopeMetrics[] = [];
    for (const meter of this.meters.values()) {
      const metrics = meter.collect(endTime);
      if (metrics.length > 0) scopeMetrics.push({ scope: meter.scope, metrics });
    }
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics }, errors: [] };
  }
}

type Scope = ScopeMetrics['scope'];

interface Stream {
  collect(endTime: HrTime): MetricData | undefined;
}

class AgentMeter implements Meter {
  private readonly streams: Stream[] = [];
  private readonly batchCallbacks: Array<{
    callback: BatchObservableCallback;
    observables: Set<Observable>;
  }> = [];
  private readonly noop = createNoopMeter();

  constructor(readonly scope: Scope) {}

  createHistogram(name: string, options?: MetricOptions): Histogram {
    const histogram = new AgentHistogram(descriptor(name, options), options);
    this.streams.push(histogram);
    return histogram;
  }

  createObservableCounter(name: string, options?: MetricOptions): ObservableCounter {
    return this.observable(descriptor(name, options), DataPointType.SUM);
  }

  createObservableGauge(name: string, options?: MetricOptions): ObservableGauge {
    return this.observable(descriptor(name, options), DataPointType.GAUGE);
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this.batchCallbacks.push({ callback, observables: new Set(observables) });
  }

  removeBatchObservableCallback(callback: BatchObservableCallback): void {
    const index = this.batchCallbacks.findIndex((entry) => entry.callback === callback);
    if (index !== -1) this.batchCallbacks.splice(index, 1);
  }

  createCounter = (name: string, options?: MetricOptions) => this.noop.createCounter(name, options);
  createUpDownCounter = (name: string, options?: MetricOptions) =>
    this.noop.createUpDownCounter(name, options);
  createGauge = (name: string, options?: MetricOptions) => this.noop.createGauge(name, options);
  createObservableUpDownCounter = (name: string, options?: MetricOptions) =>
    this.noop.createObservableUpDownCounter(name, options);

  collect(endTime: HrTime): MetricData[] {
    for (const { callback, observables } of this.batchCallbacks) {
      try {
        const returned = callback({
          observe: (observable, value, attributes) => {
            if (observables.has(observable) && observable instanceof AgentObservable) {
              observable.observe(value, attributes);
            }
          },
        });
        // A throw or a rejection is the callback's own: the SDK drops it too.
        if (returned instanceof Promise) returned.catch(() => {});
      } catch {}
    }
    const metrics: MetricData[] = [];
    for (const stream of this.streams) {
      const data = stream.collect(endTime);
      if (data !== undefined) metrics.push(data);
    }
    return metrics;
  }

  private observable(
    metric: MetricDescriptor,
    type: DataPointType.SUM | DataPointType.GAUGE,
  ): AgentObservable {
    const observable = new AgentObservable(metric, type);
    this.streams.push(observable);
    return observable;
  }
}

/** Series by attribute set: found by the set's identity, a new set matched by content once; bounded. */
class SeriesMap<T> {
  private readonly byIdentity = new WeakMap<Attributes, T>();
  private readonly byContent = new Map<string, T>();
  private overflow: T | undefined;

  constructor(private readonly create: (attributes: Attributes) => T) {}

  get(given: Attributes): T {
    // Never thrown at a caller: what is not an object is no attributes.
    const attributes = typeof given === 'object' && given !== null ? given : NO_ATTRIBUTES;
    const known = this.byIdentity.get(attributes);
    if (known !== undefined) return known;
    const key = contentKey(attributes);
    let series = this.byContent.get(key);
    if (series === undefined) {
      if (this.byContent.size < LIMIT) {
        series = this.create(attributes);
        this.byContent.set(key, series);
      } else {
        this.overflow ??= this.create(OVERFLOW);
        series = this.overflow;
      }
    }
    this.byIdentity.set(attributes, series);
    return series;
  }

  values(): T[] {
    const all = [...this.byContent.values()];
    if (this.overflow !== undefined) all.push(this.overflow);
    return all;
  }
}

interface HistogramPoint {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  readonly counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

class AgentHistogram implements Histogram, Stream {
  private readonly boundaries: number[];
  private readonly points = new SeriesMap<HistogramPoint>((attributes) => ({
    attributes,
    startTime: hrTimeNow(),
    counts: new Array(this.boundaries.length + 1).fill(0),
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  }));

  constructor(
    private readonly metric: MetricDescriptor,
    options: MetricOptions | undefined,
  ) {
    const advised = options?.advice?.explicitBucketBoundaries;
    this.boundaries = Array.isArray(advised) ? [...advised].sort((a, b) => a - b) : DEFAULT_BOUNDARIES;
  }

  /** As the SDK: a negative value is not recorded (a histogram's sum only grows), nor is NaN. */
  record(value: number, attributes: Attributes = {}): void {
    if (typeof value !== 'number' || !(value >= 0)) return;
    const point = this.points.get(attributes);
    point.count++;
    point.sum += value;
    if (value < point.min) point.min = value;
    if (value > point.max) point.max = value;
    // The first bucket whose upper bound is not below the value, the last one past every bound.
    const boundaries = this.boundaries;
    let bucket = 0;
    while (bucket < boundaries.length && (boundaries[bucket] as number) < value) bucket++;
    point.counts[bucket] = (point.counts[bucket] as number) + 1;
  }

  collect(endTime: HrTime): MetricData | undefined {
    const points = this.points.values();
    if (points.length === 0) return undefined;
    return {
      descriptor: this.metric,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: points.map((point) => ({
        attributes: point.attributes,
        startTime: point.startTime,
        endTime,
        value: {
          buckets: { boundaries: this.boundaries, counts: [...point.counts] },
          count: point.count,
          sum: point.sum,
          min: point.count > 0 ? point.min : undefined,
          max: point.count > 0 ? point.max : undefined,
        },
      })),
    };
  }
}

interface ObservedPoint {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  value: number;
}

class AgentObservable implements ObservableCounter, Stream {
  private readonly points = new SeriesMap<ObservedPoint>((attributes) => ({
    attributes,
    startTime: hrTimeNow(),
    value: 0,
  }));

  constructor(
    private readonly metric: MetricDescriptor,
    private readonly type: DataPointType.SUM | DataPointType.GAUGE,
  ) {}

  observe(value: unknown, attributes: Attributes = {}): void {
    const kept = observedValue(value, this.metric.valueType);
    if (kept !== undefined) this.points.get(attributes).value = kept;
  }

  // Reported through batch callbacks only, which is all ZscalerMetrics registers.
  addCallback(): void {}
  removeCallback(): void {}

  collect(endTime: HrTime): MetricData | undefined {
    const points = this.points.values();
    if (points.length === 0) return undefined;
    const dataPoints = points.map(({ attributes, startTime, value }) => ({
      attributes,
      startTime,
      endTime,
      value,
    }));
    return this.type === DataPointType.SUM
      ? {
          descriptor: this.metric,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          dataPoints,
          isMonotonic: true,
        }
      : {
          descriptor: this.metric,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints,
        };
  }
}

function descriptor(name: string, options: MetricOptions | undefined): MetricDescriptor {
  return {
    name,
    description: options?.description ?? '',
    unit: options?.unit ?? '',
    valueType: options?.valueType ?? ValueType.DOUBLE,
  };
}

/** The attribute set by content: its entries sorted by key (the order they were built in does not matter). */
function contentKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An observed value as the SDK keeps it: numbers only, an INT instrument's truncated, and only if finite then. */
export function observedValue(value: unknown, valueType: ValueType | undefined): number | undefined {
  if (typeof value !== 'number') return undefined;
  const kept = valueType === ValueType.INT ? Math.trunc(value) : value;
  return Number.isFinite(kept) ? kept : undefined;
}

export function hrTimeNow(): HrTime {
  return millisToHrTime(Date.now());
}
