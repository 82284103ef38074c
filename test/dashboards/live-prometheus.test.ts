/**
 * The dashboards on a live Prometheus scraping an app run under the agent (`OTEL_METRICS_EXPORTER=prometheus`,
 * the direct-scrape naming path) while it drives the simulator into 429s and 409s and repeats what failed (early,
 * on time, after no Retry-After): every panel query, with the dashboard variables substituted, returns non-empty
 * data of plausible value, and the variables filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freeLoopbackPort,
  type RunningPrometheus,
  type Sample,
  startPrometheus,
} from '../support/prometheus.js';
import { allSelected, panelQueries, substitute, type VariableValues } from './panel-queries.js';
import { startWorkloadUnderAgent, type Workload } from './workload.js';

/** Scrapes every second, so Grafana's `$__rate_interval` would be 4 s; a wider window smooths the rates. */
const windows = { rateInterval: '15s', range: '1m' } as const;
const dashboardDefaults: VariableValues = { ...windows, ...allSelected };
const cloud = 'zscalertwo';

const byKey = new Map(panelQueries().map((query) => [query.key, query]));

function exprOf(key: string, variables: Partial<VariableValues> = {}): string {
  const query = byKey.get(key);
  if (query === undefined) throw new Error(`no dashboard query ${key}`);
  return substitute(query.expr, { ...dashboardDefaults, ...variables });
}

/**
 * What a value in this unit can plausibly be; rates and counts must also show some traffic. A quantile is NaN
 * for a service idle during the window (Grafana draws no point), so there only some values must be numbers.
 */
function expectPlausible(key: string, expr: string, unit: string | undefined, samples: Sample[]): void {
  const values = samples.map((sample) => sample.value).filter((value) => !Number.isNaN(value));
  if (values.length < samples.length) expect(expr, `${key}: NaN`).toMatch(/^histogram_quantile\(/);
  expect(values.length, key).toBeGreaterThan(0);
  for (const value of values) expect(Number.isFinite(value), `${key}: ${value}`).toBe(true);
  switch (unit) {
    case 'percentunit':
      for (const value of values) expect(value, key).toSatisfy((v: number) => v >= 0 && v <= 1);
      break;
    case 's':
      for (const value of values) expect(value, key).toSatisfy((v: number) => v > 0 && v <= 3600);
      break;
    default:
      for (const value of values) expect(value, key).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values), key).toBeGreaterThan(0);
  }
}

function sampleValue(samples: Sample[], labels: Record<string, string>): number | undefined {
  return samples.find((sample) =>
    Object.entries(labels).every(([name, value]) => sample.metric[name] === value),
  )?.value;
}

describe('dashboards on a live Prometheus scraping the app (direct-scrape names)', () => {
  let prometheus: RunningPrometheus;
  let app: Workload;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    app = await startWorkloadUnderAgent('billing', port);
    // The cloud as a scrape-target label: how a direct scrape gives the metrics a `zscaler_cloud`.
    prometheus = await startPrometheus([
      { job: 'billing', target: `127.0.0.1:${port}`, labels: { zscaler_cloud: cloud } },
    ]);
    await prometheus.waitFor(
      exprOf('zscaler-overview.json / Requests / A'),
      (samples) => (samples[0]?.value ?? 0) > 0,
    );
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it.each([...byKey.values()])('$key returns plausible data', async ({ key, unit }) => {
    const expr = exprOf(key);
    // Right after start-up a counter may not have risen between two scrapes yet (its rate is then 0), and
    // conflicts come in bursts: wait until the panel shows traffic.
    const samples = await prometheus.waitFor(
      expr,
      (result) => result.length > 0 && (unit === 'percentunit' || result.some((sample) => sample.value > 0)),
    );
    expectPlausible(key, expr, unit, samples);
  });

  it.each([
    [
      'zscaler-overview.json / 429 rate by service and method / A',
      { zscaler_service: 'zpa', http_request_method: 'GET' },
    ],
    [
      'zscaler-overview.json / Conflicts by service and error id / A',
      { zscaler_service: 'zia', zscaler_error_id: 'EDIT_LOCK_NOT_AVAILABLE' },
    ],
    [
      'zscaler-overview.json / Conflicts by service and error id / A',
      { zscaler_service: 'zpa', zscaler_error_id: 'api.concurrent.access.error' },
    ],
    ['zscaler-rate-limits-conflicts.json / Mean Retry-After by service / A', { zscaler_service: 'zpa' }],
    // The workload's impatient client (early), its patient one (on time), and ZIA writes repeated next round
    // after a 409 that asked for no wait.
    [
      'zscaler-overview.json / Retries by service: early / on time / no Retry-After / A',
      { zscaler_service: 'zia' },
    ],
    [
      'zscaler-overview.json / Retries by service: early / on time / no Retry-After / B',
      { zscaler_service: 'zia' },
    ],
    [
      'zscaler-overview.json / Retries by service: early / on time / no Retry-After / C',
      { zscaler_service: 'zia' },
    ],
    [
      'zscaler-rate-limits-conflicts.json / Retries in the time range by service, method and timing / A',
      { zscaler_service: 'zia', http_request_method: 'GET', zscaler_retry_early: 'true' },
    ],
    [
      'zscaler-rate-limits-conflicts.json / Retries in the time range by service, method and timing / A',
      { zscaler_service: 'zia', http_request_method: 'GET', zscaler_retry_early: 'false' },
    ],
  ])('%s shows %o above zero', async (key, labels) => {
    await prometheus.waitFor(exprOf(key), (samples) => (sampleValue(samples, labels) ?? 0) > 0);
  });

  it('filters by job, Zscaler service and cloud', async () => {
    const perService = 'zscaler-overview.json / Request rate by service / A';
    const zpaOnly = await prometheus.query(exprOf(perService, { service: 'zpa' }));
    expect(zpaOnly.map((sample) => sample.metric.zscaler_service)).toEqual(['zpa']);

    const services = (samples: Sample[]) => samples.map((sample) => sample.metric.zscaler_service).sort();
    const all = await prometheus.query(exprOf(perService));
    expect(services(all)).toEqual(expect.arrayContaining(['zia', 'zpa']));
    expect(services(await prometheus.query(exprOf(perService, { job: 'billing', cloud })))).toEqual(
      services(all),
    );
    expect(await prometheus.query(exprOf(perService, { cloud: 'beta' }))).toEqual([]);
    expect(await prometheus.query(exprOf(perService, { job: 'another-service' }))).toEqual([]);
  });
});
