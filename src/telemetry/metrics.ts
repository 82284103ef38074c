/**
 * The contract's instruments (CONTRACT.md "Metrics"), created once per MeterProvider. The provider is the one
 * given, else the global one looked up at each recording: an SDK that registers its MeterProvider after the
 * processor was built (NodeSDK does, in start()) still gets every point, and instruments are never bound to the
 * no-op provider for good. Every attribute value is bounded.
 *
 * Counters and the gauge are observable instruments over the agent's own tallies (./tally.ts): to an exporter
 * they are the same monotonic sums and gauge, for a fraction of a synchronous recording's cost. The three
 * histograms stay synchronous (no observable instrument reports a distribution), on attribute sets built once.
 */
import {
  type Attributes,
  type BatchObservableResult,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  ValueType,
} from '@opentelemetry/api';
import type { Interpretation, ZscalerTarget } from '../catalog/index.js';
import type { Repeat } from './retries.js';
import { AttributeSets, Tally } from './tally.js';

export const METER_NAME = 'zscaler-otel-agent';
/** The value of `zscaler.error.id` on `zscaler.api.conflicts` for an id the catalogue does not name. */
export const OTHER_ERROR_ID = '_OTHER';

interface Instruments {
  readonly requests: Tally;
  readonly rateLimited: Tally;
  readonly conflicts: Tally;
  readonly remaining: Tally;
  readonly retries: Tally;
  readonly retryAfter: Histogram;
  readonly duration: Histogram;
  readonly retryWaited: Histogram;
  readonly durationSets: AttributeSets;
  readonly serviceSets: AttributeSets;
  readonly waitedSets: AttributeSets;
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
    const category = interpretation?.category;
    const retryable = interpretation?.retryable;
    // Keys name the attribute sets by their values: a space never occurs in a service, method or category.
    const call = `${service} ${method} ${status} ${category}`;
    const durationSets = instruments.durationSets;
    instruments.duration.record(
      seconds,
      durationSets.get(call) ?? durationSets.keep(call, callAttributes(service, method, status, category)),
    );
    const requestKey = `${call} ${target.api} ${retryable}`;
    if (!instruments.requests.record(requestKey, 1)) {
      const request = callAttributes(service, method, status, category);
      request['zscaler.api'] = target.api;
      if (retryable !== undefined) request['zscaler.retryable'] = retryable;
      instruments.requests.start(requestKey, request, 1);
    }
    const byMethod = `${service} ${method}`;
    if (status === 429 && !instruments.rateLimited.record(byMethod, 1)) {
      instruments.rateLimited.start(
        byMethod,
        { 'zscaler.service': service, 'http.request.method': method },
        1,
      );
    }
    if (category === 'conflict') {
      const id =
        (interpretation?.errorIdKnown === true ? interpretation.errorId : undefined) ?? OTHER_ERROR_ID;
      const key = `${byMethod} ${id}`;
      if (!instruments.conflicts.record(key, 1)) {
        const attributes = {
          'zscaler.service': service,
          'http.request.method': method,
          'zscaler.error.id': id,
        };
        instruments.conflicts.start(key, attributes, 1);
      }
    }
    const retryAfter = interpretation?.retryAfter;
    if (retryAfter !== undefined) {
      const sets = instruments.serviceSets;
      instruments.retryAfter.record(retryAfter, sets.get(service) ?? sets.keep(service, byService(service)));
    }
    const remaining = interpretation?.rateLimitRemaining;
    if (remaining !== undefined && !instruments.remaining.record(service, remaining)) {
      instruments.remaining.start(service, byService(service), remaining);
    }
    if (repeat !== undefined) {
      const early = repeat.early;
      const key = `${service} ${early}`;
      const sets = instruments.waitedSets;
      instruments.retryWaited.record(
        repeat.waited,
        sets.get(key) ?? sets.keep(key, waitedAttributes(service, early)),
      );
      const retryKey = `${key} ${method}`;
      if (!instruments.retries.record(retryKey, 1)) {
        const attributes = waitedAttributes(service, early);
        attributes['http.request.method'] = method;
        instruments.retries.start(retryKey, attributes, 1);
      }
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

function byService(service: string): Attributes {
  return { 'zscaler.service': service };
}

function waitedAttributes(service: string, early: boolean | undefined): Attributes {
  const attributes: Attributes = { 'zscaler.service': service };
  if (early !== undefined) attributes['zscaler.retry.early'] = early;
  return attributes;
}

function callAttributes(
  service: string,
  method: string,
  status: number | undefined,
  category: string | undefined,
): Attributes {
  const attributes: Attributes = { 'zscaler.service': service, 'http.request.method': method };
  if (status !== undefined) attributes['http.response.status_code'] = status;
  if (category !== undefined) attributes['zscaler.error.category'] = category;
  return attributes;
}

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(METER_NAME);
  // Created in the order the contract lists them: exporters show them in this order.
  const instruments: Instruments = {
    requests: new Tally(
      meter.createObservableCounter('zscaler.api.requests', {
        description: 'Requests to Zscaler APIs.',
        unit: '{request}',
        valueType: ValueType.INT,
      }),
    ),
    rateLimited: new Tally(
      meter.createObservableCounter('zscaler.api.rate_limited', {
        description: 'Zscaler API responses with status 429.',
        unit: '{response}',
        valueType: ValueType.INT,
      }),
    ),
    conflicts: new Tally(
      meter.createObservableCounter('zscaler.api.conflicts', {
        description: 'Zscaler API responses of category conflict (edit lock, concurrent change, duplicate).',
        unit: '{response}',
        valueType: ValueType.INT,
      }),
    ),
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
    remaining: new Tally(
      meter.createObservableGauge('zscaler.api.ratelimit.remaining', {
        description: 'Requests left in the rate-limit window, as last reported by Zscaler.',
        unit: '{request}',
        valueType: ValueType.INT,
      }),
      'last',
    ),
    retries: new Tally(
      meter.createObservableCounter('zscaler.api.retries', {
        description: 'Repeats of a Zscaler request after an error or a failure on the same route.',
        unit: '{request}',
        valueType: ValueType.INT,
      }),
    ),
    retryWaited: meter.createHistogram('zscaler.api.retry.waited', {
      description: 'Waits the app took between a Zscaler error and its repeat.',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 900] },
    }),
    durationSets: new AttributeSets(),
    serviceSets: new AttributeSets(),
    waitedSets: new AttributeSets(),
  };
  observeTallies(meter, [
    instruments.requests,
    instruments.rateLimited,
    instruments.conflicts,
    instruments.remaining,
    instruments.retries,
  ]);
  return instruments;
}

function observeTallies(meter: Meter, tallies: readonly Tally[]): void {
  meter.addBatchObservableCallback(
    (result: BatchObservableResult) => {
      for (const tally of tallies) tally.observe(result);
    },
    tallies.map((tally) => tally.instrument),
  );
}
