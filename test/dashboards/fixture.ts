/**
 * Ten minutes of the agent's metrics as Prometheus would store them, and what every dashboard query must
 * return from them. Rates are chosen so every expected value is exact in floating point: promtool compares
 * exactly. Samples every 15 s; counters grow by `perSecond × 15` each step.
 *
 * Traffic (calls per second): zia GET 200 1, zia PUT 409 EDIT_LOCK_NOT_AVAILABLE 0.5 (retryable), zia POST
 * 409 DUPLICATE_ITEM 0.5 (not retryable); zpa GET 200 1.5, zpa GET 429 0.5 (Retry-After 13 s), zpa PUT 200
 * 1.5, zpa PUT 409 api.concurrent.access.error 0.5 (retryable); zcc GET 200 2. Total 8, errors 2.
 *
 * Repeats of those (CONTRACT.md "Retries"), per second: after zpa's 429s, an impatient client repeats 0.25 at
 * once (early, after 0.375 s) and a patient one 0.25 after 14 s (on time); zia's edit-lock 409s, which ask for
 * no wait, are repeated 0.5 after 0.75 s (no `zscaler_retry_early`).
 */

export const interval = '15s';
export const steps = 40;
export const evalTime = '10m';
/** What `$__rate_interval` and `$__range` become at `evalTime`. */
export const windows = { rateInterval: '1m', range: '10m' } as const;

/** How a naming path spells the histograms (CONTRACT.md) and what else it puts on every series. */
export interface NamingPath {
  readonly name: string;
  readonly histogramSuffix: '_seconds' | '';
  readonly labels: Record<string, string>;
}

export const namingPaths: readonly NamingPath[] = [
  {
    name: 'OpenTelemetry Collector or Prometheus OTLP receiver',
    histogramSuffix: '_seconds',
    labels: { job: 'billing', instance: 'otel-collector:8889' },
  },
  {
    name: 'scraped from the app (exporter-prometheus)',
    histogramSuffix: '',
    labels: {
      job: 'billing',
      instance: '10.0.0.7:9464',
      otel_scope_name: 'zscaler-otel-agent',
      otel_scope_version: '0.1.0',
    },
  },
];

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

type Labels = Record<string, string>;

function selector(name: string, labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return `${name}{${pairs.join(', ')}}`;
}

const counter = (perSecond: number) => `0+${perSecond * 15}x${steps}`;
const constant = (value: number) => `${value}+0x${steps}`;

interface Call {
  readonly service: string;
  readonly method: string;
  readonly status: number;
  readonly perSecond: number;
  readonly category?: string;
  readonly retryable?: boolean;
  readonly errorId?: string;
}

const calls: readonly Call[] = [
  { service: 'zia', method: 'GET', status: 200, perSecond: 1 },
  {
    service: 'zia',
    method: 'PUT',
    status: 409,
    perSecond: 0.5,
    category: 'conflict',
    retryable: true,
    errorId: 'EDIT_LOCK_NOT_AVAILABLE',
  },
  {
    service: 'zia',
    method: 'POST',
    status: 409,
    perSecond: 0.5,
    category: 'conflict',
    retryable: false,
    errorId: 'DUPLICATE_ITEM',
  },
  { service: 'zpa', method: 'GET', status: 200, perSecond: 1.5 },
  { service: 'zpa', method: 'GET', status: 429, perSecond: 0.5, category: 'rate_limited', retryable: true },
  { service: 'zpa', method: 'PUT', status: 200, perSecond: 1.5 },
  {
    service: 'zpa',
    method: 'PUT',
    status: 409,
    perSecond: 0.5,
    category: 'conflict',
    retryable: true,
    errorId: 'api.concurrent.access.error',
  },
  { service: 'zcc', method: 'GET', status: 200, perSecond: 2 },
];

interface Retry {
  readonly service: string;
  readonly method: string;
  readonly perSecond: number;
  /** Seconds from the error to the repeat. */
  readonly waited: number;
  /** Absent when the error gave no Retry-After. */
  readonly early?: boolean;
}

const retries: readonly Retry[] = [
  { service: 'zpa', method: 'GET', perSecond: 0.25, waited: 0.375, early: true },
  { service: 'zpa', method: 'GET', perSecond: 0.25, waited: 14, early: false },
  { service: 'zia', method: 'PUT', perSecond: 0.5, waited: 0.75 },
];

/**
 * Histogram buckets in seconds. Each service's observations fall in one bucket, so quantiles are exact; but zpa's
 * waits before a repeat, which fall in two (`acrossBuckets`).
 */
const bounds = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

function histogramSeries(name: string, labels: Labels, perSecond: number, value: number): InputSeries[] {
  const buckets = [...bounds.map(String), '+Inf'].map((le) => ({
    series: selector(`${name}_bucket`, { ...labels, le }),
    values: counter(le === '+Inf' || value <= Number(le) ? perSecond : 0),
  }));
  return [
    ...buckets,
    { series: selector(`${name}_count`, labels), values: counter(perSecond) },
    { series: selector(`${name}_sum`, labels), values: counter(perSecond * value) },
  ];
}

/** Request durations: zia 0.375 s, zpa 0.75 s, zcc 0.1875 s (the middle of a bucket each). */
const durations: Record<string, number> = { zia: 0.375, zpa: 0.75, zcc: 0.1875 };

export function inputSeries(path: NamingPath): InputSeries[] {
  const on = (labels: Labels) => ({ ...path.labels, ...labels });
  const requests = calls.map((call) => ({
    series: selector(
      'zscaler_api_requests_total',
      on({
        zscaler_service: call.service,
        zscaler_api: 'oneapi',
        http_request_method: call.method,
        http_response_status_code: String(call.status),
        ...(call.category && {
          zscaler_error_category: call.category,
          zscaler_retryable: String(call.retryable),
        }),
      }),
    ),
    values: counter(call.perSecond),
  }));
  const rateLimited = calls
    .filter((call) => call.status === 429)
    .map((call) => ({
      series: selector(
        'zscaler_api_rate_limited_total',
        on({ zscaler_service: call.service, http_request_method: call.method }),
      ),
      values: counter(call.perSecond),
    }));
  const conflicts = calls
    .filter((call) => call.category === 'conflict')
    .map((call) => ({
      series: selector(
        'zscaler_api_conflicts_total',
        on({
          zscaler_service: call.service,
          http_request_method: call.method,
          zscaler_error_id: call.errorId ?? '_OTHER',
        }),
      ),
      values: counter(call.perSecond),
    }));
  const durationSeries = calls.flatMap((call) =>
    histogramSeries(
      `zscaler_api_request_duration${path.histogramSuffix}`,
      on({
        zscaler_service: call.service,
        http_request_method: call.method,
        http_response_status_code: String(call.status),
        ...(call.category && { zscaler_error_category: call.category }),
      }),
      call.perSecond,
      durations[call.service] ?? 0,
    ),
  );
  const retryAfter = histogramSeries(
    `zscaler_api_retry_after${path.histogramSuffix}`,
    on({ zscaler_service: 'zpa' }),
    0.5,
    13,
  );
  const retryCounts = retries.map((retry) => ({
    series: selector(
      'zscaler_api_retries_total',
      on({
        zscaler_service: retry.service,
        http_request_method: retry.method,
        ...(retry.early !== undefined && { zscaler_retry_early: String(retry.early) }),
      }),
    ),
    values: counter(retry.perSecond),
  }));
  const retryWaited = retries.flatMap((retry) =>
    histogramSeries(
      `zscaler_api_retry_waited${path.histogramSuffix}`,
      on({
        zscaler_service: retry.service,
        ...(retry.early !== undefined && { zscaler_retry_early: String(retry.early) }),
      }),
      retry.perSecond,
      retry.waited,
    ),
  );
  const remaining = Object.entries({ zia: 4992, zpa: 7, zcc: 96 }).map(([service, value]) => ({
    series: selector('zscaler_api_ratelimit_remaining', on({ zscaler_service: service })),
    values: constant(value),
  }));
  return [
    ...requests,
    ...rateLimited,
    ...conflicts,
    ...durationSeries,
    ...retryAfter,
    ...remaining,
    ...retryCounts,
    ...retryWaited,
  ];
}

/** A quantile inside one bucket [lower, upper], as Prometheus interpolates it. */
const inBucket = (lower: number, upper: number, q: number) => lower + (upper - lower) * q;

/**
 * A quantile whose rank falls in [lower, upper] with `below` of `total` observations (per second) in the buckets
 * under it and `inside` in it, as Prometheus interpolates it: the same operations in the same order.
 */
const acrossBuckets = (
  lower: number,
  upper: number,
  q: number,
  { total, below, inside }: { total: number; below: number; inside: number },
) => lower + (upper - lower) * ((q * total - below) / inside);

/** zpa's waits before a repeat after a Retry-After: 0.25/s early in (0.25, 0.5], 0.25/s on time in (8, 16]. */
const zpaWaited = (q: number) =>
  q <= 0.5
    ? acrossBuckets(0.25, 0.5, q, { total: 0.5, below: 0, inside: 0.25 })
    : acrossBuckets(8, 16, q, { total: 0.5, below: 0.25, inside: 0.25 });

export type ExpectedSamples = readonly (readonly [labels: string, value: number])[];

/**
 * The panel both dashboards share: what zpa asked for (13 s) against what it waited; zia's repeats followed no
 * Retry-After, so they are not compared.
 */
function askedVsWaited(file: string): Record<string, ExpectedSamples> {
  const panel = `${file} / Retry-After asked vs waited p50 / p90 by service`;
  return {
    [`${panel} / A`]: [['{zscaler_service="zpa"}', inBucket(8, 16, 0.5)]],
    [`${panel} / B`]: [['{zscaler_service="zpa"}', inBucket(8, 16, 0.9)]],
    [`${panel} / C`]: [['{zscaler_service="zpa"}', zpaWaited(0.5)]],
    [`${panel} / D`]: [['{zscaler_service="zpa"}', zpaWaited(0.9)]],
  };
}

/** Dashboard query key → the samples it returns at `evalTime` with every variable at All. */
export const expected: Record<string, ExpectedSamples> = {
  'variable job': [['{job="billing"}', 8]],
  'variable service': [
    ['{zscaler_service="zia"}', 3],
    ['{zscaler_service="zpa"}', 4],
    ['{zscaler_service="zcc"}', 1],
  ],
  'variable cloud': [['{}', 8]],

  'zscaler-overview.json / Requests / A': [['{}', 8]],
  'zscaler-overview.json / Error ratio / A': [['{}', 0.25]],
  'zscaler-overview.json / 429 rate / A': [['{}', 0.5]],
  'zscaler-overview.json / Conflict rate / A': [['{}', 1.5]],
  'zscaler-overview.json / Retry-After p95 / A': [['{}', inBucket(8, 16, 0.95)]],
  'zscaler-overview.json / Lowest rate-limit headroom / A': [['{}', 7]],
  'zscaler-overview.json / Request rate by service / A': [
    ['{zscaler_service="zia"}', 2],
    ['{zscaler_service="zpa"}', 4],
    ['{zscaler_service="zcc"}', 2],
  ],
  'zscaler-overview.json / Error ratio by service / A': [
    ['{zscaler_service="zia"}', 0.5],
    ['{zscaler_service="zpa"}', 0.25],
    ['{zscaler_service="zcc"}', 0],
  ],
  'zscaler-overview.json / Responses by status code / A': [
    ['{http_response_status_code="200"}', 6],
    ['{http_response_status_code="409"}', 1.5],
    ['{http_response_status_code="429"}', 0.5],
  ],
  'zscaler-overview.json / Latency p50 / p95 / p99 by service / A': [
    ['{zscaler_service="zia"}', inBucket(0.25, 0.5, 0.5)],
    ['{zscaler_service="zpa"}', inBucket(0.5, 1, 0.5)],
    ['{zscaler_service="zcc"}', inBucket(0.125, 0.25, 0.5)],
  ],
  'zscaler-overview.json / Latency p50 / p95 / p99 by service / B': [
    ['{zscaler_service="zia"}', inBucket(0.25, 0.5, 0.95)],
    ['{zscaler_service="zpa"}', inBucket(0.5, 1, 0.95)],
    ['{zscaler_service="zcc"}', inBucket(0.125, 0.25, 0.95)],
  ],
  'zscaler-overview.json / Latency p50 / p95 / p99 by service / C': [
    ['{zscaler_service="zia"}', inBucket(0.25, 0.5, 0.99)],
    ['{zscaler_service="zpa"}', inBucket(0.5, 1, 0.99)],
    ['{zscaler_service="zcc"}', inBucket(0.125, 0.25, 0.99)],
  ],
  'zscaler-overview.json / 429 rate by service and method / A': [
    ['{zscaler_service="zpa", http_request_method="GET"}', 0.5],
  ],
  'zscaler-overview.json / Conflicts by service and error id / A': [
    ['{zscaler_service="zia", zscaler_error_id="EDIT_LOCK_NOT_AVAILABLE"}', 0.5],
    ['{zscaler_service="zia", zscaler_error_id="DUPLICATE_ITEM"}', 0.5],
    ['{zscaler_service="zpa", zscaler_error_id="api.concurrent.access.error"}', 0.5],
  ],
  'zscaler-overview.json / Retry-After p50 / p95 by service / A': [
    ['{zscaler_service="zpa"}', inBucket(8, 16, 0.5)],
  ],
  'zscaler-overview.json / Retry-After p50 / p95 by service / B': [
    ['{zscaler_service="zpa"}', inBucket(8, 16, 0.95)],
  ],
  'zscaler-overview.json / Rate-limit headroom by service / A': [
    ['{zscaler_service="zia"}', 4992],
    ['{zscaler_service="zpa"}', 7],
    ['{zscaler_service="zcc"}', 96],
  ],
  'zscaler-overview.json / Early retries in the time range / A': [['{}', 150]],
  'zscaler-overview.json / Retries by service: early / on time / no Retry-After / A': [
    ['{zscaler_service="zpa"}', 0.25],
  ],
  'zscaler-overview.json / Retries by service: early / on time / no Retry-After / B': [
    ['{zscaler_service="zpa"}', 0.25],
  ],
  'zscaler-overview.json / Retries by service: early / on time / no Retry-After / C': [
    ['{zscaler_service="zia"}', 0.5],
  ],
  ...askedVsWaited('zscaler-overview.json'),

  'zscaler-rate-limits-conflicts.json / 429 share of calls by service and method / A': [
    ['{zscaler_service="zia", http_request_method="GET"}', 0],
    ['{zscaler_service="zia", http_request_method="PUT"}', 0],
    ['{zscaler_service="zia", http_request_method="POST"}', 0],
    ['{zscaler_service="zpa", http_request_method="GET"}', 0.25],
    ['{zscaler_service="zpa", http_request_method="PUT"}', 0],
    ['{zscaler_service="zcc", http_request_method="GET"}', 0],
  ],
  'zscaler-rate-limits-conflicts.json / 429s in the time range by service and method / A': [
    ['{zscaler_service="zpa", http_request_method="GET"}', 300],
  ],
  'zscaler-rate-limits-conflicts.json / Retry-After signals by service / A': [
    ['{zscaler_service="zpa"}', 0.5],
  ],
  'zscaler-rate-limits-conflicts.json / Mean Retry-After by service / A': [['{zscaler_service="zpa"}', 13]],
  'zscaler-rate-limits-conflicts.json / Conflicts by service, method and error id / A': [
    ['{zscaler_service="zia", http_request_method="PUT", zscaler_error_id="EDIT_LOCK_NOT_AVAILABLE"}', 0.5],
    ['{zscaler_service="zia", http_request_method="POST", zscaler_error_id="DUPLICATE_ITEM"}', 0.5],
    [
      '{zscaler_service="zpa", http_request_method="PUT", zscaler_error_id="api.concurrent.access.error"}',
      0.5,
    ],
  ],
  'zscaler-rate-limits-conflicts.json / Conflict share of calls by service and method / A': [
    ['{zscaler_service="zia", http_request_method="GET"}', 0],
    ['{zscaler_service="zia", http_request_method="PUT"}', 1],
    ['{zscaler_service="zia", http_request_method="POST"}', 1],
    ['{zscaler_service="zpa", http_request_method="GET"}', 0],
    ['{zscaler_service="zpa", http_request_method="PUT"}', 0.25],
    ['{zscaler_service="zcc", http_request_method="GET"}', 0],
  ],
  'zscaler-rate-limits-conflicts.json / Conflicts: retryable vs not / A': [
    ['{zscaler_service="zia", http_response_status_code="409", zscaler_retryable="true"}', 0.5],
    ['{zscaler_service="zia", http_response_status_code="409", zscaler_retryable="false"}', 0.5],
    ['{zscaler_service="zpa", http_response_status_code="409", zscaler_retryable="true"}', 0.5],
  ],
  'zscaler-rate-limits-conflicts.json / Conflicts in the time range by service, method and error id / A': [
    ['{zscaler_service="zia", http_request_method="PUT", zscaler_error_id="EDIT_LOCK_NOT_AVAILABLE"}', 300],
    ['{zscaler_service="zia", http_request_method="POST", zscaler_error_id="DUPLICATE_ITEM"}', 300],
    [
      '{zscaler_service="zpa", http_request_method="PUT", zscaler_error_id="api.concurrent.access.error"}',
      300,
    ],
  ],
  'zscaler-rate-limits-conflicts.json / Errors by category and retryability / A': [
    ['{zscaler_error_category="conflict", zscaler_retryable="true"}', 1],
    ['{zscaler_error_category="conflict", zscaler_retryable="false"}', 0.5],
    ['{zscaler_error_category="rate_limited", zscaler_retryable="true"}', 0.5],
  ],
  'zscaler-rate-limits-conflicts.json / Retryable share of errors by service / A': [
    ['{zscaler_service="zia"}', 0.5],
    ['{zscaler_service="zpa"}', 1],
  ],
  'zscaler-rate-limits-conflicts.json / Early retries in the time range / A': [['{}', 150]],
  'zscaler-rate-limits-conflicts.json / Retries by service and method: early / on time / no Retry-After / A':
    [['{zscaler_service="zpa", http_request_method="GET"}', 0.25]],
  'zscaler-rate-limits-conflicts.json / Retries by service and method: early / on time / no Retry-After / B':
    [['{zscaler_service="zpa", http_request_method="GET"}', 0.25]],
  'zscaler-rate-limits-conflicts.json / Retries by service and method: early / on time / no Retry-After / C':
    [['{zscaler_service="zia", http_request_method="PUT"}', 0.5]],
  ...askedVsWaited('zscaler-rate-limits-conflicts.json'),
  'zscaler-rate-limits-conflicts.json / Retries in the time range by service, method and timing / A': [
    ['{zscaler_service="zpa", http_request_method="GET", zscaler_retry_early="true"}', 150],
    ['{zscaler_service="zpa", http_request_method="GET", zscaler_retry_early="false"}', 150],
    ['{zscaler_service="zia", http_request_method="PUT"}', 300],
  ],
};
