/**
 * The sampler: OTEL_TRACES_SAMPLER and _ARG as NodeSDK reads them (rebuilt here, because passing a sampler
 * switches NodeSDK's reading off), wrapped by zscalerSampler so that the metrics count every Zscaler request.
 */
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '../sdk/index.js';
import { zscalerSampler } from '../telemetry/sampler.js';
import type { SamplerName } from './config.js';

function configuredSampler(name: SamplerName | undefined, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    case 'parentbased_always_on':
    case undefined:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

export function createSampler(name: SamplerName | undefined, ratio: number, extraHosts?: string): Sampler {
  const sampler = configuredSampler(name, ratio);
  // always_on records everything already; the wrapper would only cost a check per span.
  if (name === 'always_on') return sampler;
  return zscalerSampler(sampler, { extraHosts });
}
