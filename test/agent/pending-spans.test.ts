import { TraceFlags } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { PendingSpans, recordingPending } from '../../src/agent/pending-spans.js';
import type { ReadableSpan, SpanProcessor } from '../../src/sdk/index.js';

function span(name: string, traceFlags = TraceFlags.SAMPLED): ReadableSpan {
  return { name, spanContext: () => ({ traceId: 't', spanId: name, traceFlags }) } as unknown as ReadableSpan;
}

function innerProcessor(): SpanProcessor {
  return { onStart: vi.fn(), onEnd: vi.fn(), forceFlush: vi.fn(), shutdown: vi.fn() };
}

describe('PendingSpans', () => {
  it('keeps ended sampled spans until their export is answered', () => {
    const pending = new PendingSpans(10);
    const inner = innerProcessor();
    const processor = recordingPending(inner, pending);
    const [a, b, unsampled] = [span('a'), span('b'), span('c', TraceFlags.NONE)];
    for (const ended of [a, b, unsampled]) processor.onEnd(ended);
    expect(inner.onEnd).toHaveBeenCalledTimes(3);
    pending.settle([a]);
    expect(pending.take()).toEqual([b]);
    expect(pending.take()).toEqual([]);
  });

  it('records no more than its limit', () => {
    const pending = new PendingSpans(2);
    for (const name of ['a', 'b', 'c']) pending.add(span(name));
    expect(pending.take().map((kept) => kept.name)).toEqual(['a', 'b']);
  });
});
