/**
 * ZscalerSpanProcessor: classifies HTTP client spans when they start and, for a Zscaler request, writes the
 * response-derived attributes, the status description and the metric points while the span is ending. Put it
 * first in `spanProcessors` so exporters see what it writes. Generic over the catalogue; never throws into the
 * SDK. Any other span costs one cached host lookup.
 */
import { type AttributeValue, type Context, diag, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import {
  createHostClassifier,
  type HostClassifier,
  type Interpretation,
  interpretResponse,
} from '../catalog/index.js';
import { closeExchange, Exchange, openExchange } from './exchange.js';
import { ZscalerMetrics } from './metrics.js';
import { type ResolvedOptions, resolveOptions, type ZscalerAgentOptions } from './options.js';
import { hostOf, methodOf, pathOf, statusOf } from './span-request.js';

export class ZscalerSpanProcessor implements SpanProcessor {
  private readonly options: ResolvedOptions;
  private readonly classifier: HostClassifier;
  private readonly metrics: ZscalerMetrics;

  constructor(options: ZscalerAgentOptions = {}) {
    this.options = resolveOptions(options);
    this.classifier = createHostClassifier({
      extraHosts: this.options.extraHosts,
      onConfigError:
        this.options.onConfigError ??
        ((message) => diag.warn(`zscaler-otel-agent: ZSCALER_OTEL_EXTRA_HOSTS: ${message}`)),
    });
    this.metrics = new ZscalerMetrics(this.options.meterProvider);
  }

  onStart(span: Span, _parentContext: Context): void {
    try {
      if (span.kind !== SpanKind.CLIENT) return;
      const attributes = span.attributes;
      const host = hostOf(attributes);
      if (host === undefined) return;
      const target = this.classifier.classify(host, pathOf(attributes));
      if (target === undefined) return;
      span.setAttribute('zscaler.service', target.service);
      span.setAttribute('zscaler.api', target.api);
      if (target.cloud !== undefined) span.setAttribute('zscaler.cloud', target.cloud);
      openExchange(span, new Exchange(target, this.options));
    } catch (error) {
      diag.debug('zscaler-otel-agent: onStart failed', error);
    }
  }

  onEnding(span: Span): void {
    const exchange = closeExchange(span);
    if (exchange === undefined) return;
    try {
      this.finish(span, exchange);
    } catch (error) {
      diag.debug('zscaler-otel-agent: onEnding failed', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private finish(span: Span, exchange: Exchange): void {
    const body = exchange.finish();
    const attributes = span.attributes;
    const status = exchange.status ?? statusOf(attributes);
    const method = methodOf(attributes);
    const [secondsPart, nanos] = span.duration;
    const seconds = secondsPart + nanos / 1e9;
    const target = exchange.target;
    if (status === undefined) {
      this.metrics.record({ target, method, status, seconds, interpretation: undefined });
      return;
    }
    const interpretation = interpretResponse({
      target,
      status,
      method,
      header: exchange.header,
      body,
      now: exchange.respondedAt,
    });
    setResponseAttributes(span, interpretation, this.options.captureReason);
    // Both instrumentations set ERROR without a message, and setStatus replaces the whole status; a message
    // already there (a network error's) says more about this span than the status table does.
    if (status >= 400 && interpretation.description !== undefined && !span.status.message) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: interpretation.description });
    }
    this.metrics.record({ target, method, status, seconds, interpretation });
  }
}

/** CONTRACT.md's response-derived span attributes, for those the catalogue found (one SDK call each, no copy). */
function setResponseAttributes(span: Span, interpretation: Interpretation, captureReason: boolean): void {
  const set = (name: string, value: AttributeValue | undefined): void => {
    if (value !== undefined) span.setAttribute(name, value);
  };
  set('zscaler.request_id', interpretation.requestId);
  set('zscaler.error.id', interpretation.errorId);
  if (captureReason) set('zscaler.error.reason', interpretation.reason);
  set('zscaler.error.category', interpretation.category);
  set('zscaler.retryable', interpretation.retryable);
  set('zscaler.retry_after', interpretation.retryAfter);
  set('zscaler.ratelimit.remaining', interpretation.rateLimitRemaining);
  set('zscaler.ratelimit.reset', interpretation.rateLimitReset);
}
