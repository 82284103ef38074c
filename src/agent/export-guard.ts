/**
 * A guard around an OTLP exporter, so that an unreachable, refusing, hanging or failing collector never costs
 * the app more than one bounded export at a time and is reported once:
 * - every export answers within its deadline (the SDK's own batch and reader timers are cleared promptly);
 * - while the collector is failing, one export at a time probes it and the rest fail at once (each stock export
 *   otherwise starts its own retry chain of timers, and a short metric interval then keeps the app alive);
 * - once shutdown has begun, a failing collector is not tried again, so exit is not delayed for nothing;
 * - the first failure prints one line; later ones are left to OTEL_LOG_LEVEL.
 */
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { AgentLog } from './diagnostics.js';

type Done = (result: ExportResult) => void;

// The stock retry chain ends by its timeout, give or take a connection attempt.
const DEADLINE_GRACE_MS = 500;

export class ExportGuard {
  private failing = false;
  private inFlight = 0;
  private closing = false;

  /**
   * @param label what is exported and how, for the one diagnostic line (`traces (otlp grpc)`)
   * @param timeoutMs the wrapped exporter's own export timeout
   */
  constructor(
    private readonly label: string,
    private readonly timeoutMs: number,
    private readonly log: AgentLog,
  ) {}

  /** Called when the agent starts its final flush. */
  beginShutdown(): void {
    this.closing = true;
  }

  run<T>(send: (items: T, done: Done) => void, items: T, done: Done): void {
    if (this.failing && (this.inFlight > 0 || this.closing)) {
      done({
        code: ExportResultCode.FAILED,
        error: new Error(`${this.label}: collector unavailable, batch dropped`),
      });
      return;
    }
    let answered = false;
    const answer = (result: ExportResult) => {
      if (answered) return;
      answered = true;
      clearTimeout(deadline);
      this.record(result);
      done(result);
    };
    const deadline = setTimeout(() => {
      answer({
        code: ExportResultCode.FAILED,
        error: new Error(`no answer within ${this.timeoutMs + DEADLINE_GRACE_MS} ms`),
      });
    }, this.timeoutMs + DEADLINE_GRACE_MS);
    deadline.unref();
    this.inFlight++;
    let returned = false;
    const fromExporter = (result: ExportResult) => {
      if (returned) return;
      returned = true;
      this.inFlight--;
      answer(result);
    };
    try {
      send(items, fromExporter);
    } catch (error) {
      fromExporter({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  private record(result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      this.failing = false;
      return;
    }
    this.failing = true;
    const reason = result.error?.message || 'unknown error';
    this.log.once(
      `export:${this.label}`,
      `${this.label} export failed (${reason}); telemetry is dropped while the collector is unavailable, and this is reported once`,
    );
  }
}

export function guardSpanExporter(inner: SpanExporter, guard: ExportGuard): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: Done) =>
      guard.run((items, cb) => inner.export(items, cb), spans, done),
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
