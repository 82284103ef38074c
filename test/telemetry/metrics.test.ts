/**
 * ZscalerMetrics over a run of mixed outcomes: every request lands in its own attribute sets whether its outcome
 * repeats the one before it (found without a key) or not (found by its key), and conflicts that differ only in
 * their error id are one set of the requests counter.
 */
import type { Attributes } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { expect, test } from 'vitest';
import type { Interpretation, ZscalerTarget } from '../../src/catalog/index.js';
import { METER_NAME, OTHER_ERROR_ID, type Outcome, ZscalerMetrics } from '../../src/telemetry/metrics.js';
import { ManualReader } from './manual-reader.js';
import { THROTTLED, ZIA, ZPA } from './outcome-fixtures.js';

const conflict = (errorId: string, errorIdKnown: boolean): Interpretation => ({
  errorIdKnown,
  errorId,
  category: 'conflict',
  retryable: true,
});

const outcome = (
  target: ZscalerTarget,
  status: number,
  interpretation: Interpretation,
  more = {},
): Outcome => ({
  target,
  method: 'GET',
  status,
  seconds: 0.01,
  interpretation,
  ...more,
});

/** name → the points of that metric, as [attributes, value or histogram count]. */
async function collect(reader: MetricReader): Promise<Map<string, Array<[Attributes, number]>>> {
  const { resourceMetrics } = await reader.collect();
  const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === METER_NAME);
  return new Map(
    (scope?.metrics ?? []).map((metric) => [
      metric.descriptor.name,
      (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => [
        point.attributes,
        typeof point.value === 'number' ? point.value : point.value.count,
      ]),
    ]),
  );
}

test('mixed outcomes, repeated and alternating, each count in their own sets', async () => {
  const reader = new ManualReader();
  const metrics = new ZscalerMetrics(new MeterProvider({ readers: [reader] }));
  const early = { repeat: { attempt: 1, waited: 0.01, asked: 13, early: true } };
  for (let index = 0; index < 3; index++) metrics.record(outcome(ZPA, 429, THROTTLED, early));
  metrics.record(outcome(ZIA, 200, { errorIdKnown: false, rateLimitRemaining: 7 }));
  metrics.record(outcome(ZPA, 409, conflict('api.concurrent.access.error', true)));
  metrics.record(outcome(ZPA, 409, conflict('some.other.error', false)));
  metrics.record(outcome(ZPA, 409, conflict('yet.another.error', false)));
  metrics.record(outcome(ZPA, 429, THROTTLED));
  metrics.record(outcome(ZIA, 200, { errorIdKnown: false, rateLimitRemaining: 5 }));

  const points = await collect(reader);
  const call = (service: string, status: number, category?: string) => ({
    'zscaler.service': service,
    'http.request.method': 'GET',
    'http.response.status_code': status,
    ...(category !== undefined && { 'zscaler.error.category': category }),
  });
  expect(points.get('zscaler.api.requests')).toEqual([
    [{ ...call('zpa', 429, 'rate_limited'), 'zscaler.api': 'oneapi', 'zscaler.retryable': true }, 4],
    [{ ...call('zia', 200), 'zscaler.api': 'legacy' }, 2],
    [{ ...call('zpa', 409, 'conflict'), 'zscaler.api': 'oneapi', 'zscaler.retryable': true }, 3],
  ]);
  expect(points.get('zscaler.api.rate_limited')).toEqual([
    [{ 'zscaler.service': 'zpa', 'http.request.method': 'GET' }, 4],
  ]);
  const byId = (id: string) => ({
    'zscaler.service': 'zpa',
    'http.request.method': 'GET',
    'zscaler.error.id': id,
  });
  expect(points.get('zscaler.api.conflicts')).toEqual([
    [byId('api.concurrent.access.error'), 1],
    [byId(OTHER_ERROR_ID), 2],
  ]);
  expect(points.get('zscaler.api.ratelimit.remaining')).toEqual([
    [{ 'zscaler.service': 'zpa' }, 0],
    [{ 'zscaler.service': 'zia' }, 5],
  ]);
  expect(points.get('zscaler.api.retries')).toEqual([
    [{ 'zscaler.service': 'zpa', 'zscaler.retry.early': true, 'http.request.method': 'GET' }, 3],
  ]);
  expect(points.get('zscaler.api.retry_after')).toEqual([[{ 'zscaler.service': 'zpa' }, 4]]);
  expect(points.get('zscaler.api.request.duration')).toEqual([
    [call('zpa', 429, 'rate_limited'), 4],
    [call('zia', 200), 2],
    [call('zpa', 409, 'conflict'), 3],
  ]);
  expect(points.get('zscaler.api.retry.waited')).toEqual([
    [{ 'zscaler.service': 'zpa', 'zscaler.retry.early': true }, 3],
  ]);
});
