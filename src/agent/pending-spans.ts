/**
 * The spans that have ended and whose export has not been answered yet: the batch processor's buffer and the
 * batch in flight. What a process that ends without the normal flush (process.exit, an uncaught error) would
 * lose; the export at exit sends them (exit-export.ts). Kept by the agent rather than read from the batch
 * processor's private buffer, which also misses the batch in flight.
 */
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '../sdk/index.js';

export class PendingSpans {
  private readonly spans = new Set<ReadableSpan>();

  /** @param limit past it, new spans are not recorded (the batch processor drops them too, its queue full) */
  constructor(private readonly limit: number) {}

  add(span: ReadableSpan): void {
    if (this.spans.size < this.limit) this.spans.add(span);
  }

  /** The export of these spans has been answered, either way: a failed batch is dropped, not resent. */
  settle(spans: readonly ReadableSpan[]): void {
    for (const span of spans) this.spans.delete(span);
  }

  /** Everything pending, which is then no longer pending. */
  take(): ReadableSpan[] {
    const all = [...this.spans];
    this.spans.clear();
    return all;
  }
}

/** `inner` (the batch processor) with every sampled span it is given recorded in `pending` as it ends. */
export function recordingPending(inner: SpanProcessor, pending: PendingSpans): SpanProcessor {
  return {
    onStart: (span, parentContext) => inner.onStart(span, parentContext),
    onEnd: (span: ReadableSpan) => {
      // As the batch processor: unsampled spans are never exported.
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) pending.add(span);
      inner.onEnd(span);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
  };
}
