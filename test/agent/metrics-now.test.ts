/**
 * Pins the private path collectMetricsNow walks in the pinned @opentelemetry/sdk-metrics (the version the
 * bundle carries): what it collects synchronously equals what the reader's own async collect returns.
 */
import { ValueType } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { collectMetricsNow } from '../../src/agent/metrics-now.js';
import { ManualReader } from '../telemetry/manual-reader.js';

function summary(
  scopes: ReadonlyArray<{
    scope: { name: string };
    metrics: ReadonlyArray<{
      descriptor: { name: string };
      dataPoints: ReadonlyArray<{ value: unknown; attributes: unknown }>;
    }>;
  }>,
) {
  return (
    scopes
      .flatMap((scope) =>
        scope.metrics.map((metric) => ({
          scope: scope.scope.name,
          name: metric.descriptor.name,
          points: metric.dataPoints.map((point) => ({ value: point.value, attributes: point.attributes })),
        })),
      )
      // The async collect finishes meters in whatever order their callbacks settle.
      .sort((a, b) => `${a.scope} ${a.name}`.localeCompare(`${b.scope} ${b.name}`))
  );
}

describe('collectMetricsNow', () => {
  it('collects synchronous and observable instruments as the reader would, without awaiting anything', async () => {
    const reader = new ManualReader();
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('zscaler-otel-agent');
    meter.createCounter('zscaler.api.requests').add(2, { 'zscaler.service': 'zpa' });
    meter.createHistogram('zscaler.api.retry_after').record(4, { 'zscaler.service': 'zpa' });
    meter.createGauge('zscaler.api.ratelimit.remaining').record(7);
    provider.getMeter('other').createUpDownCounter('queue').add(-1);
    // Observable, as the agent's counters and gauge are: one callback per instrument, and a batch callback.
    meter
      .createObservableGauge('single', { valueType: ValueType.INT })
      .addCallback((result) => result.observe(2.7, { kind: 'single' }));
    const batched = meter.createObservableCounter('zscaler.api.rate_limited');
    meter.addBatchObservableCallback(
      (result) => result.observe(batched, 5, { 'zscaler.service': 'zia' }),
      [batched],
    );

    const now = collectMetricsNow(reader);
    expect(now?.resource).toBeDefined();
    const expected = summary((await reader.collect()).resourceMetrics.scopeMetrics);
    expect(expected.map((metric) => metric.name).sort()).toEqual([
      'queue',
      'single',
      'zscaler.api.rate_limited',
      'zscaler.api.ratelimit.remaining',
      'zscaler.api.requests',
      'zscaler.api.retry_after',
    ]);
    expect(summary(now?.scopeMetrics ?? [])).toEqual(expected);
    await provider.shutdown();
  });

  it('gives nothing for a reader no provider has bound', () => {
    expect(collectMetricsNow(new ManualReader())).toBeUndefined();
  });
});
