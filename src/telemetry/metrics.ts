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
import type { Repeat } from './retries.js';

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
  readonly retries: Counter;
  readonly retryWaited: Histogram;
}

/** One finished Zscaler request. `status` is absent when no response came (connection error, abort). */
export interface Outcome {
  readonly target: ZscalerTarget;
  readonly method: string;
  readonly status: number | undefined;
  readonly seconds: number;
  readonly interpretation: Interpretation | undefined;
  /** When the request repeated an earlier error on its route. */
  readonly repeat?: Repeat | undefined;
}

export class ZscalerMetrics {
  private provider: MeterProvider | undefined;
  private instruments: Instruments | undefined;

  constructor(private readonly fixedProvider: MeterProvider | undefined) {}

  record({ target, method, status, seconds, interpretation, repeat }: Outcome): void {
    const instruments = this.current();
    const service = target.service;
    const call: Attributes = { 'zscaler.service': service, 'http.request.method': method };
    if (status !== undefined) call['http.response.status_code'] = status;
    const category = interpretation?.category;
    if (category !== undefined) call['zscaler.error.category'] = category;
    instruments.duration.record(seconds, call);
    const request: Attributes = { ...call, 'zscaler.api': target.api };
    if (interpretation?.retryable !== undefined) request['zscaler.retryable'] = interpretation.retryable;
    instruments.requests.add(1, request);

    if (status === 429)
      instruments.rateLimited.add(1, { 'zscaler.service': service, 'http.request.method': method });
    if (category === 'conflict') {
      const known = interpretation?.errorIdKnown === true ? interpretation.errorId : undefined;
      instruments.conflicts.add(1, {
        'zscaler.service': service,
        'http.request.method': method,
        'zscaler.error.id': known ?? OTHER_ERROR_ID,
      });
    }
    if (interpretation?.retryAfter !== undefined) {
      instruments.retryAfter.record(interpretation.retryAfter, { 'zscaler.service': service });
    }
    if (interpretation?.rateLimitRemaining !== undefined) {
      instruments.remaining.record(interpretation.rateLimitRemaining, { 'zscaler.service': service });
    }
    if (repeat !== undefined) {
      const early = repeat.early;
      const waited: Attributes = { 'zscaler.service': service };
      if (early !== undefined) waited['zscaler.retry.early'] = early;
      instruments.retries.add(1, { ...waited, 'http.request.method': method });
      instruments.retryWaited.record(repeat.waited, waited);
    }
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
    retries: meter.createCounter('zscaler.api.retries', {
      description: 'Repeats of a Zscaler request after an error or a failure on the same route.',
      unit: '{request}',
      valueType: ValueType.INT,
    }),
    retryWaited: meter.createHistogram('zscaler.api.retry.waited', {
      description: 'Waits the app took between a Zscaler error and its repeat.',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 900] },
    }),
  };
}
