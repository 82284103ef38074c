/**
 * A metric reader's collection, synchronously: MetricReader.collect is async (it awaits the observable
 * callbacks first), and after process.exit no promise settles. The synchronous instruments' storages collect
 * synchronously in the bundled @opentelemetry/sdk-metrics 3.1 (MeterSharedState.collect minus the callbacks),
 * so this walks the same private path: reader → its MetricCollector → the provider's shared state → each
 * meter's observable callbacks, then its storages for that collector. test/agent/metrics-now.test.ts pins the
 * shape.
 *
 * The observable callbacks are called here as the SDK calls them, and their observations recorded at once. The
 * agent's own instruments (agent-meters.ts) are added from their synchronous collection. Missed: what an
 * asynchronous callback observes after its first await, and other metric producers added to the reader.
 */
import type { Attributes, ValueType } from '@opentelemetry/api';
import type { IMetricReader, MetricData, ResourceMetrics, ScopeMetrics } from '../sdk/index.js';
import { type AgentMeterProvider, hrTimeNow, observedValue } from './agent-meters.js';

interface MetricStorage {
  collect(collector: unknown, collectionTime: [number, number]): MetricData | undefined | null;
}

type Observations = Map<Attributes, number>;

interface ObservableInstrument {
  readonly _descriptor: { readonly name: string; readonly valueType: ValueType };
  readonly _metricStorages: ReadonlyArray<{ record(observed: Observations, time: [number, number]): void }>;
}

type Observe = (value: unknown, attributes?: Attributes) => void;

interface ObservableRegistry {
  readonly _callbacks: ReadonlyArray<{
    readonly callback: (result: { observe: Observe }) => unknown;
    readonly instrument: ObservableInstrument;
  }>;
  readonly _batchCallbacks: ReadonlyArray<{
    readonly callback: (result: {
      observe: (instrument: unknown, value: unknown, attributes?: Attributes) => void;
    }) => unknown;
    readonly instruments: ReadonlySet<ObservableInstrument>;
  }>;
}

interface MeterState {
  readonly metricStorageRegistry: { getStorages(collector: unknown): MetricStorage[] };
  readonly observableRegistry: ObservableRegistry;
  readonly _instrumentationScope: ScopeMetrics['scope'];
}

interface Collector {
  readonly _sharedState: {
    readonly resource: ResourceMetrics['resource'];
    readonly meterSharedStates: Map<string, MeterState>;
  };
}

/** As the SDK's observable results (observedValue). */
function keep(
  into: Observations,
  instrument: ObservableInstrument,
  value: unknown,
  attributes: Attributes = {},
) {
  const kept = observedValue(value, instrument._descriptor.valueType);
  if (kept !== undefined) into.set(attributes, kept);
}

/** Calls a callback and leaves it be: a throw or a rejection is the app's callback's own (the SDK drops it). */
function call(callback: () => unknown): void {
  try {
    const returned = callback();
    if (returned instanceof Promise) returned.catch(() => {});
  } catch {}
}

function observeNow(registry: ObservableRegistry, time: [number, number]): void {
  for (const { callback, instrument } of registry._callbacks) {
    const observed: Observations = new Map();
    call(() => callback({ observe: (value, attributes) => keep(observed, instrument, value, attributes) }));
    for (const storage of instrument._metricStorages) storage.record(observed, time);
  }
  for (const { callback, instruments } of registry._batchCallbacks) {
    const observed = new Map<ObservableInstrument, Observations>();
    const observe = (instrument: unknown, value: unknown, attributes?: Attributes) => {
      const known = instrument as ObservableInstrument;
      if (!instruments.has(known)) return;
      const into = observed.get(known) ?? new Map();
      observed.set(known, into);
      keep(into, known, value, attributes);
    };
    call(() => callback({ observe }));
    for (const [instrument, values] of observed) {
      for (const storage of instrument._metricStorages) storage.record(values, time);
    }
  }
}

/**
 * What `reader` would export now; undefined when it is not bound to a provider, or the SDK's internals are not
 * shaped as expected (another version). Never throws.
 */
export function collectMetricsNow(
  reader: IMetricReader,
  agentMeters?: AgentMeterProvider,
): ResourceMetrics | undefined {
  try {
    const collector = (reader as unknown as { _sdkMetricProducer?: Collector })._sdkMetricProducer;
    const shared = collector?._sharedState;
    if (shared === undefined || !(shared.meterSharedStates instanceof Map)) return undefined;
    const collectionTime = hrTimeNow();
    const scopeMetrics: ScopeMetrics[] = [];
    for (const meter of shared.meterSharedStates.values()) {
      observeNow(meter.observableRegistry, collectionTime);
      const metrics = meter.metricStorageRegistry
        .getStorages(collector)
        .map((storage) => storage.collect(collector, collectionTime))
        .filter((data): data is MetricData => data != null);
      if (metrics.length > 0) scopeMetrics.push({ scope: meter._instrumentationScope, metrics });
    }
    if (agentMeters !== undefined)
      scopeMetrics.push(...agentMeters.collectNow().resourceMetrics.scopeMetrics);
    return { resource: shared.resource, scopeMetrics };
  } catch {
    return undefined;
  }
}
