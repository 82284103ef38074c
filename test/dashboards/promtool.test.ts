/**
 * Every dashboard query, with Grafana's variables substituted, checked by Prometheus's own `promtool`: valid
 * PromQL, and the expected values from series named as each naming path names them (CONTRACT.md).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promtool } from '../support/prometheus.js';
import { evalTime, expected, inputSeries, interval, namingPaths, windows } from './fixture.js';
import { allSelected, panelQueries, substitute, variableQueries } from './panel-queries.js';

const queries = [...variableQueries(), ...panelQueries()].map((query) => ({
  ...query,
  expr: substitute(query.expr, { ...windows, ...allSelected }),
}));

describe('dashboard queries, checked by promtool', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zscaler-otel-promtool-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has an expected result for every query, and none for a query that is gone', () => {
    expect(Object.keys(expected).sort()).toEqual(queries.map((q) => q.key).sort());
  });

  it('are valid PromQL (promtool check rules)', async () => {
    const rules = {
      groups: [
        {
          name: 'dashboard-queries',
          rules: queries.map(({ expr }, index) => ({ record: `dashboard:query_${index}`, expr })),
        },
      ],
    };
    await writeFile(join(dir, 'queries.rules.yml'), JSON.stringify(rules, null, 2));
    const { code, output } = await promtool(['check', 'rules', 'queries.rules.yml'], dir);
    expect(code, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it.each(namingPaths)('return the expected values from series $name (promtool test rules)', async (path) => {
    const tests = {
      rule_files: [],
      evaluation_interval: interval,
      tests: [
        {
          interval,
          input_series: inputSeries(path),
          promql_expr_test: queries.map(({ key, expr }) => ({
            expr,
            eval_time: evalTime,
            exp_samples: (expected[key] ?? []).map(([labels, value]) => ({ labels, value })),
          })),
        },
      ],
    };
    const file = `${path.histogramSuffix || 'no-suffix'}.test.yml`;
    await writeFile(join(dir, file), JSON.stringify(tests, null, 2));
    const { code, output } = await promtool(['test', 'rules', file], dir);
    expect(code, output).toBe(0);
  });
});
