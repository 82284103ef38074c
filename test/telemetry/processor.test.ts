/**
 * The processor alone, with spans as any instrumentation might make them: old and new attribute names, no
 * response hooks at all, non-client spans, and hostile inputs — it enriches what it can and never throws.
 */
import { type MeterProvider, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, test } from 'vitest';
import { ZscalerSpanProcessor } from '../../src/index.js';
import { openExchangeCount } from '../../src/telemetry/exchange.js';
import { zscalerAttributes } from './harness.js';

function tracerWith(processor: ZscalerSpanProcessor) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor({ exporter })] });
  return { tracer: provider.getTracer('test'), exporter };
}

describe('ZscalerSpanProcessor', () => {
  test('old attribute names and no response hooks: status from the span, description, metrics', () => {
    const { tracer, exporter } = tracerWith(new ZscalerSpanProcessor());
    const span = tracer.startSpan('PUT', {
      kind: SpanKind.CLIENT,
      attributes: { 'http.url': 'https://zsapi.zscalerthree.net/api/v1/users/1?x=1', 'http.method': 'PUT' },
    });
    span.setAttribute('http.status_code', 409);
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    const [finished] = exporter.getFinishedSpans();
    expect(zscalerAttributes(finished as never)).toEqual({
      'zscaler.service': 'zia',
      'zscaler.api': 'legacy',
      'zscaler.cloud': 'zscalerthree',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': true,
    });
    expect(finished?.status.code).toBe(SpanStatusCode.ERROR);
    expect(finished?.status.message).toMatch(/edit conflict/);
  });

  test('a network error keeps its own status message', () => {
    const { tracer, exporter } = tracerWith(new ZscalerSpanProcessor());
    const span = tracer.startSpan('GET', {
      kind: SpanKind.CLIENT,
      attributes: {
        'server.address': 'config.private.zscaler.com',
        'url.full': 'https://config.private.zscaler.com/signin',
      },
    });
    span.setAttribute('http.response.status_code', 503);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'other side closed' });
    span.end();
    expect(exporter.getFinishedSpans()[0]?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'other side closed',
    });
  });

  test('server spans, internal spans and other hosts are left as they are', () => {
    const { tracer, exporter } = tracerWith(new ZscalerSpanProcessor());
    for (const kind of [SpanKind.SERVER, SpanKind.INTERNAL, SpanKind.PRODUCER]) {
      tracer.startSpan('GET', { kind, attributes: { 'server.address': 'api.zsapi.net' } }).end();
    }
    tracer
      .startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'server.address': 'api.zsapi.net.example' } })
      .end();
    tracer.startSpan('GET', { kind: SpanKind.CLIENT }).end();
    expect(exporter.getFinishedSpans().flatMap((span) => Object.keys(zscalerAttributes(span)))).toEqual([]);
    expect(openExchangeCount()).toBe(0);
  });

  test('a failing MeterProvider or hostile attributes never reach the SDK', () => {
    const broken = {
      getMeter: () => {
        throw new Error('meter provider down');
      },
    } as unknown as MeterProvider;
    const { tracer, exporter } = tracerWith(new ZscalerSpanProcessor({ meterProvider: broken }));
    const span = tracer.startSpan('GET', {
      kind: SpanKind.CLIENT,
      attributes: {
        'server.address': 'api.zsapi.net',
        'url.full': 42 as unknown as string,
        'http.request.method': 7 as unknown as string,
      },
    });
    span.setAttribute('http.response.status_code', 429);
    expect(() => span.end()).not.toThrow();
    expect(zscalerAttributes(exporter.getFinishedSpans()[0] as never)).toMatchObject({
      'zscaler.service': 'oneapi',
      'zscaler.error.category': 'rate_limited',
    });
    expect(openExchangeCount()).toBe(0);
  });

  test('without a clock, repeats are timed by the spans: the wait is from the end of one to the start of the next', () => {
    const { tracer, exporter } = tracerWith(new ZscalerSpanProcessor());
    const attributes = {
      'server.address': 'api.zsapi.net',
      'url.path': '/zia/api/v1/users',
      'http.request.method': 'GET',
    };
    const request = (start: number, end: number) => {
      const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes, startTime: start });
      span.setAttribute('http.response.status_code', 429);
      span.end(end);
    };
    request(1_000_000, 1_000_200);
    request(1_001_200, 1_001_300);
    request(1_001_250, 1_001_400);
    const [first, second, concurrent] = exporter.getFinishedSpans().map((span) => span.attributes);
    expect(first?.['zscaler.retry.attempt']).toBeUndefined();
    expect(second).toMatchObject({ 'zscaler.retry.attempt': 1, 'zscaler.retry.waited': 1 });
    // Started before the error it would repeat ended: a concurrent request, not a repeat.
    expect(concurrent?.['zscaler.retry.attempt']).toBeUndefined();
  });

  test('extra hosts, and a bad entry is reported once', () => {
    const reports: string[] = [];
    const processor = new ZscalerSpanProcessor({
      extraHosts: 'zscaler-gw.corp.example=zia, =,*.zpa-proxy.example=zpa',
      onConfigError: (message) => reports.push(message),
    });
    const { tracer, exporter } = tracerWith(processor);
    for (const host of ['zscaler-gw.corp.example', 'eu.zpa-proxy.example']) {
      tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'server.address': host } }).end();
    }
    expect(exporter.getFinishedSpans().map((span) => span.attributes['zscaler.service'])).toEqual([
      'zia',
      'zpa',
    ]);
    expect(reports).toHaveLength(1);
  });
});
