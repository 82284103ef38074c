/** The query helpers on hand-made received data. */
import { describe, expect, it } from 'vitest';
import {
  latestPoints,
  latestTotal,
  pointsOf,
  type ReceivedMetric,
  type ReceivedSpan,
  spansWith,
} from '../../src/receiver/index.js';

const origin = { resource: { 'service.name': 'app' }, scope: { name: 'zscaler-otel-agent' } };

function counter(time: bigint, values: readonly [string, number, number][]): ReceivedMetric {
  return {
    name: 'zscaler.api.requests',
    description: '',
    unit: '{request}',
    kind: 'sum',
    monotonic: true,
    temporality: 'cumulative',
    points: values.map(([service, status, value]) => ({
      attributes: { 'zscaler.service': service, 'http.response.status_code': status },
      startTimeUnixNano: 1n,
      timeUnixNano: time,
      value,
    })),
    ...origin,
  };
}

const metrics = [
  counter(20n, [
    ['zia', 429, 5],
    ['zpa', 200, 1],
  ]),
  counter(10n, [['zia', 429, 3]]),
  counter(30n, [
    ['zia', 200, 7],
    ['zpa', 200, 4],
  ]),
];

describe('metric queries', () => {
  it('pointsOf flattens every point with its metric', () => {
    expect(pointsOf(metrics, 'zscaler.api.requests')).toHaveLength(5);
    expect(pointsOf(metrics, 'other')).toEqual([]);
    expect(pointsOf(metrics)[0]).toMatchObject({
      metric: 'zscaler.api.requests',
      unit: '{request}',
      kind: 'sum',
    });
  });

  it('latestPoints keeps the newest point of each series, whatever the arrival order', () => {
    const latest = latestPoints(metrics, 'zscaler.api.requests');
    expect(latest.map((point) => [point.attributes['zscaler.service'], point.value])).toEqual([
      ['zia', 5],
      ['zpa', 4],
      ['zia', 7],
    ]);
    expect(latestPoints(metrics, 'zscaler.api.requests', { 'http.response.status_code': 429 })).toHaveLength(
      1,
    );
  });

  it('latestTotal adds the newest values of the matching series', () => {
    expect(latestTotal(metrics, 'zscaler.api.requests')).toBe(16);
    expect(latestTotal(metrics, 'zscaler.api.requests', { 'zscaler.service': 'zia' })).toBe(12);
    expect(latestTotal(metrics, 'missing')).toBe(0);
  });
});

describe('span queries', () => {
  const span = (attributes: ReceivedSpan['attributes']): ReceivedSpan => ({
    traceId: '0'.repeat(32),
    spanId: '1'.repeat(16),
    name: 'GET',
    kind: 3,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 1n,
    attributes,
    events: [],
    status: { code: 0 },
    ...origin,
  });

  it('spansWith matches scalars and arrays by value, absent keys never', () => {
    const spans = [
      span({ 'zscaler.service': 'zia', tags: ['a', 'b'] }),
      span({ 'zscaler.service': 'zpa' }),
      span({ 'zscaler.error.id': null }),
    ];
    expect(spansWith(spans, { 'zscaler.service': 'zia' })).toEqual([spans[0]]);
    expect(spansWith(spans, { tags: ['a', 'b'] })).toEqual([spans[0]]);
    expect(spansWith(spans, { 'zscaler.error.id': null })).toEqual([spans[2]]);
    expect(spansWith(spans, {})).toEqual(spans);
  });
});
