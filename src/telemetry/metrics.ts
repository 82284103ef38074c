/**
 * The contract's instruments (CONTRACT.md "Metrics"), created once per MeterProvider. The provider is the one
 * given, else the global one looked up at each recording: an SDK that registers its MeterProvider after the
 * processor was built (NodeSDK does, in start()) still gets every point, and instruments are never bound to the
 * no-op provider for good. Every attribute value is bounded.
 *
 * Counters and the gauge are observable instruments over the agent's own tallies (./tally.ts): to an exporter
 * they are the same monotonic sums and gauge, for a fraction of a synchronous recording's cost. The three
 * histograms stay synchronous (no observable instrument reports a distribution). What a request records into is
 * found by one key per outcome (service, API, method, status, category, retryable, conflict id): its attribute
 * sets and cells are built the first time that outcome occurs.
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
import { type Cell, LIMIT, Tally } from './tally.js';

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
  /** By outcome key: where a request with that outcome records. */
  readonly outcomes: Map<string, OutcomeSeries>;
  /** By repeat key: where a repeat records. */
  readonly repeats: Map<string, RepeatSeries>;
  /** The series recorded into last: a run of one outcome (a storm of 429s) finds it without building a key. */
  lastOutcome: OutcomeSeries | undefined;
  lastRepeat: RepeatSeries | undefined;
}

/** What sets one outcome apart from another: the values its attribute sets are made of. */
interface OutcomeIdentity {
  readonly service: string;
  readonly api: string;
  readonly method: string;
  readonly status: number | undefined;
  readonly category: string | undefined;
  readonly retryable: boolean | undefined;
  readonly conflictId: string | undefined;
}

/** Where the requests of one outcome record: attribute sets built and cells found once, when it first occurs. */
interface OutcomeSeries extends OutcomeIdentity {
  readonly callAttributes: Attributes;
  readonly serviceAttributes: Attributes;
  readonly requests: Cell;
  readonly rateLimited: Cell | undefined;
  readonly conflicts: Cell | undefined;
  /** Found when the service first reports a remaining count: a gauge shows no series for a service that never did. */
  remaining: Cell | undefined;
}

interface RepeatSeries {
  readonly service: string;
  readonly early: boolean | undefined;
  readonly method: string;
  readonly waitedAttributes: Attributes;
  readonly retries: Cell;
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

  record(outcome: Outcome): void {
    const instruments = this.current();
    const series = outcomeSeries(instruments, outcome);
    instruments.duration.record(outcome.seconds, series.callAttributes);
    instruments.requests.record(series.requests, 1);
    if (series.rateLimited !== undefined) instruments.rateLimited.record(series.rateLimited, 1);
    if (series.conflicts !== undefined) instruments.conflicts.record(series.conflicts, 1);
    const interpretation = outcome.interpretation;
    const retryAfter = interpretation?.retryAfter;
    if (retryAfter !== undefined) instruments.retryAfter.record(retryAfter, series.serviceAttributes);
    const remaining = interpretation?.rateLimitRemaining;
    if (remaining !== undefined) {
      const service = outcome.target.service;
      series.remaining ??= instruments.remaining.cell(service, () => byService(service));
      instruments.remaining.record(series.remaining, remaining);
    }
    const repeat = outcome.repeat;
    if (repeat !== undefined) {
      const repeats = repeatSeries(instruments, outcome.target.service, outcome.method, repeat);
      instruments.retryWaited.record(repeat.waited, repeats.waitedAttributes);
      instruments.retries.record(repeats.retries, 1);
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

/**
 * The outcome's series: the last one recorded into when it is this outcome's, else one Map lookup by a key
 * naming the outcome (a space never occurs in a service, method, category or the conflicts counter's error ids);
 * built the first time the outcome occurs, and past LIMIT outcomes built for the one request.
 */
function outcomeSeries(instruments: Instruments, outcome: Outcome): OutcomeSeries {
  const { target, method, status, interpretation } = outcome;
  const { service, api } = target;
  const category = interpretation?.category;
  const retryable = interpretation?.retryable;
  const conflictId = category === 'conflict' ? conflictIdOf(interpretation) : undefined;
  const last = instruments.lastOutcome;
  if (
    last !== undefined &&
    last.service === service &&
    last.api === api &&
    last.method === method &&
    last.status === status &&
    last.category === category &&
    last.retryable === retryable &&
    last.conflictId === conflictId
  ) {
    return last;
  }
  const key = `${service} ${api} ${method} ${status} ${category} ${retryable} ${conflictId}`;
  let series = instruments.outcomes.get(key);
  if (series === undefined) {
    const identity = { service, api, method, status, category, retryable, conflictId };
    series = newOutcomeSeries(instruments, identity);
    if (instruments.outcomes.size < LIMIT) instruments.outcomes.set(key, series);
  }
  instruments.lastOutcome = series;
  return series;
}

function newOutcomeSeries(instruments: Instruments, identity: OutcomeIdentity): OutcomeSeries {
  const { service, api, method, status, category, retryable, conflictId } = identity;
  const byMethod = `${service} ${method}`;
  return {
    ...identity,
    callAttributes: callAttributes(service, method, status, category),
    serviceAttributes: byService(service),
    // Outcomes that differ only in their conflict id are one set of the requests counter.
    requests: instruments.requests.cell(
      `${service} ${api} ${method} ${status} ${category} ${retryable}`,
      () => {
        const request = callAttributes(service, method, status, category);
        request['zscaler.api'] = api;
        if (retryable !== undefined) request['zscaler.retryable'] = retryable;
        return request;
      },
    ),
    rateLimited:
      status === 429
        ? instruments.rateLimited.cell(byMethod, () => ({
            'zscaler.service': service,
            'http.request.method': method,
          }))
        : undefined,
    conflicts:
      conflictId === undefined ? undefined : conflictCell(instruments.conflicts, service, method, conflictId),
    remaining: undefined,
  };
}

/** `zscaler.error.id` on the conflicts counter: the catalogue's ids only, any other one folded into one value. */
function conflictIdOf(interpretation: Interpretation | undefined): string {
  return (interpretation?.errorIdKnown === true ? interpretation.errorId : undefined) ?? OTHER_ERROR_ID;
}

function conflictCell(conflicts: Tally, service: string, method: string, id: string): Cell {
  return conflicts.cell(`${service} ${method} ${id}`, () => ({
    'zscaler.service': service,
    'http.request.method': method,
    'zscaler.error.id': id,
  }));
}

/** As outcomeSeries, for a repeat: by service, early and method. */
function repeatSeries(
  instruments: Instruments,
  service: string,
  method: string,
  repeat: Repeat,
): RepeatSeries {
  const early = repeat.early;
  const last = instruments.lastRepeat;
  if (last?.service === service && last.early === early && last.method === method) return last;
  const key = `${service} ${early} ${method}`;
  let series = instruments.repeats.get(key);
  if (series === undefined) {
    series = {
      service,
      early,
      method,
      waitedAttributes: waitedAttributes(service, early),
      retries: instruments.retries.cell(key, () => {
        const attributes = waitedAttributes(service, early);
        attributes['http.request.method'] = method;
        return attributes;
      }),
    };
    if (instruments.repeats.size < LIMIT) instruments.repeats.set(key, series);
  }
  instruments.lastRepeat = series;
  return series;
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
    outcomes: new Map(),
    repeats: new Map(),
    lastOutcome: undefined,
    lastRepeat: undefined,
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
