/**
 * The agent's own tallies behind the observable instruments: values per attribute set, bounded as the SDK
 * bounds a metric stream.
 */
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { AttributeSets, LIMIT, Tally } from '../../src/telemetry/tally.js';

function observed(tally: Tally): Array<[number, Attributes | undefined]> {
  const seen: Array<[number, Attributes | undefined]> = [];
  const result = {
    observe: (_instrument: Observable, value: number, attributes?: Attributes) =>
      seen.push([value, attributes]),
  };
  tally.observe(result as BatchObservableResult);
  return seen;
}

describe('Tally', () => {
  it('sums per set, and keeps the last value of a gauge', () => {
    const tally = new Tally({} as Observable);
    expect(tally.record('zpa', 1)).toBe(false);
    tally.start('zpa', { 'zscaler.service': 'zpa' }, 1);
    expect(tally.record('zpa', 2)).toBe(true);
    tally.start('zia', { 'zscaler.service': 'zia' }, 1);
    expect(observed(tally)).toEqual([
      [3, { 'zscaler.service': 'zpa' }],
      [1, { 'zscaler.service': 'zia' }],
    ]);
    const gauge = new Tally({} as Observable, 'last');
    expect(gauge.record('zpa', 10)).toBe(false);
    gauge.start('zpa', { 'zscaler.service': 'zpa' }, 10);
    expect(gauge.record('zpa', 4)).toBe(true);
    expect(observed(gauge)).toEqual([[4, { 'zscaler.service': 'zpa' }]]);
  });

  it(`past ${LIMIT} sets, new ones go to the one overflow set`, () => {
    const tally = new Tally({} as Observable);
    for (let i = 0; i < LIMIT + 500; i++) if (!tally.record(String(i), 1)) tally.start(String(i), { i }, 1);
    tally.record('0', 1);
    const points = observed(tally);
    expect(points).toHaveLength(LIMIT + 1);
    expect(points[0]).toEqual([2, { i: 0 }]);
    expect(points.at(-1)).toEqual([500, { 'otel.metric.overflow': true }]);

    const gauge = new Tally({} as Observable, 'last');
    for (let i = 0; i < LIMIT + 2; i++) gauge.start(String(i), { i }, i);
    expect(observed(gauge).at(-1)).toEqual([LIMIT + 1, { 'otel.metric.overflow': true }]);
  });
});

describe('AttributeSets', () => {
  it('keeps a set per key, at most the limit', () => {
    const sets = new AttributeSets();
    const first = sets.keep('a', { a: 1 });
    expect(sets.get('a')).toBe(first);
    for (let i = 0; i < LIMIT + 10; i++) sets.keep(String(i), { i });
    sets.keep('past', { past: true });
    expect(sets.get('past')).toBeUndefined();
  });
});
