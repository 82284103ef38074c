// Azure Monitor's distribution with a fake connection string whose ingestion endpoint is the test's loopback
// sink (no cloud account here; Azure's exporter speaks TLS to it and fails, so its shutdown rejects, which
// the test records). Its own span processor stays ahead of the user's (useAzureMonitor builds
// `[azure, ...spanProcessors, batch]`), so the Zscaler processor is the first of the user's. The OTLP
// processor and metric reader are the test's window on what the app produces.
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { shutdownAzureMonitor, useAzureMonitor } = require('@azure/monitor-opentelemetry');
const { ZscalerSpanProcessor } = require('zscaler-otel-agent');

const key = '00000000-0000-4000-8000-000000000000';

useAzureMonitor({
  azureMonitorExporterOptions: {
    connectionString: `InstrumentationKey=${key};IngestionEndpoint=${process.env.COMPAT_SINK_URL}/`,
    disableOfflineStorage: true,
  },
  // The default samples 5 traces a second (a rate limiter): a burst of requests would lose spans by timing.
  tracesPerSecond: 0,
  spanProcessors: [new ZscalerSpanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
  metricReaders: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
});
// Azure Monitor instruments node:http only; fetch and the undici package need the stock instrumentation
// (the version on Azure's @opentelemetry/instrumentation 0.221 line).
registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });

module.exports = { shutdown: shutdownAzureMonitor };
