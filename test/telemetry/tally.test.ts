/**
 * The agent's own tallies behind the observable instruments: values per attribute set, bounded as the SDK
 * bounds a metric stream.
 */
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { LIMIT, Tally } from '../../src/telemetry/tally.js';

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
    const zpa = tally.cell('zpa', () => ({ 'zscaler.service': 'zpa' }));
    tally.record(zpa, 1);
    tally.record(
      tally.cell('zpa', () => ({ built: 'again' })),
      2,
    );
    tally.record(
      tally.cell('zia', () => ({ 'zscaler.service': 'zia' })),
      1,
    );
    expect(observed(tally)).toEqual([
      [3, { 'zscaler.service': 'zpa' }],
      [1, { 'zscaler.service': 'zia' }],
    ]);
    const gauge = new Tally({} as Observable, 'last');
    const remaining = gauge.cell('zpa', () => ({ 'zscaler.service': 'zpa' }));
    gauge.record(remaining, 10);
    gauge.record(remaining, 4);
    expect(observed(gauge)).toEqual([[4, { 'zscaler.service': 'zpa' }]]);
  });

  it('builds the attributes of a set once', () => {
    const tally = new Tally({} as Observable);
    let built = 0;
    const attributes = () => {
      built++;
      return { 'zscaler.service': 'zpa' };
    };
    for (let i = 0; i < 3; i++) tally.record(tally.cell('zpa', attributes), 1);
    expect(built).toBe(1);
  });

  it(`past ${LIMIT} sets, new ones go to the one overflow set`, () => {
    const tally = new Tally({} as Observable);
    for (let i = 0; i < LIMIT + 500; i++)
      tally.record(
        tally.cell(String(i), () => ({ i })),
        1,
      );
    tally.record(
      tally.cell('0', () => ({ i: 0 })),
      1,
    );
    const points = observed(tally);
    expect(points).toHaveLength(LIMIT + 1);
    expect(points[0]).toEqual([2, { i: 0 }]);
    expect(points.at(-1)).toEqual([500, { 'otel.metric.overflow': true }]);

    const gauge = new Tally({} as Observable, 'last');
    for (let i = 0; i < LIMIT + 2; i++)
      gauge.record(
        gauge.cell(String(i), () => ({ i })),
        i,
      );
    expect(observed(gauge).at(-1)).toEqual([LIMIT + 1, { 'otel.metric.overflow': true }]);
  });
});
