/**
 * A guard around an OTLP exporter, so that an unreachable, refusing, hanging or failing collector costs the
 * app at most one bounded export at a time and is reported once:
 * - one export in flight; a few more wait their turn, the rest fail at once. Each stock export starts its own
 *   retry chain of ref'd timers and sockets, and with a short interval the chains overlap and keep the app
 *   alive long after it is done (or forever);
 * - every export answers within its deadline, so the SDK's own batch and reader timers are cleared promptly;
 * - while the collector is failing, one export probes it at most once per two export timeouts (wider than a
 *   chain lasts, so probes cannot relay each other past the app's end) and the rest fail at once;
 * - while the collector has not answered yet (first export, or failing), the export starts only once a plain
 *   TCP connect has not been refused: the stock exporter would retry a refused connection until its timeout,
 *   holding the app open at exit for seconds;
 * - once shutdown has begun, a failing collector is not tried again, so exit is not delayed for nothing;
 * - the first failure of any export prints one line naming the endpoint; later ones are left to OTEL_LOG_LEVEL.
 */
import {
  type ExportResult,
  ExportResultCode,
  type PushMetricExporter,
  type ReadableSpan,
  type ResourceMetrics,
  type SpanExporter,
} from '../sdk/index.js';
import type { Unreachable } from './connect-check.js';
import type { AgentLog } from './diagnostics.js';
import type { PendingSpans } from './pending-spans.js';

type Done = (result: ExportResult) => void;

// The stock retry chain ends by its timeout, give or take a connection attempt.
const DEADLINE_GRACE_MS = 500;
const PROBE_SPACING_TIMEOUTS = 2;
// Enough for the batches of a full span queue flushed at once (2048 / 512), and bounded.
const MAX_WAITING = 8;

export interface GuardTarget {
  /** What is exported and how (`traces (otlp grpc)`). */
  readonly label: string;
  /** Where to, as the one line names it. */
  readonly endpoint: string;
  /** The wrapped exporter's own export timeout. */
  readonly timeoutMs: number;
  /** Resolves the error when the endpoint refuses connections; absent: never checked. */
  readonly checkConnect?: () => Promise<Unreachable | undefined>;
}

export class ExportGuard {
  private failing = false;
  /** The last export succeeded: no connect check before the next one. */
  private answering = false;
  private busy = false;
  private closing = false;
  /** While failing, no export starts before this time (ms since epoch). */
  private nextProbeAt = 0;
  private readonly waiting: Array<() => void> = [];

  private readonly timeoutMs: number;

  constructor(
    private readonly target: GuardTarget,
    private readonly log: AgentLog,
  ) {
    this.timeoutMs = target.timeoutMs;
  }

  /** True once an export has failed, until one succeeds. */
  get isFailing(): boolean {
    return this.failing;
  }

  /** Called when the agent starts its final flush. */
  beginShutdown(): void {
    this.closing = true;
  }

  run<T>(send: (items: T, done: Done) => void, items: T, done: Done): void {
    const unavailable = this.failing && (this.closing || Date.now() < this.nextProbeAt);
    if (unavailable || (this.busy && (this.failing || this.waiting.length >= MAX_WAITING))) {
      done({
        code: ExportResultCode.FAILED,
        error: new Error(`${this.target.label}: collector unavailable, batch dropped`),
      });
      return;
    }
    if (this.busy) {
      this.waiting.push(() => this.run(send, items, done));
      return;
    }
    this.busy = true;
    let answered = false;
    const answer = (result: ExportResult) => {
      if (answered) return;
      answered = true;
      clearTimeout(deadline);
      this.record(result);
      done(result);
    };
    const deadlineMs = this.timeoutMs + DEADLINE_GRACE_MS;
    const deadline = setTimeout(() => {
      answer({ code: ExportResultCode.FAILED, error: new Error(`no answer within ${deadlineMs} ms`) });
    }, deadlineMs);
    deadline.unref();
    let returned = false;
    // The next export starts when the exporter is done with this one, not at the deadline: its retry chain
    // may still be running.
    const fromExporter = (result: ExportResult) => {
      if (returned) return;
      returned = true;
      answer(result);
      this.busy = false;
      // In order: the first starts, the rest wait again, or all fail at once if this one failed.
      for (const next of this.waiting.splice(0)) next();
    };
    const sendNow = () => {
      try {
        send(items, fromExporter);
      } catch (error) {
        fromExporter({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
    };
    const { checkConnect } = this.target;
    if (this.answering || checkConnect === undefined) {
      sendNow();
      return;
    }
    void checkConnect().then((unreachable) =>
      unreachable === undefined
        ? sendNow()
        : fromExporter({ code: ExportResultCode.FAILED, error: unreachable }),
    );
  }

  private record(result: ExportResult): void {
    this.answering = result.code === ExportResultCode.SUCCESS;
    if (this.answering) {
      this.failing = false;
      return;
    }
    this.failing = true;
    this.nextProbeAt = Date.now() + PROBE_SPACING_TIMEOUTS * this.timeoutMs;
    reportExportFailure(this.log, this.target, result.error?.message || 'unknown error');
  }
}

/** The one line about a failing collector, for the guards and the export at exit alike. */
export function reportExportFailure(
  log: AgentLog,
  target: Pick<GuardTarget, 'label' | 'endpoint'>,
  reason: string,
): void {
  // One key for every signal: a collector that is down fails traces and metrics alike.
  log.once(
    'export',
    `export to the collector failed (${target.label} to ${target.endpoint}: ${reason}); telemetry is dropped while it is unavailable, and this is reported once`,
  );
}

/** `pending`: told when each batch's export is answered (see pending-spans.ts). */
export function guardSpanExporter(
  inner: SpanExporter,
  guard: ExportGuard,
  pending?: PendingSpans,
): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: Done) =>
      guard.run(
        (items, cb) => inner.export(items, cb),
        spans,
        (result) => {
          pending?.settle(spans);
          done(result);
        },
      ),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

export function guardMetricExporter(inner: PushMetricExporter, guard: ExportGuard): PushMetricExporter {
  return {
    export: (metrics: ResourceMetrics, done: Done) =>
      guard.run((items, cb) => inner.export(items, cb), metrics, done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
    // The reader asks the exporter for temporality and aggregation: answer as the wrapped exporter does.
    selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
    selectAggregation: inner.selectAggregation?.bind(inner),
  };
}
