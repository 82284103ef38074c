/**
 * The dashboards on a live Prometheus scraping an app's own metrics endpoint (`OTEL_METRICS_EXPORTER=prometheus`,
 * the direct-scrape naming path): every panel query, with the dashboard variables substituted, returns
 * non-empty data of plausible value, and the variables filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freeLoopbackPort,
  type RunningPrometheus,
  type Sample,
  startPrometheus,
} from '../support/prometheus.js';
import { allSelected, panelQueries, substitute, type VariableValues } from './panel-queries.js';
import { startStandInAgent } from './stand-in-agent.js';

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

/** What a value in this unit can plausibly be; rates and counts must also show some traffic. */
function expectPlausible(key: string, unit: string | undefined, samples: Sample[]): void {
  const values = samples.map((sample) => sample.value);
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
  let app: { stop(): Promise<void> };

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    app = await startStandInAgent(port);
    // The cloud as a scrape-target label: how a direct scrape gives the metrics a `zscaler_cloud`.
    prometheus = await startPrometheus([
      { job: 'billing', target: `127.0.0.1:${port}`, labels: { zscaler_cloud: cloud } },
    ]);
    await prometheus.waitFor(
      exprOf('zscaler-overview.json / Requests / A'),
      (samples) => (samples[0]?.value ?? 0) > 0,
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it.each([...byKey.values()])('$key returns plausible data', async ({ key, unit }) => {
    const samples = await prometheus.waitFor(exprOf(key), (result) => result.length > 0);
    expectPlausible(key, unit, samples);
  });

  it('shows the throttled service and method, the conflicts by error id and the waits asked for', async () => {
    const throttled = await prometheus.query(
      exprOf('zscaler-overview.json / 429 rate by service and method / A'),
    );
    expect(sampleValue(throttled, { zscaler_service: 'zpa', http_request_method: 'GET' })).toBeGreaterThan(0);

    const conflicts = await prometheus.query(
      exprOf('zscaler-overview.json / Conflicts by service and error id / A'),
    );
    expect(
      sampleValue(conflicts, { zscaler_service: 'zia', zscaler_error_id: 'EDIT_LOCK_NOT_AVAILABLE' }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(conflicts, { zscaler_service: 'zpa', zscaler_error_id: 'api.concurrent.access.error' }),
    ).toBeGreaterThan(0);

    const waits = await prometheus.query(
      exprOf('zscaler-rate-limits-conflicts.json / Mean Retry-After by service / A'),
    );
    expect(sampleValue(waits, { zscaler_service: 'zpa' })).toBeGreaterThan(0);
  });

  it('filters by job, Zscaler service and cloud', async () => {
    const perService = 'zscaler-overview.json / Request rate by service / A';
    const zpaOnly = await prometheus.query(exprOf(perService, { service: 'zpa' }));
    expect(zpaOnly.map((sample) => sample.metric.zscaler_service)).toEqual(['zpa']);

    expect(await prometheus.query(exprOf(perService, { job: 'billing', cloud }))).toHaveLength(2);
    expect(await prometheus.query(exprOf(perService, { cloud: 'beta' }))).toEqual([]);
    expect(await prometheus.query(exprOf(perService, { job: 'another-service' }))).toEqual([]);
  });
});
