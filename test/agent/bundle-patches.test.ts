/**
 * The patches applied when the SDK is bundled (.ci/bundle-sdk.mjs) change costs, never outcomes: the same
 * recordings through the bundle and through the stock packages give the same series.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const APP = fileURLToPath(new URL('./apps/record-series.cjs', import.meta.url));

function series(sdk: 'bundle' | 'stock'): unknown[] {
  const env = { PATH: process.env.PATH ?? '', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
  return JSON.parse(execFileSync(process.execPath, [APP, sdk], { env, encoding: 'utf8' }));
}

describe('bundled SDK: a histogram series lookup that remembers the last attribute set', () => {
  it('finds the series the stock SDK finds for repeated, reordered, changed and mutated sets', () => {
    const bundled = series('bundle');
    expect(bundled).toEqual(series('stock'));
    // Reordered keys are one series (1, 2, 3, 5, and the shared object's first recording, 14, and 17); a changed
    // value, an extra key (even undefined) or an array changed in place is another.
    expect(bundled).toContainEqual({ attributes: { a: 'x', b: 1 }, count: 6, sum: 1 + 2 + 3 + 5 + 14 + 17 });
    expect(bundled).toContainEqual({ attributes: { a: 'x', b: 1 }, count: 1, sum: 16 });
    expect(bundled).toContainEqual({ attributes: { list: ['a', 'b'] }, count: 2, sum: 12 + 13 });
    expect(bundled).toContainEqual({ attributes: { a: 'x', b: 2 }, count: 1, sum: 15 });
    expect(bundled).toContainEqual({ attributes: {}, count: 2, sum: 8 + 9 });
    expect(bundled).toHaveLength(11);
  });
});
