// The OpenTelemetry JS 3.x line as its README shows it: NodeSDK with getNodeAutoInstrumentations(), the
// user's own OTLP exporters (spanProcessors replaces the exporter NodeSDK would build from OTEL_*), and the
// Zscaler processor first.
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { ZscalerSpanProcessor } = require('zscaler-otel-agent');

const sdk = new NodeSDK({
  spanProcessors: [new ZscalerSpanProcessor(), new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  metricReaders: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();

module.exports = { shutdown: () => sdk.shutdown() };
