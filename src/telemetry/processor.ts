/**
 * ZscalerSpanProcessor: classifies HTTP client spans when they start and, for a Zscaler request, writes the
 * response-derived attributes, the status description and the metric points while the span is ending. Put it
 * first in `spanProcessors` so exporters see what it writes. Generic over the catalogue; never throws into the
 * SDK. Any other span costs one cached host lookup.
 */
import { type AttributeValue, type Context, diag, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  createHostClassifier,
  type HostClassifier,
  type Interpretation,
  interpretResponse,
} from '../catalog/index.js';
import { closeExchange, Exchange, openExchange, type ResponseRecord } from './exchange.js';
import { ZscalerMetrics } from './metrics.js';
import { noticeOnce, SETUP_SECTION } from './notice.js';
import { type ResolvedOptions, resolveOptions, type ZscalerAgentOptions } from './options.js';
import { offerSpan } from './request-pairing.js';
import { type Repeat, RetryMemory, routeKey } from './retries.js';
import type { EndedSpan, ProcessedSpan, SpanProcessor } from './sdk-types.js';
import { hostOf, methodOf, millisecondsOf, pathOf, statusOf } from './span-request.js';
import { enableTaps } from './taps/index.js';

export class ZscalerSpanProcessor implements SpanProcessor {
  private readonly options: ResolvedOptions;
  private readonly classifier: HostClassifier;
  private readonly metrics: ZscalerMetrics;
  private readonly retries = new RetryMemory();

  constructor(options: ZscalerAgentOptions = {}) {
    this.options = resolveOptions(options);
    this.classifier = createHostClassifier({
      extraHosts: this.options.extraHosts,
      onConfigError:
        this.options.onConfigError ??
        ((message) => diag.warn(`zscaler-otel-agent: ZSCALER_OTEL_EXTRA_HOSTS: ${message}`)),
    });
    this.metrics = new ZscalerMetrics(this.options.meterProvider);
    enableTaps();
  }

  onStart(span: ProcessedSpan, _parentContext: Context): void {
    try {
      if (span.kind !== SpanKind.CLIENT) return;
      const attributes = span.attributes;
      const host = hostOf(attributes);
      if (host === undefined) return;
      const path = pathOf(attributes);
      const target = this.classifier.classify(host, path);
      if (target === undefined) return;
      span.setAttribute('zscaler.service', target.service);
      span.setAttribute('zscaler.api', target.api);
      if (target.cloud !== undefined) span.setAttribute('zscaler.cloud', target.cloud);
      const lowerCaseHost = host.toLowerCase();
      const route = routeKey(lowerCaseHost, methodOf(attributes), path);
      const startedAt = this.options.clock?.() ?? millisecondsOf(span.startTime);
      const repeat = this.retries.repeatOf(route, startedAt);
      if (repeat !== undefined) setRepeatAttributes(span, repeat);
      const exchange = new Exchange(target, lowerCaseHost, scopeOf(span), this.options, route, repeat);
      openExchange(span, exchange);
      offerSpan(exchange);
    } catch (error) {
      diag.debug('zscaler-otel-agent: onStart failed', error);
    }
  }

  onEnding(span: ProcessedSpan): void {
    const exchange = closeExchange(span);
    if (exchange === undefined) return;
    try {
      this.finish(span, exchange);
    } catch (error) {
      diag.debug('zscaler-otel-agent: onEnding failed', error);
    }
  }

  onEnd(_span: EndedSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private finish(span: ProcessedSpan, exchange: Exchange): void {
    const record = exchange.record;
    const attributes = span.attributes;
    if (record === undefined) reportUnpaired(exchange, statusOf(attributes));
    else if (record.spans > 1) reportTwoSpans(exchange, record);
    const body = record?.finish();
    const method = methodOf(attributes);
    if (record?.missedBody() && method !== 'HEAD') reportMissedBody(exchange);
    const status = record?.status ?? statusOf(attributes);
    const [secondsPart, nanos] = span.duration;
    const seconds = secondsPart + nanos / 1e9;
    const target = exchange.target;
    // Two spans for one request (two instrumentations): both are enriched, the metrics count the request once.
    const records = record === undefined || !record.metricsRecorded;
    if (record !== undefined) record.metricsRecorded = true;
    const repeat = exchange.repeat;
    const endedMs = millisecondsOf(span.endTime);
    const endedAt = this.options.clock?.() ?? endedMs;
    if (status === undefined) {
      this.retries.failed(exchange.route, endedAt, undefined, repeat?.attempt ?? 0);
      if (records)
        this.metrics.record({ target, method, status, seconds, interpretation: undefined, repeat });
      return;
    }
    const interpretation = interpretResponse({
      target,
      status,
      method,
      header: record?.header ?? noHeader,
      body,
      // An HTTP-date Retry-After counts from the response; the span ends with its (small) error body.
      now: endedMs,
    });
    setResponseAttributes(span, interpretation, this.options.captureReason);
    // Instrumentations set ERROR without a message, and setStatus replaces the whole status; a message
    // already there (a network error's) says more about this span than the status table does.
    if (status >= 400 && interpretation.description !== undefined && !span.status.message) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: interpretation.description });
    }
    if (status >= 400) {
      const asked = interpretation.retryAfter;
      this.retries.failed(exchange.route, endedAt, asked, repeat?.attempt ?? 0);
    } else this.retries.succeeded(exchange.route);
    if (records) this.metrics.record({ target, method, status, seconds, interpretation, repeat });
  }
}

/** A span never paired with its request has no response headers. */
const noHeader = (): undefined => undefined;

function scopeOf(span: ProcessedSpan): string {
  const name = span.instrumentationScope?.name;
  return typeof name === 'string' && name !== '' ? name : 'an unnamed instrumentation';
}

/** A span with an HTTP status whose request never appeared on Node's channels: only span attributes remain. */
function reportUnpaired(exchange: Exchange, status: number | undefined): void {
  if (status === undefined) return;
  noticeOnce(
    `unpaired ${exchange.scope}`,
    `spans from ${exchange.scope} to Zscaler hosts could not be matched with their request on Node's diagnostics channels: they get the service, category and status description, but no error id, reason, Retry-After, request id or rate-limit values (${SETUP_SECTION})`,
  );
}

function reportTwoSpans(exchange: Exchange, record: ResponseRecord): void {
  noticeOnce(
    'two spans',
    `two instrumentations traced the same request (${record.firstScope} and ${exchange.scope}): both spans are enriched, the metrics count the request once; enable only one of them (${SETUP_SECTION})`,
  );
}

function reportMissedBody(exchange: Exchange): void {
  noticeOnce(
    `missed body ${exchange.scope}`,
    `Zscaler error bodies of requests traced by ${exchange.scope} did not reach the agent (the HTTP client hands them over neither to undici's onData nor to a diagnostics channel): error ids and reasons will be missing (${SETUP_SECTION})`,
  );
}
/** CONTRACT.md "Retries": what makes this request a repeat of an earlier error on its route. */
function setRepeatAttributes(span: ProcessedSpan, repeat: Repeat): void {
  span.setAttribute('zscaler.retry.attempt', repeat.attempt);
  span.setAttribute('zscaler.retry.waited', repeat.waited);
  if (repeat.asked !== undefined) span.setAttribute('zscaler.retry.asked', repeat.asked);
  if (repeat.early !== undefined) span.setAttribute('zscaler.retry.early', repeat.early);
}

/** CONTRACT.md's response-derived span attributes, for those the catalogue found (one SDK call each, no copy). */
function setResponseAttributes(
  span: ProcessedSpan,
  interpretation: Interpretation,
  captureReason: boolean,
): void {
  setFound(span, 'zscaler.request_id', interpretation.requestId);
  setFound(span, 'zscaler.error.id', interpretation.errorId);
  if (captureReason) setFound(span, 'zscaler.error.reason', interpretation.reason);
  setFound(span, 'zscaler.error.category', interpretation.category);
  setFound(span, 'zscaler.retryable', interpretation.retryable);
  setFound(span, 'zscaler.retry_after', interpretation.retryAfter);
  setFound(span, 'zscaler.ratelimit.remaining', interpretation.rateLimitRemaining);
  setFound(span, 'zscaler.ratelimit.reset', interpretation.rateLimitReset);
}

function setFound(span: ProcessedSpan, name: string, value: AttributeValue | undefined): void {
  if (value !== undefined) span.setAttribute(name, value);
}
