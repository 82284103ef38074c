/**
 * The contract's instruments (CONTRACT.md "Metrics"), created once per MeterProvider. The provider is the one
 * given, else the global one looked up at each recording: an SDK that registers its MeterProvider after the
 * processor was built (NodeSDK does, in start()) still gets every point, and instruments are never bound to the
 * no-op provider for good. Every attribute value is bounded.
 */
import {
  type Attributes,
  type Counter,
  type Gauge,
  type Histogram,
  type MeterProvider,
  metrics,
  ValueType,
} from '@opentelemetry/api';
import type { Interpretation, ZscalerTarget } from '../catalog/index.js';

export const METER_NAME = 'zscaler-otel-agent';
/** The value of `zscaler.error.id` on `zscaler.api.conflicts` for an id the catalogue does not name. */
export const OTHER_ERROR_ID = '_OTHER';

interface Instruments {
  readonly requests: Counter;
  readonly rateLimited: Counter;
  readonly conflicts: Counter;
  readonly retryAfter: Histogram;
  readonly duration: Histogram;
  readonly remaining: Gauge;
}

/** One finished Zscaler request. `status` is absent when no response came (connection error, abort). */
export interface Outcome {
  readonly target: ZscalerTarget;
  readonly method: string;
  readonly status: number | undefined;
  readonly seconds: number;
  readonly interpretation: Interpretation | undefined;
}

/**
 * The attribute sets one kind of outcome records with. Built once per series and reused, so a recording
 * allocates nothing of ours; the values are already bounded (catalogue service, standard method, status,
 * category, known error id), so the series are few.
 */
interface Series {
  readonly call: Attributes;
  readonly request: Attributes;
  readonly serviceMethod: Attributes;
  readonly service: Attributes;
  readonly conflict: Attributes | undefined;
}

/** More distinct series than this (odd statuses from a misbehaving host) start the cache afresh. */
const MAX_CACHED_SERIES = 1024;

export class ZscalerMetrics {
  private provider: MeterProvider | undefined;
  private instruments: Instruments | undefined;
  private readonly series = new Map<string, Series>();

  constructor(private readonly fixedProvider: MeterProvider | undefined) {}

  record({ target, method, status, seconds, interpretation }: Outcome): void {
    const instruments = this.current();
    const series = this.seriesOf(target, method, status, interpretation);
    instruments.duration.record(seconds, series.call);
    instruments.requests.add(1, series.request);
    if (status === 429) instruments.rateLimited.add(1, series.serviceMethod);
    if (series.conflict !== undefined) instruments.conflicts.add(1, series.conflict);
    if (interpretation?.retryAfter !== undefined) {
      instruments.retryAfter.record(interpretation.retryAfter, series.service);
    }
    if (interpretation?.rateLimitRemaining !== undefined) {
      instruments.remaining.record(interpretation.rateLimitRemaining, series.service);
    }
  }

  private seriesOf(
    target: ZscalerTarget,
    method: string,
    status: number | undefined,
    interpretation: Interpretation | undefined,
  ): Series {
    const category = interpretation?.category;
    const retryable = interpretation?.retryable;
    const conflictId =
      category !== 'conflict'
        ? undefined
        : interpretation?.errorIdKnown === true
          ? (interpretation.errorId ?? OTHER_ERROR_ID)
          : OTHER_ERROR_ID;
    // Service names are word characters (catalogue or ZSCALER_OTEL_EXTRA_HOSTS), so a space cannot collide.
    const key = `${target.service} ${target.api} ${method} ${status} ${category} ${retryable} ${conflictId}`;
    let series = this.series.get(key);
    if (series === undefined) {
      if (this.series.size >= MAX_CACHED_SERIES) this.series.clear();
      series = buildSeries(target, method, status, category, retryable, conflictId);
      this.series.set(key, series);
    }
    return series;
  }

  private current(): Instruments {
    const provider = this.fixedProvider ?? metrics.getMeterProvider();
    if (this.instruments === undefined || provider !== this.provider) {
      this.instruments = createInstruments(provider);
      this.provider = provider;
    }
    return this.instruments;
  }
}

/** CONTRACT.md "Metrics": which attributes each instrument carries. */
function buildSeries(
  target: ZscalerTarget,
  method: string,
  status: number | undefined,
  category: string | undefined,
  retryable: boolean | undefined,
  conflictId: string | undefined,
): Series {
  const service = target.service;
  const call: Attributes = { 'zscaler.service': service, 'http.request.method': method };
  if (status !== undefined) call['http.response.status_code'] = status;
  if (category !== undefined) call['zscaler.error.category'] = category;
  const request: Attributes = { ...call, 'zscaler.api': target.api };
  if (retryable !== undefined) request['zscaler.retryable'] = retryable;
  const serviceMethod: Attributes = { 'zscaler.service': service, 'http.request.method': method };
  return {
    call: call,
    request: request,
    serviceMethod: serviceMethod,
    service: { 'zscaler.service': service },
    conflict: conflictId === undefined ? undefined : { ...serviceMethod, 'zscaler.error.id': conflictId },
  };
}

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(METER_NAME);
  return {
    requests: meter.createCounter('zscaler.api.requests', {
      description: 'Requests to Zscaler APIs.',
      unit: '{request}',
      valueType: ValueType.INT,
    }),
    rateLimited: meter.createCounter('zscaler.api.rate_limited', {
      description: 'Zscaler API responses with status 429.',
      unit: '{response}',
      valueType: ValueType.INT,
    }),
    conflicts: meter.createCounter('zscaler.api.conflicts', {
      description: 'Zscaler API responses of category conflict (edit lock, concurrent change, duplicate).',
      unit: '{response}',
      valueType: ValueType.INT,
    }),
    retryAfter: meter.createHistogram('zscaler.api.retry_after', {
      description: 'Waits Zscaler asked for (Retry-After header or body).',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 900, 3600] },
    }),
    duration: meter.createHistogram('zscaler.api.request.duration', {
      description: 'Duration of Zscaler API requests, to the end of the response body.',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    }),
    remaining: meter.createGauge('zscaler.api.ratelimit.remaining', {
      description: 'Requests left in the rate-limit window, as last reported by Zscaler.',
      unit: '{request}',
      valueType: ValueType.INT,
    }),
  };
}
