/**
 * The sampler: OTEL_TRACES_SAMPLER and _ARG as NodeSDK reads them (rebuilt here, because passing a sampler
 * switches NodeSDK's reading off), wrapped so that a Zscaler request the sampler drops is still recorded.
 * The Zscaler processor then sees it and counts it in the metrics, while no exporter sends it (it stays
 * unsampled, and its trace flags go downstream unchanged). Without this the metrics would count only sampled
 * requests: none at all, for example, under an upstream service that samples 1 % and propagates its decision.
 */
import { type Attributes, type Context, type Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { createHostClassifier, type HostClassifier } from '../catalog/index.js';
import { hostOf, pathOf } from '../telemetry/span-request.js';
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

class RecordZscalerRequests implements Sampler {
  constructor(
    private readonly sampler: Sampler,
    private readonly classifier: HostClassifier,
  ) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    if (result.decision !== SamplingDecision.NOT_RECORD || spanKind !== SpanKind.CLIENT) return result;
    const host = hostOf(attributes);
    if (host === undefined || this.classifier.classify(host, pathOf(attributes)) === undefined) return result;
    return { ...result, decision: SamplingDecision.RECORD };
  }

  toString(): string {
    return `RecordZscalerRequests{${this.sampler.toString()}}`;
  }
}

export function createSampler(name: SamplerName | undefined, ratio: number, extraHosts?: string): Sampler {
  const sampler = configuredSampler(name, ratio);
  // always_on records everything already; the wrapper would only cost a check per span.
  if (name === 'always_on') return sampler;
  // The processor reports bad ZSCALER_OTEL_EXTRA_HOSTS entries; this classifier stays quiet about them.
  return new RecordZscalerRequests(sampler, createHostClassifier({ extraHosts, onConfigError: () => {} }));
}
