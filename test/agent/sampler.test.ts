import { context, ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createSampler } from '../../src/agent/sampler.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const ZPA = {
  'server.address': 'config.private.zscaler.com',
  'url.full': 'https://config.private.zscaler.com/x',
};
const OTHER = { 'server.address': 'api.example.com', 'url.full': 'https://api.example.com/x' };

function decide(
  sampler: ReturnType<typeof createSampler>,
  kind: SpanKind,
  attributes: object,
  parent = ROOT_CONTEXT,
) {
  return sampler.shouldSample(parent, TRACE_ID, 'GET', kind, { ...attributes }, []).decision;
}

const unsampledParent = trace.setSpanContext(context.active(), {
  traceId: TRACE_ID,
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.NONE,
  isRemote: true,
});

describe('createSampler', () => {
  it('defaults to parent-based always-on', () => {
    const sampler = createSampler(undefined, 1);
    expect(decide(sampler, SpanKind.CLIENT, OTHER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, SpanKind.CLIENT, OTHER, unsampledParent)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('records (without sampling) the Zscaler client requests the configured sampler drops', () => {
    for (const sampler of [createSampler('always_off', 1), createSampler('traceidratio', 0)]) {
      expect(decide(sampler, SpanKind.CLIENT, ZPA)).toBe(SamplingDecision.RECORD);
      expect(decide(sampler, SpanKind.CLIENT, OTHER)).toBe(SamplingDecision.NOT_RECORD);
      expect(decide(sampler, SpanKind.SERVER, ZPA)).toBe(SamplingDecision.NOT_RECORD);
    }
    const parentBased = createSampler('parentbased_always_on', 1);
    expect(decide(parentBased, SpanKind.CLIENT, ZPA, unsampledParent)).toBe(SamplingDecision.RECORD);
  });

  it('keeps the sampling decision where the sampler samples', () => {
    expect(decide(createSampler('traceidratio', 1), SpanKind.CLIENT, ZPA)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide(createSampler('always_on', 1), SpanKind.CLIENT, OTHER)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it('knows the hosts of ZSCALER_OTEL_EXTRA_HOSTS', () => {
    const sampler = createSampler('always_off', 1, 'api.example.com=zia');
    expect(decide(sampler, SpanKind.CLIENT, OTHER)).toBe(SamplingDecision.RECORD);
  });
});
