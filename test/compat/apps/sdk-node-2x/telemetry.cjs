// A hand-written set-up on the OpenTelemetry JS 2.x line (api 1.9): NodeSDK 0.22x with the stock undici and
// http instrumentations, no hooks configured, the Zscaler processor first.
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { metrics, NodeSDK, tracing } = require('@opentelemetry/sdk-node');
const { ZscalerSpanProcessor } = require('zscaler-otel-agent');

const sdk = new NodeSDK({
  spanProcessors: [new ZscalerSpanProcessor(), new tracing.BatchSpanProcessor(new OTLPTraceExporter())],
  metricReaders: [new metrics.PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
  instrumentations: [new UndiciInstrumentation(), new HttpInstrumentation()],
});
sdk.start();

module.exports = { shutdown: () => sdk.shutdown() };
