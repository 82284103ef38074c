/**
 * One benchmark configuration in a fresh process: no OpenTelemetry, a plain NodeSDK with the stock undici
 * instrumentation (what a user would otherwise run), the same plus only the contract's SDK calls for a 429 span
 * (the floor under any agent: bench/contract-floor.mjs), or the same NodeSDK with the agent's processor and
 * instrumentations. Spans and metrics go to exporters that drop them, so what is measured is the pipeline.
 */
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { ZscalerSpanProcessor, zscalerInstrumentations } from '../dist/index.mjs';
import { ContractFloorProcessor } from './contract-floor.mjs';

/** The processors each configuration puts before the batch processor. */
const FIRST_PROCESSORS = {
  baseline: () => [],
  floor: () => [new ContractFloorProcessor()],
  agent: () => [new ZscalerSpanProcessor()],
};
export const CONFIGURATIONS = ['none', ...Object.keys(FIRST_PROCESSORS)];

// As the preloads' OTEL_BSP_SCHEDULE_DELAY and OTEL_METRIC_EXPORT_INTERVAL; bench/instructions.mjs, slowed down
// 50 times by valgrind, sets both far apart, for the preloads too.
const BATCH_DELAY_MS = Number(process.env.BENCH_BATCH_DELAY_MS ?? 200);
const METRIC_INTERVAL_MS = Number(process.env.BENCH_METRIC_INTERVAL_MS ?? 1000);
const SUCCESS = { code: 0 };
const dropSpans = { export: (_spans, done) => done(SUCCESS), shutdown: async () => {} };
const dropMetrics = {
  export: (_metrics, done) => done(SUCCESS),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/** Starts the configuration; returns a stop function. */
export function startConfiguration(name) {
  if (name === 'none') return async () => {};
  const sdk = new NodeSDK({
    instrumentations: name === 'agent' ? zscalerInstrumentations() : [new UndiciInstrumentation()],
    spanProcessors: [
      ...FIRST_PROCESSORS[name](),
      new BatchSpanProcessor({ exporter: dropSpans, scheduledDelayMillis: BATCH_DELAY_MS }),
    ],
    metricReaders: [
      new PeriodicExportingMetricReader({ exporter: dropMetrics, exportIntervalMillis: METRIC_INTERVAL_MS }),
    ],
    autoDetectResources: false,
    logRecordProcessors: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
