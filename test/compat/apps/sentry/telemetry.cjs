// Sentry 11 next to the app's own OpenTelemetry set-up, the way Sentry 11 documents it: Sentry no longer runs
// an OpenTelemetry SDK (its spans come from its own diagnostics-channel instrumentation and never reach an
// OpenTelemetry span processor), `openTelemetryIntegration()` ties its events to the active OpenTelemetry
// span, and the app's NodeSDK (3.x: what npm resolves next to Sentry's @opentelemetry/api ^1.9.1) traces HTTP
// with the stock undici and http instrumentations, the Zscaler processor first. The DSN is the test's sink.
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const Sentry = require('@sentry/node');
const { ZscalerSpanProcessor } = require('zscaler-otel-agent');

const sdk = new NodeSDK({
  spanProcessors: [new ZscalerSpanProcessor(), new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  metricReaders: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
  instrumentations: [new UndiciInstrumentation(), new HttpInstrumentation()],
});
sdk.start();

Sentry.init({
  dsn: process.env.COMPAT_SENTRY_DSN,
  tracesSampleRate: 1,
  integrations: [Sentry.openTelemetryIntegration()],
});

module.exports = {
  async shutdown() {
    await sdk.shutdown();
    await Sentry.close(2000);
  },
};
