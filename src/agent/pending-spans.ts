/**
 * The spans that have ended and whose export has not been answered yet: the batch processor's buffer and the
 * batch in flight. What a process that ends without the normal flush (process.exit, an uncaught error) would
 * lose; the export at exit sends them (exit-export.ts). Kept by the agent rather than read from the batch
 * processor's private buffer, which also misses the batch in flight.
 *
 * The batch processor exports the oldest spans first, so the pending spans are a queue: a span joins at the end
 * and an answered batch is found where it starts, nearly always the head; by position, with no hashing of
 * spans. A span the batch processor dropped (its queue full) is never answered: past the limit the oldest
 * pending span leaves, so those never pile up, and recording goes on.
 */
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '../sdk/index.js';

/** Answered spans at the head kept before the queue is moved down: copies of at most half the array. */
const COMPACT_AFTER = 1024;

export class PendingSpans {
  /** Oldest first; an answered span leaves `undefined` until the head passes it. */
  private spans: (ReadableSpan | undefined)[] = [];
  private head = 0;

  /** @param limit the most slots kept: the batch processor's queue and a batch in flight */
  constructor(private readonly limit: number) {}

  add(span: ReadableSpan): void {
    this.spans.push(span);
    if (this.spans.length - this.head > this.limit) {
      this.spans[this.head] = undefined;
      this.advance();
    }
  }

  /** The export of these spans has been answered, either way: a failed batch is dropped, not resent. */
  settle(batch: readonly ReadableSpan[]): void {
    let at = this.head;
    for (const span of batch) {
      if (this.spans[at] !== span) at = this.spans.indexOf(span, this.head);
      // Gone already: it left past the limit.
      if (at === -1) {
        at = this.head;
        continue;
      }
      this.spans[at] = undefined;
      at++;
    }
    this.advance();
  }

  /** Everything pending, oldest first, which is then no longer pending. */
  take(): ReadableSpan[] {
    const all: ReadableSpan[] = [];
    for (let i = this.head; i < this.spans.length; i++) {
      const span = this.spans[i];
      if (span !== undefined) all.push(span);
    }
    this.spans = [];
    this.head = 0;
    return all;
  }

  /** Moves the head past answered spans. */
  private advance(): void {
    const spans = this.spans;
    let head = this.head;
    while (head < spans.length && spans[head] === undefined) head++;
    if (head === spans.length) {
      spans.length = 0;
      head = 0;
    } else if (head > COMPACT_AFTER && head * 2 > spans.length) {
      this.spans = spans.slice(head);
      head = 0;
    }
    this.head = head;
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
