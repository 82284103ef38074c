/**
 * zscalerSampler(sampler): the app's sampler, except that a Zscaler request it drops is still recorded. The
 * processor then sees that span and counts it in the metrics, while no exporter sends it (it stays unsampled,
 * and its trace flags go downstream unchanged). Without it the metrics count only sampled requests: none at
 * all, for example, under an upstream service that samples 1 % and propagates its decision.
 */
import { type Attributes, type Context, type Link, SpanKind } from '@opentelemetry/api';
import { createHostClassifier, type HostClassifier } from '../catalog/index.js';
import { resolveOptions, type ZscalerAgentOptions } from './options.js';
import type { Sampler, SamplingResult } from './sdk-types.js';
import { hostOf, pathOf } from './span-request.js';

// The SDK's SamplingDecision values (stable, the same on the 2.x and 3.x lines; see sdk-types.ts), so that the
// sampler works with whichever SDK the app runs and loads none itself.
const NOT_RECORD = 0;
const RECORD = 1;

export function zscalerSampler(sampler: Sampler, options: ZscalerAgentOptions = {}): Sampler {
  // The processor reports bad extraHosts entries; this classifier stays quiet about them.
  const classifier = createHostClassifier({
    extraHosts: resolveOptions(options).extraHosts,
    onConfigError: () => {},
  });
  return new RecordZscalerRequests(sampler, classifier);
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
    if (result.decision !== NOT_RECORD || spanKind !== SpanKind.CLIENT) return result;
    const host = hostOf(attributes);
    if (host === undefined || this.classifier.classify(host, pathOf(attributes)) === undefined) return result;
    return { ...result, decision: RECORD };
  }

  toString(): string {
    return `RecordZscalerRequests{${this.sampler.toString()}}`;
  }
}
