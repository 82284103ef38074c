/**
 * Compiled by `npm run typecheck`, never run: the public API, typed against `@opentelemetry/api` alone
 * (src/telemetry/sdk-types.ts), fits a user's own NodeSDK of the 3.x line as README "In your own NodeSDK" shows.
 * (test/packaging.test.ts checks that the built declarations name no other module.)
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  type Sampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { ZscalerSpanProcessor, zscalerInstrumentations, zscalerSampler } from '../src/index.js';

export function userSdk(): NodeSDK {
  return new NodeSDK({
    spanProcessors: [
      new ZscalerSpanProcessor({ extraHosts: 'gw.example.com=zia' }),
      new BatchSpanProcessor({ exporter: new ConsoleSpanExporter() }),
    ],
    sampler: zscalerSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) })),
    instrumentations: [zscalerInstrumentations({ instrumentHttp: false })],
  });
}

// Each on its own, where an app keeps its processors and sampler in variables of the SDK's types.
export const processor: SpanProcessor = new ZscalerSpanProcessor();
export const sampler: Sampler = zscalerSampler(new AlwaysOnSampler());
