/**
 * What CONTRACT.md alone costs for the bench's ZPA 429 span, with none of the agent's logic: the 11 `zscaler.*`
 * attributes, the 4 `zscaler.retry.*` ones (every 429 of the bench repeats the one before it, at once), the status
 * description and the 7 metric points, as constants written straight through the SDK, in the cheapest form the
 * SDK offers: the counters and the gauge as observable instruments over numbers kept here (reported at
 * collection, one call per set instead of one per request), the three histograms recorded on attribute sets
 * built once. The agent cannot cost less than this; the bench measures it beside the agent, per span and in the
 * fetch loop.
 */
import { metrics, SpanKind, SpanStatusCode } from '@opentelemetry/api';

const CALL = {
  'zscaler.service': 'zpa',
  'http.request.method': 'GET',
  'http.response.status_code': 429,
  'zscaler.error.category': 'rate_limited',
};
const REQUEST = { ...CALL, 'zscaler.api': 'oneapi', 'zscaler.retryable': true };
const BY_METHOD = { 'zscaler.service': 'zpa', 'http.request.method': 'GET' };
const BY_SERVICE = { 'zscaler.service': 'zpa' };
const REPEAT = { 'zscaler.service': 'zpa', 'zscaler.retry.early': true };
const RETRY = { ...REPEAT, 'http.request.method': 'GET' };

/** The contract's seven instruments for this span, on `meter`: the three histograms, and the numbers the others report. */
export function contractInstruments(meter) {
  const counted = { requests: 0, rateLimited: 0, remaining: 0, retries: 0 };
  const requests = meter.createObservableCounter('floor.requests');
  const rateLimited = meter.createObservableCounter('floor.rate_limited');
  const remaining = meter.createObservableGauge('floor.remaining');
  const retries = meter.createObservableCounter('floor.retries');
  meter.addBatchObservableCallback(
    (result) => {
      result.observe(requests, counted.requests, REQUEST);
      result.observe(rateLimited, counted.rateLimited, BY_METHOD);
      result.observe(remaining, counted.remaining, BY_SERVICE);
      result.observe(retries, counted.retries, RETRY);
    },
    [requests, rateLimited, remaining, retries],
  );
  return {
    counted,
    retryAfter: meter.createHistogram('floor.retry_after'),
    duration: meter.createHistogram('floor.duration'),
    retryWaited: meter.createHistogram('floor.retry_waited'),
  };
}

/** What the agent writes when the span starts. */
export function writeStartAttributes(span) {
  span.setAttribute('zscaler.service', 'zpa');
  span.setAttribute('zscaler.api', 'oneapi');
  span.setAttribute('zscaler.cloud', 'production');
  span.setAttribute('zscaler.retry.attempt', 1);
  span.setAttribute('zscaler.retry.waited', 0.001);
  span.setAttribute('zscaler.retry.asked', 13);
  span.setAttribute('zscaler.retry.early', true);
}

/** What the agent writes and records when the span ends. */
export function writeEndingCalls(span, instruments) {
  span.setAttribute('zscaler.request_id', '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354');
  span.setAttribute('zscaler.error.id', 'invalid.toomanyrequests');
  span.setAttribute('zscaler.error.reason', 'Exceeded the number of requests allowed.');
  span.setAttribute('zscaler.error.category', 'rate_limited');
  span.setAttribute('zscaler.retryable', true);
  span.setAttribute('zscaler.retry_after', 13);
  span.setAttribute('zscaler.ratelimit.remaining', 0);
  span.setAttribute('zscaler.ratelimit.reset', 13);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'The API client exceeded the rate limit or quota.' });
  const { counted } = instruments;
  instruments.duration.record(0.012, CALL);
  counted.requests++;
  counted.rateLimited++;
  instruments.retryAfter.record(13, BY_SERVICE);
  counted.remaining = 0;
  counted.retries++;
  instruments.retryWaited.record(0.001, REPEAT);
}

/** A span processor making exactly those calls for every client span (the loop's only client spans are 429s). */
export class ContractFloorProcessor {
  instruments;

  onStart(span) {
    if (span.kind === SpanKind.CLIENT) writeStartAttributes(span);
  }

  onEnding(span) {
    if (span.kind !== SpanKind.CLIENT) return;
    // The global MeterProvider is NodeSDK's only once it has started.
    this.instruments ??= contractInstruments(metrics.getMeterProvider().getMeter('contract-floor'));
    writeEndingCalls(span, this.instruments);
  }

  onEnd() {}

  forceFlush() {
    return Promise.resolve();
  }

  shutdown() {
    return Promise.resolve();
  }
}
