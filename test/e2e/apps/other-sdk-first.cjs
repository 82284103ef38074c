// Preloaded before the agent: another OpenTelemetry SDK registering its tracer provider, as a vendor agent's
// `--require` would.
const { trace } = require('@opentelemetry/api');
const { TracerProvider } = require('@opentelemetry/sdk-trace');

trace.setGlobalTracerProvider(new TracerProvider());
