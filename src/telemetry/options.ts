/**
 * The agent's options: what the preload reads from `ZSCALER_OTEL_*` and what a programmatic user passes to
 * `new ZscalerSpanProcessor(options)` and `zscalerInstrumentations(options)` (give both the same object).
 */
import type { MeterProvider } from '@opentelemetry/api';
import { MAX_BODY_BYTES } from '../catalog/index.js';

export interface ZscalerAgentOptions {
  /** `ZSCALER_OTEL_CAPTURE_BODY`: read Zscaler error bodies (>= 400, JSON or unlabelled). Default true. */
  readonly captureErrorBodies?: boolean;
  /** `ZSCALER_OTEL_BODY_MAX_BYTES`: bytes kept of one error body, before and after decoding. Default 16384. */
  readonly maxBodyBytes?: number;
  /** `ZSCALER_OTEL_CAPTURE_REASON`: set `zscaler.error.reason` from the body. Default true. */
  readonly captureReason?: boolean;
  /** `ZSCALER_OTEL_HTTP_INSTRUMENTATION`: trace node:http/https clients (axios, got, node-fetch). Default true. */
  readonly instrumentHttp?: boolean;
  /** `ZSCALER_OTEL_TRACE_ONLY_ZSCALER`: no span at all for other requests (and no server spans). Default false. */
  readonly tracesOnlyZscaler?: boolean;
  /** `ZSCALER_OTEL_EXTRA_HOSTS`: `host=service,*.suffix=service` (`=service` optional). Default none. */
  readonly extraHosts?: string;
  /** Where the metrics go; default the global MeterProvider, looked up when a metric is first recorded. */
  readonly meterProvider?: MeterProvider;
  /** Told once per bad entry of extraHosts; default: a diag warning. */
  readonly onConfigError?: (message: string) => void;
  /**
   * Milliseconds, for the waits between an error and its repeat (`zscaler.retry.*`); default the span's own start
   * and end times (read by the SDK already: no clock read of the agent's).
   */
  readonly clock?: () => number;
}

export interface ResolvedOptions {
  readonly captureErrorBodies: boolean;
  readonly maxBodyBytes: number;
  readonly captureReason: boolean;
  readonly instrumentHttp: boolean;
  readonly tracesOnlyZscaler: boolean;
  readonly extraHosts: string;
  readonly meterProvider: MeterProvider | undefined;
  readonly onConfigError: ((message: string) => void) | undefined;
  readonly clock: (() => number) | undefined;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Fills the defaults; a bad value (wrong type, negative, not finite) falls back to its default. */
export function resolveOptions(options: ZscalerAgentOptions = {}): ResolvedOptions {
  return {
    captureErrorBodies: flag(options.captureErrorBodies, true),
    maxBodyBytes: bodyBound(options.maxBodyBytes),
    captureReason: flag(options.captureReason, true),
    instrumentHttp: flag(options.instrumentHttp, true),
    tracesOnlyZscaler: flag(options.tracesOnlyZscaler, false),
    extraHosts: typeof options.extraHosts === 'string' ? options.extraHosts : '',
    meterProvider: options.meterProvider,
    onConfigError: typeof options.onConfigError === 'function' ? options.onConfigError : undefined,
    clock: typeof options.clock === 'function' ? options.clock : undefined,
  };
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** The catalogue never reads more than MAX_BODY_BYTES, so keeping more would only cost memory. */
function bodyBound(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return DEFAULT_MAX_BODY_BYTES;
  return Math.min(Math.floor(value), MAX_BODY_BYTES);
}
