/**
 * What CONTRACT.md alone costs for the bench's ZPA 429 span, with none of the agent's logic: the 11 `zscaler.*`
 * attributes, the 4 `zscaler.retry.*` ones (every 429 of the bench repeats the one before it, at once), the status
 * description and the 7 metric points, as constants written straight through the SDK. The agent cannot cost
 * less than this; the bench measures it beside the agent, per span and in the fetch loop.
 */
import { metrics, SpanKind, SpanStatusCode } from '@opentelemetry/api';

/** The contract's seven instruments for this span, on `meter`. */
export function contractInstruments(meter) {
  return {
    requests: meter.createCounter('floor.requests'),
    rateLimited: meter.createCounter('floor.rate_limited'),
    retryAfter: meter.createHistogram('floor.retry_after'),
    duration: meter.createHistogram('floor.duration'),
    remaining: meter.createGauge('floor.remaining'),
    retries: meter.createCounter('floor.retries'),
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
  const call = {
    'zscaler.service': 'zpa',
    'http.request.method': 'GET',
    'http.response.status_code': 429,
    'zscaler.error.category': 'rate_limited',
  };
  instruments.duration.record(0.012, call);
  instruments.requests.add(1, { ...call, 'zscaler.api': 'oneapi', 'zscaler.retryable': true });
  instruments.rateLimited.add(1, { 'zscaler.service': 'zpa', 'http.request.method': 'GET' });
  instruments.retryAfter.record(13, { 'zscaler.service': 'zpa' });
  instruments.remaining.record(0, { 'zscaler.service': 'zpa' });
  const repeat = { 'zscaler.service': 'zpa', 'zscaler.retry.early': true };
  instruments.retries.add(1, { ...repeat, 'http.request.method': 'GET' });
  instruments.retryWaited.record(0.001, repeat);
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
