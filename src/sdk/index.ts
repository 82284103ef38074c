/**
 * The one door to the OpenTelemetry JS 3.x SDK packages the preload and zscalerInstrumentations() use. The build
 * bundles this module with those packages into dist/sdk/index.js (esbuild, .ci/bundle-sdk.mjs), so the published
 * package depends on none of them and an app on the 2.x line (`@opentelemetry/api` 1.9) installs it without a
 * conflict. Outside the bundle stay `@opentelemetry/api` (the app's copy, a peer) and the few other packages the
 * SDK requires (regular dependencies: import-in-the-middle, require-in-the-middle, @grpc/grpc-js, …).
 *
 * Loading it loads the whole SDK, and on api 1.9 it fails while loading: import it only from modules that the
 * preload loads after its api check (src/agent/install.ts and what that imports), elsewhere take `import type`
 * from here and `loadSdk()` (./load.ts) after `sdkLineSupported()` (./line.ts).
 */
export {
  type ExportResult,
  ExportResultCode,
  millisToHrTime,
  parseKeyPairsIntoRecord,
} from '@opentelemetry/core';
export { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
export {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
export { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
export { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
export { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
export type { Instrumentation } from '@opentelemetry/instrumentation';
export { HttpInstrumentation, type HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
export {
  UndiciInstrumentation,
  type UndiciInstrumentationConfig,
} from '@opentelemetry/instrumentation-undici';
// The span exporters over protobuf are built from these around the agent's own span encoding
// (src/agent/span-protobuf.ts), as the stock ones are around the stock serializer.
export { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
export {
  convertLegacyHttpOptions,
  createOtlpHttpExportDelegate,
} from '@opentelemetry/otlp-exporter-base/node-http';
export {
  convertLegacyOtlpGrpcOptions,
  createOtlpGrpcExportDelegate,
} from '@opentelemetry/otlp-grpc-exporter-base';
// Synchronous serialisers: the export at process exit has no event loop to wait on (src/agent/exit-export.ts).
export {
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
} from '@opentelemetry/otlp-transformer';
export { emptyResource } from '@opentelemetry/resources';
export {
  AggregationTemporality,
  type CollectionResult,
  ConsoleMetricExporter,
  DataPointType,
  type IMetricReader,
  type MetricData,
  type MetricDescriptor,
  type MetricProducer,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
export { NodeSDK } from '@opentelemetry/sdk-node';
export {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
