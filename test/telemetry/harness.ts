/**
 * The telemetry tests' process-wide setup: every host name resolves to loopback (so real Zscaler names reach
 * the fixture server), a TracerProvider with the Zscaler processor first and an in-memory exporter, the
 * instrumentations of the set-up under test registered, and a fresh global MeterProvider with a manual reader
 * per measurement.
 */
import { createRequire } from 'node:module';
import { metrics, trace } from '@opentelemetry/api';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { type DataPoint, type Histogram, MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { type ZscalerAgentOptions, ZscalerSpanProcessor, zscalerInstrumentations } from '../../src/index.js';
import { installLoopbackResolver } from '../../src/simulator/loopback-resolver.js';
import { ManualReader } from './manual-reader.js';

export interface Harness {
  readonly exporter: InMemorySpanExporter;
  /** Starts counting metrics afresh (a new global MeterProvider). */
  resetMetrics(): void;
  /** Every metric point of the meter `zscaler-otel-agent` since the last reset, flattened. */
  points(): Promise<MetricPoint[]>;
}

export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly attributes: Record<string, unknown>;
  /** Counter/gauge value, or a histogram's count and sum. */
  readonly value: number | { count: number; sum: number };
}

/**
 * Who makes the spans: the agent's configured instrumentations (the preload's set-up), the stock undici and
 * http instrumentations with no configuration (the processor alone, as in any app's own set-up), or both at
 * once (a common mistake: fetch and node:http requests get two spans each).
 */
export type InstrumentationSet = 'agent' | 'stock' | 'both';

function stockInstrumentations(): Instrumentation[] {
  return [new UndiciInstrumentation(), new HttpInstrumentation()];
}

/** `instrumentationSet`: a named set, or instrumentations the test made itself (before loading the agent). */
export function setUpTelemetry(
  options: ZscalerAgentOptions = {},
  instrumentationSet: InstrumentationSet | Instrumentation[] = 'agent',
): Harness {
  installLoopbackResolver({ matches: () => true });
  const exporter = new InMemorySpanExporter();
  // Unless a test watches retries: every reading of the clock is 16 minutes after the last, so no request is a
  // repeat of another (the suites send the same case through every client).
  let now = 0;
  const clock =
    options.clock ??
    (() => {
      now += 16 * 60_000;
      return now;
    });
  const tracerProvider = new TracerProvider({
    spanProcessors: [new ZscalerSpanProcessor({ ...options, clock }), new SimpleSpanProcessor({ exporter })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const instrumentations = Array.isArray(instrumentationSet)
    ? instrumentationSet
    : {
        agent: () => zscalerInstrumentations(options),
        stock: stockInstrumentations,
        both: () => [...zscalerInstrumentations(options), ...stockInstrumentations()],
      }[instrumentationSet]();
  registerInstrumentations({ instrumentations, tracerProvider });
  // instrumentation-http patches node:http when it is next required.
  createRequire(import.meta.url)('node:http');
  let reader = new ManualReader();
  const resetMetrics = () => {
    reader = new ManualReader();
    metrics.disable();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  };
  resetMetrics();
  return {
    exporter,
    resetMetrics,
    async points() {
      const { resourceMetrics } = await reader.collect();
      const found: MetricPoint[] = [];
      for (const scope of resourceMetrics.scopeMetrics) {
        if (scope.scope.name !== 'zscaler-otel-agent') continue;
        for (const metric of scope.metrics) {
          for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
            const value = point.value;
            found.push({
              name: metric.descriptor.name,
              unit: metric.descriptor.unit,
              attributes: { ...point.attributes },
              value: typeof value === 'number' ? value : { count: value.count, sum: value.sum ?? 0 },
            });
          }
        }
      }
      return found;
    },
  };
}

/** Waits until the exporter holds `count` spans (spans end at the end of the body, which may follow the app's read). */
export async function finishedSpans(exporter: InMemorySpanExporter, count: number): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 5000;
  while (exporter.getFinishedSpans().length < count) {
    if (Date.now() > deadline)
      throw new Error(`expected ${count} spans, got ${exporter.getFinishedSpans().length}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return exporter.getFinishedSpans();
}

/** The span's `zscaler.*` attributes only. */
export function zscalerAttributes(span: ReadableSpan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(span.attributes).filter(([name]) => name.startsWith('zscaler.')));
}
