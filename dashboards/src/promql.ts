/**
 * PromQL over the agent's metrics (CONTRACT.md, "Metrics"), written once for both naming paths.
 * Through an OpenTelemetry Collector or Prometheus's OTLP receiver a histogram carries its unit
 * (`zscaler_api_request_duration_seconds_bucket`); scraped straight from the app's Prometheus exporter it does
 * not (`zscaler_api_request_duration_bucket`). Counters and the gauge are named alike on both paths.
 */

export const counter = {
  requests: 'zscaler_api_requests_total',
  rateLimited: 'zscaler_api_rate_limited_total',
  conflicts: 'zscaler_api_conflicts_total',
  retries: 'zscaler_api_retries_total',
} as const;

export const gauge = {
  ratelimitRemaining: 'zscaler_api_ratelimit_remaining',
} as const;

/** Histogram names as `__name__` regexes that match either path. */
export const histogram = {
  retryAfter: 'zscaler_api_retry_after(_seconds)?',
  requestDuration: 'zscaler_api_request_duration(_seconds)?',
  retryWaited: 'zscaler_api_retry_waited(_seconds)?',
} as const;

/** Attribute names as Prometheus labels. */
export const label = {
  service: 'zscaler_service',
  method: 'http_request_method',
  status: 'http_response_status_code',
  category: 'zscaler_error_category',
  retryable: 'zscaler_retryable',
  errorId: 'zscaler_error_id',
  retryEarly: 'zscaler_retry_early',
  /** Not a metric attribute: present only where a resource attribute or target label was added. */
  cloud: 'zscaler_cloud',
} as const;

/** An error response: status >= 400 (the responses that carry a category and `zscaler_retryable`). */
export const isError = `${label.status}=~"[45].."`;

/**
 * A repeat's timing (CONTRACT.md "Retries"): `zscaler_retry_early` is there only when the error before it gave
 * a Retry-After; an empty-value matcher matches the series without it.
 */
export const retryTiming = {
  early: `${label.retryEarly}="true"`,
  onTime: `${label.retryEarly}="false"`,
  noRetryAfter: `${label.retryEarly}=""`,
  afterRetryAfter: `${label.retryEarly}!=""`,
} as const;

type Histogram = (typeof histogram)[keyof typeof histogram];

/**
 * The dashboard variables every series is filtered by. Metrics carry no cloud label by contract; with `$cloud`
 * at All (`.*`) the matcher also matches series without one, and it filters where a label was added.
 */
const variableMatchers = ['job=~"$job"', `${label.service}=~"$service"`, `${label.cloud}=~"$cloud"`];

/** Grafana's rate window: at least four scrape intervals, so a rate always has two samples. */
const rateWindow = '$__rate_interval';

/** A counter or gauge, filtered by the dashboard variables and any extra matchers. */
export function series(name: string, ...matchers: string[]): string {
  return `${name}{${[...variableMatchers, ...matchers].join(', ')}}`;
}

/** A histogram's `_bucket`, `_count` or `_sum` series on either naming path. */
export function histogramSeries(
  name: Histogram,
  part: 'bucket' | 'count' | 'sum',
  ...matchers: string[]
): string {
  return `{${[`__name__=~"${name}_${part}"`, ...variableMatchers, ...matchers].join(', ')}}`;
}

export function rate(selector: string): string {
  return `rate(${selector}[${rateWindow}])`;
}

export function requestRate(...matchers: string[]): string {
  return rate(series(counter.requests, ...matchers));
}

/** Increase over the dashboard's whole time range (for instant table queries). */
export function increaseOverRange(selector: string): string {
  return `increase(${selector}[$__range])`;
}

export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

/** A quantile of a histogram, per group; `sum by (le, …)` also drops `__name__`, so both paths merge. */
export function quantile(q: number, name: Histogram, by: readonly string[], ...matchers: string[]): string {
  return `histogram_quantile(${q}, ${sumBy(['le', ...by], rate(histogramSeries(name, 'bucket', ...matchers)))})`;
}

/** part / whole per group; a group with no traffic in the window has no ratio (not NaN). */
export function ratio(part: string, whole: string): string {
  return `${part} / (${whole} > 0)`;
}

/** As `ratio`, where a group with traffic but no part yet reads 0 rather than vanishing. */
export function ratioOrZero(part: string, whole: string): string {
  return ratio(`(${part} or ${whole} * 0)`, whole);
}
