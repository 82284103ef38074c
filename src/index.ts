/**
 * zscaler-otel-agent: programmatic use inside the OpenTelemetry set-up an app already runs (either line).
 *
 *   new NodeSDK({
 *     spanProcessors: [new ZscalerSpanProcessor(options), new BatchSpanProcessor({ exporter })],
 *     instrumentations: [...yourInstrumentations],           // any: the processor needs none of theirs
 *     sampler: zscalerSampler(yourSampler, options),         // only with a sampler of your own
 *   })
 */
export { zscalerInstrumentations } from './telemetry/instrumentations.js';
export { type ResolvedOptions, resolveOptions, type ZscalerAgentOptions } from './telemetry/options.js';
export { ZscalerSpanProcessor } from './telemetry/processor.js';
export { zscalerSampler } from './telemetry/sampler.js';
