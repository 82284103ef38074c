/**
 * zscalerSampler in a user's own SDK: with a sampler that drops everything, Zscaler requests are still recorded
 * (so the processor counts them) but never exported; other spans stay dropped.
 */
import { SpanKind } from '@opentelemetry/api';
import { type DataPoint, MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { expect, test } from 'vitest';
import { ZscalerSpanProcessor, zscalerSampler } from '../../src/index.js';
import { ManualReader } from './manual-reader.js';

test('a ratio-0 sampler wrapped by zscalerSampler: Zscaler requests counted, nothing exported', async () => {
  const reader = new ManualReader();
  const options = {
    meterProvider: new MeterProvider({ readers: [reader] }),
    extraHosts: 'zs.corp.example=zia',
  };
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    sampler: zscalerSampler(new TraceIdRatioBasedSampler(0), options),
    spanProcessors: [new ZscalerSpanProcessor(options), new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('test');
  for (const host of ['api.zsapi.net', 'zs.corp.example', 'api.example.com']) {
    const span = tracer.startSpan('GET', {
      kind: SpanKind.CLIENT,
      attributes: {
        'server.address': host,
        'url.full': `https://${host}/zpa/x`,
        'http.request.method': 'GET',
      },
    });
    expect(span.isRecording()).toBe(host !== 'api.example.com');
    span.setAttribute('http.response.status_code', 429);
    span.end();
  }
  expect(exporter.getFinishedSpans()).toEqual([]);
  const { resourceMetrics } = await reader.collect();
  const rateLimited = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === 'zscaler.api.rate_limited')
    .flatMap((metric) => metric.dataPoints as DataPoint<number>[])
    .map((point) => [point.attributes['zscaler.service'], point.value]);
  expect(rateLimited.sort()).toEqual([
    ['zia', 1],
    ['zpa', 1],
  ]);
});

test('the wrapped sampler names what it wraps', () => {
  expect(zscalerSampler(new TraceIdRatioBasedSampler(0.5)).toString()).toBe(
    'RecordZscalerRequests{TraceIdRatioBased{0.5}}',
  );
});
