// EDOT Node.js started in code, as its docs show for adding SDK components: startNodeSDK merges this over its
// defaults. Passing spanProcessors replaces the trace exporter it would build from OTEL_*, so the user adds
// one; metrics keep EDOT's own OTLP exporter (delta temporality unless told otherwise).
const { startNodeSDK, tracing } = require('@elastic/opentelemetry-node/sdk');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { ZscalerSpanProcessor } = require('zscaler-otel-agent');

const sdk = startNodeSDK({
  spanProcessors: [new ZscalerSpanProcessor(), new tracing.BatchSpanProcessor(new OTLPTraceExporter())],
});

module.exports = { shutdown: () => sdk.shutdown() };
