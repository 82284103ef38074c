/**
 * The SDK shapes the public API needs, written structurally against `@opentelemetry/api` alone: the package's
 * declarations must not name `@opentelemetry/sdk-trace` or `@opentelemetry/instrumentation`, which an app on the
 * OpenTelemetry JS 2.x line has only in their 2.x versions (and the 3.x ones are bundled, without types). Each
 * shape is what both lines' SDKs accept where the app passes our objects (NodeSDK's `spanProcessors`,
 * `sampler`, `instrumentations`) and what both lines hand us (the spans, the app's sampler).
 */
import type {
  Attributes,
  AttributeValue,
  Context,
  HrTime,
  Link,
  MeterProvider,
  SpanContext,
  SpanKind,
  SpanStatus,
  TracerProvider,
  TraceState,
} from '@opentelemetry/api';

/** What a span processor's `onEnd` gets: an ended span (the SDK's ReadableSpan has these and more). */
export interface EndedSpan {
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly status: SpanStatus;
  /** Zero until the span has ended. */
  readonly duration: HrTime;
  /** Since the epoch; 2.x and 3.x SDK spans have both, the end set before `onEnding`. */
  readonly startTime?: HrTime;
  readonly endTime?: HrTime;
  /** 2.x and 3.x SDK spans have it; left optional for other SDKs. */
  readonly instrumentationScope?: { readonly name: string; readonly version?: string };
  spanContext(): SpanContext;
}

/** What `onStart` and `onEnding` get: a span still open to writes (the SDK's Span). */
export interface ProcessedSpan extends EndedSpan {
  setAttribute(key: string, value: AttributeValue): unknown;
  setStatus(status: SpanStatus): unknown;
}

/** The SDK's SpanProcessor, on both lines (`onEnding` exists from sdk-trace 2.11 on; older SDKs skip it). */
export interface SpanProcessor {
  onStart(span: ProcessedSpan, parentContext: Context): void;
  onEnding?(span: ProcessedSpan): void;
  onEnd(span: EndedSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The values of the SDK's `SamplingDecision` enum, stable since 1.0 of the specification and the same on both
 * lines: NOT_RECORD = 0, RECORD = 1, RECORD_AND_SAMPLED = 2. Literal numbers, so that neither the sampler nor its
 * types need the SDK at runtime; TypeScript accepts them where the enum is expected and the enum here.
 */
export type SamplingDecisionValue = 0 | 1 | 2;

export interface SamplingResult {
  readonly decision: SamplingDecisionValue;
  readonly attributes?: Readonly<Attributes>;
  readonly traceState?: TraceState;
}

/** The SDK's Sampler (what NodeSDK's `sampler` option takes and ParentBasedSampler & co. are). */
export interface Sampler {
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult;
  toString(): string;
}

/** What every instrumentation's config has. */
export interface InstrumentationConfig {
  enabled?: boolean;
}

/**
 * An instrumentation as NodeSDK's `instrumentations` option takes it, on both lines (`setLoggerProvider`, which
 * the two lines type differently, is optional there and left out here).
 */
export interface Instrumentation {
  instrumentationName: string;
  instrumentationVersion: string;
  enable(): void;
  disable(): void;
  setTracerProvider(tracerProvider: TracerProvider): void;
  setMeterProvider(meterProvider: MeterProvider): void;
  setConfig(config: InstrumentationConfig): void;
  getConfig(): InstrumentationConfig;
}
