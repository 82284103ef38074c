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
  it('sums per set, keeps the last value of a gauge, and builds each set once', () => {
    const tally = new Tally({} as Observable);
    let built = 0;
    const zpa = () => {
      built++;
      return { 'zscaler.service': 'zpa' };
    };
    tally.add('zpa', zpa, 1);
    tally.add('zpa', zpa, 2);
    tally.add('zia', () => ({ 'zscaler.service': 'zia' }), 1);
    expect(observed(tally)).toEqual([
      [3, { 'zscaler.service': 'zpa' }],
      [1, { 'zscaler.service': 'zia' }],
    ]);
    expect(built).toBe(1);
    const gauge = new Tally({} as Observable);
    gauge.set('zpa', zpa, 10);
    gauge.set('zpa', zpa, 4);
    expect(observed(gauge)).toEqual([[4, { 'zscaler.service': 'zpa' }]]);
  });

  it(`past ${LIMIT} sets, new ones go to the one overflow set`, () => {
    const tally = new Tally({} as Observable);
    for (let i = 0; i < LIMIT + 500; i++) tally.add(String(i), () => ({ i }), 1);
    tally.add('0', () => ({ i: 0 }), 1);
    const points = observed(tally);
    expect(points).toHaveLength(LIMIT + 1);
    expect(points[0]).toEqual([2, { i: 0 }]);
    expect(points.at(-1)).toEqual([500, { 'otel.metric.overflow': true }]);
  });
});

describe('AttributeSets', () => {
  it('returns the same set for a key, and keeps at most the limit', () => {
    const sets = new AttributeSets();
    const first = sets.get('a', () => ({ a: 1 }));
    expect(sets.get('a', () => ({ a: 2 }))).toBe(first);
    for (let i = 0; i < LIMIT + 10; i++) sets.get(String(i), () => ({ i }));
    const past = sets.get('past', () => ({ past: true }));
    expect(sets.get('past', () => ({ past: true }))).not.toBe(past);
  });
});
