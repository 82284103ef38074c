/**
 * What the receiver got, bounded: the newest spans, metrics and request records are kept, the oldest dropped
 * (and counted). Waiters are woken after every request, accepted or not.
 */
import type { ReceivedMetric, ReceivedSpan } from './model.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export type Transport = 'http' | 'grpc';
export type Encoding = 'protobuf' | 'json';

/** One export request as the receiver saw and answered it. */
export interface ReceivedRequest {
  readonly signal: Signal;
  readonly transport: Transport;
  /** Absent when the content type was neither protobuf nor JSON. */
  readonly encoding?: Encoding;
  /** Whether the request said gzip: HTTP `Content-Encoding: gzip`, gRPC `grpc-encoding: gzip`. */
  readonly compressed: boolean;
  /** Request headers (lower-case names; HTTP/2 pseudo-headers left out). */
  readonly headers: Readonly<Record<string, string>>;
  /** The HTTP status answered (OTLP/HTTP) or the gRPC status code (OTLP/gRPC); absent when not answered (hang). */
  readonly status?: number;
  /** Spans, metrics or nothing (logs) accepted from this request. */
  readonly items: number;
  /** Why the request was refused, when it was. */
  readonly error?: string;
}

export interface StoreLimits {
  readonly maxSpans: number;
  readonly maxMetrics: number;
  readonly maxRequests: number;
}

export interface ReceiverStats {
  readonly requests: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly droppedSpans: number;
  readonly droppedMetrics: number;
}

interface Waiter {
  evaluate(): void;
  fail(error: Error): void;
}

export class ReceivedStore {
  #spans: ReceivedSpan[] = [];
  #metrics: ReceivedMetric[] = [];
  #requests: ReceivedRequest[] = [];
  #stats = { requests: 0, accepted: 0, rejected: 0, droppedSpans: 0, droppedMetrics: 0 };
  readonly #waiters = new Set<Waiter>();

  constructor(private readonly limits: StoreLimits) {}

  spans(): readonly ReceivedSpan[] {
    return [...this.#spans];
  }

  metrics(): readonly ReceivedMetric[] {
    return [...this.#metrics];
  }

  requests(): readonly ReceivedRequest[] {
    return [...this.#requests];
  }

  stats(): ReceiverStats {
    return { ...this.#stats };
  }

  /** Records one answered request with what it carried (nothing when refused). */
  record(
    request: ReceivedRequest,
    spans: readonly ReceivedSpan[] = [],
    metrics: readonly ReceivedMetric[] = [],
  ): void {
    this.#stats.requests += 1;
    if (request.error === undefined) this.#stats.accepted += 1;
    else this.#stats.rejected += 1;
    this.#stats.droppedSpans += appendBounded(this.#spans, spans, this.limits.maxSpans);
    this.#stats.droppedMetrics += appendBounded(this.#metrics, metrics, this.limits.maxMetrics);
    appendBounded(this.#requests, [request], this.limits.maxRequests);
    for (const waiter of this.#waiters) waiter.evaluate();
  }

  /** Forgets everything received so far, counters included. */
  clear(): void {
    this.#spans = [];
    this.#metrics = [];
    this.#requests = [];
    this.#stats = { requests: 0, accepted: 0, rejected: 0, droppedSpans: 0, droppedMetrics: 0 };
  }

  /**
   * Resolves with `check()`'s result as soon as it is neither `undefined` nor `false`: at once, or after a
   * later request. Rejects after `timeoutMs`, when `check` throws, or when the receiver closes.
   */
  waitFor<T>(check: () => T | undefined | false, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        evaluate: () => {
          try {
            const result = check();
            if (result !== undefined && result !== false) settle(() => resolve(result));
          } catch (error) {
            settle(() => reject(error));
          }
        },
        fail: (error) => settle(() => reject(error)),
      };
      const timer = setTimeout(() => {
        const { requests, accepted } = this.#stats;
        waiter.fail(
          new Error(
            `waitFor: condition not met within ${timeoutMs} ms (${requests} requests, ${accepted} accepted, ` +
              `${this.#spans.length} spans, ${this.#metrics.length} metrics held)`,
          ),
        );
      }, timeoutMs);
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        finish();
      };
      this.#waiters.add(waiter);
      waiter.evaluate();
    });
  }

  /** Rejects every pending wait (the receiver is closing). */
  failWaiters(error: Error): void {
    for (const waiter of this.#waiters) waiter.fail(error);
  }
}

/** Appends, then drops the oldest entries beyond `capacity`; returns how many were dropped. */
function appendBounded<T>(into: T[], items: readonly T[], capacity: number): number {
  for (const item of items) into.push(item);
  const excess = into.length - capacity;
  if (excess <= 0) return 0;
  into.splice(0, excess);
  return excess;
}
