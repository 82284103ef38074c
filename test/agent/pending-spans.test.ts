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

  it('keeps no more than its limit: the oldest leave, recording goes on', () => {
    const pending = new PendingSpans(2);
    for (const name of ['a', 'b', 'c']) pending.add(span(name));
    expect(pending.take().map((kept) => kept.name)).toEqual(['b', 'c']);
    pending.add(span('d'));
    expect(pending.take().map((kept) => kept.name)).toEqual(['d']);
  });

  it('finds an answered batch wherever it is: batches answered out of order, spans never answered', () => {
    const pending = new PendingSpans(100);
    const spans = Array.from({ length: 10 }, (_, i) => span(`s${i}`));
    for (const ended of spans) pending.add(ended);
    // s0 was dropped by the batch processor (never answered); s1–s3 and s4–s6 are two batches, the later
    // answered first; s7–s9 still queued.
    pending.settle(spans.slice(4, 7));
    pending.settle(spans.slice(1, 4));
    expect(pending.take().map((kept) => kept.name)).toEqual(['s0', 's7', 's8', 's9']);
  });

  it('stays bounded over many batches when some spans are never answered', () => {
    const limit = 50;
    const pending = new PendingSpans(limit);
    let kept = 0;
    for (let batch = 0; batch < 500; batch++) {
      const spans = Array.from({ length: 10 }, (_, i) => span(`b${batch}-${i}`));
      for (const ended of spans) pending.add(ended);
      // One span in ten is dropped by the batch processor: never answered.
      pending.settle(spans.slice(1));
      kept = (pending as unknown as { spans: unknown[]; head: number }).spans.length;
      expect(kept).toBeLessThanOrEqual(2 * limit + 2048);
    }
    const left = pending.take();
    expect(left.length).toBeLessThanOrEqual(limit);
    expect(left.at(-1)?.name).toBe('b499-0');
  });

  it('answering a span twice, or one it never had, changes nothing else', () => {
    const pending = new PendingSpans(10);
    const [a, b] = [span('a'), span('b')];
    pending.add(a);
    pending.add(b);
    pending.settle([a]);
    pending.settle([a, span('stranger')]);
    expect(pending.take()).toEqual([b]);
  });
});
