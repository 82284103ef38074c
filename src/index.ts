/**
 * zscaler-otel-agent: programmatic use inside an app's own NodeSDK.
 *
 *   new NodeSDK({
 *     spanProcessors: [new ZscalerSpanProcessor(options), new BatchSpanProcessor({ exporter })],
 *     instrumentations: zscalerInstrumentations(options),
 *   })
 */
export { zscalerInstrumentations } from './telemetry/instrumentations.js';
export { type ResolvedOptions, resolveOptions, type ZscalerAgentOptions } from './telemetry/options.js';
export { ZscalerSpanProcessor } from './telemetry/processor.js';
