/**
 * What the receiver keeps of an export, the same whichever encoding (protobuf, JSON) or transport (HTTP, gRPC)
 * carried it. Integers (int64, fixed64 counts) become JS numbers, as the JS SDK records them; timestamps stay
 * exact as bigint nanoseconds.
 */

/** An OTLP AnyValue: `null` when no value is set, `Uint8Array` for bytes, an object for a kvlist. */
export type AttributeValue =
  | string
  | number
  | boolean
  | Uint8Array
  | null
  | readonly AttributeValue[]
  | Attributes;

export interface Attributes {
  readonly [key: string]: AttributeValue;
}

export interface ReceivedScope {
  readonly name: string;
  readonly version?: string;
}

/** OTLP's SpanKind enum (the API's `SpanKind` plus one). */
export const OtlpSpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

/** OTLP's Status.StatusCode enum (the same numbers as the API's `SpanStatusCode`). */
export const OtlpStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface ReceivedEvent {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: Attributes;
}

export interface ReceivedSpan {
  /** Lower-case hex, 32 digits. */
  readonly traceId: string;
  /** Lower-case hex, 16 digits. */
  readonly spanId: string;
  /** Absent for a root span. */
  readonly parentSpanId?: string;
  readonly traceState?: string;
  readonly name: string;
  /** An {@link OtlpSpanKind} value. */
  readonly kind: number;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly events: readonly ReceivedEvent[];
  /** `code` is an {@link OtlpStatusCode} value; `message` is absent when empty. */
  readonly status: { readonly code: number; readonly message?: string };
  readonly resource: Attributes;
  readonly scope: ReceivedScope;
}

export type MetricKind = 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary';

export type Temporality = 'delta' | 'cumulative';

/**
 * One data point. Sums and gauges have `value`; histograms (explicit and exponential) and summaries have
 * `count` and `sum`; explicit histograms also `bucketCounts` and `explicitBounds`.
 */
export interface ReceivedPoint {
  readonly attributes: Attributes;
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  readonly bucketCounts?: readonly number[];
  readonly explicitBounds?: readonly number[];
}

export interface ReceivedMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  /** Absent when the metric carries no data (an empty `data` oneof). */
  readonly kind?: MetricKind;
  /** Sums only. */
  readonly monotonic?: boolean;
  /** Sums and histograms; absent when unspecified. */
  readonly temporality?: Temporality;
  readonly points: readonly ReceivedPoint[];
  readonly resource: Attributes;
  readonly scope: ReceivedScope;
}

/** Builds attributes from key/value pairs; `Object.fromEntries` keeps a `__proto__` key an ordinary key. */
export function attributesFrom(entries: Iterable<readonly [string, AttributeValue]>): Attributes {
  return Object.fromEntries(entries);
}

/** AggregationTemporality: 1 DELTA, 2 CUMULATIVE, anything else unspecified. */
export function temporalityFrom(value: number): Temporality | undefined {
  if (value === 1) return 'delta';
  if (value === 2) return 'cumulative';
  return undefined;
}
