import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/demo/summary.js';
import {
  OtlpSpanKind,
  OtlpStatusCode,
  type ReceivedMetric,
  type ReceivedPoint,
  type ReceivedSpan,
} from '../../src/receiver/index.js';

const T1 = 1_795_595_950_000_000_000n;
const T2 = T1 + 1_000_000_000n;

const GATEWAY = 'http://api.zsapi.net:40123';
const EDIT_LOCK_DESCRIPTION =
  'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time.';

const RESOURCE = { 'service.name': 'zscaler-demo-workload' };
let spanCount = 0;

function received(
  name: string,
  attributes: ReceivedSpan['attributes'],
  status: ReceivedSpan['status'],
): ReceivedSpan {
  spanCount += 1;
  return {
    traceId: spanCount.toString(16).padStart(32, '0'),
    spanId: spanCount.toString(16).padStart(16, '0'),
    name,
    kind: OtlpSpanKind.CLIENT,
    startTimeUnixNano: T1,
    endTimeUnixNano: T1 + 2_000_000n,
    attributes,
    events: [],
    status,
    resource: RESOURCE,
    scope: { name: '@opentelemetry/instrumentation-undici', version: '0.34.0' },
  };
}

/** A fetch CLIENT span as the agent leaves it (attributes of a real run, trimmed). */
function span(
  method: string,
  path: string,
  status: number,
  zscaler: Record<string, string | number | boolean>,
  description?: string,
): ReceivedSpan {
  const attributes = {
    'http.request.method': method,
    'url.full': `${GATEWAY}${path}`,
    'server.address': 'api.zsapi.net',
    'http.response.status_code': status,
    'zscaler.api': 'oneapi',
    'zscaler.cloud': 'production',
    ...zscaler,
  };
  const error = { code: OtlpStatusCode.ERROR, message: description ?? '' };
  return received(method, attributes, status >= 400 ? error : { code: OtlpStatusCode.UNSET });
}

const ziaRateLimited = (n: number) =>
  span(
    'GET',
    '/zia/api/v1/urlCategories',
    429,
    {
      'zscaler.service': 'zia',
      'zscaler.error.category': 'rate_limited',
      'zscaler.error.reason': 'Rate Limit (2/SECOND) exceeded',
      'zscaler.retryable': true,
      'zscaler.retry_after': 1,
      'zscaler.request_id': `0e7c-${n}`,
    },
    'Too many requests: the rate limit of the endpoint was exceeded.',
  );

const zpaRateLimited = (seconds: number) =>
  span(
    'GET',
    '/zpa/mgmtconfig/v1/admin/customers/216196257331281920/segmentGroup',
    429,
    {
      'zscaler.service': 'zpa',
      'zscaler.error.id': 'invalid.toomanyrequests',
      'zscaler.error.reason': 'Exceeded the number of requests allowed.',
      'zscaler.error.category': 'rate_limited',
      'zscaler.retryable': true,
      'zscaler.retry_after': seconds,
    },
    'The rate limit was exceeded.',
  );

const SPANS: ReceivedSpan[] = [
  span('GET', '/zia/api/v1/urlCategories', 200, {
    'zscaler.service': 'zia',
    'zscaler.ratelimit.remaining': 4998,
  }),
  ziaRateLimited(1),
  ziaRateLimited(2),
  span(
    'PUT',
    '/zia/api/v1/firewallFilteringRules/610546',
    409,
    {
      'zscaler.service': 'zia',
      'zscaler.error.id': 'EDIT_LOCK_NOT_AVAILABLE',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': true,
    },
    EDIT_LOCK_DESCRIPTION,
  ),
  span(
    'POST',
    '/zia/api/v1/urlCategories',
    409,
    {
      'zscaler.service': 'zia',
      'zscaler.error.id': 'DUPLICATE_ITEM',
      'zscaler.error.reason': 'DUPLICATE_ITEM',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': false,
    },
    EDIT_LOCK_DESCRIPTION,
  ),
  span(
    'PUT',
    '/zpa/mgmtconfig/v1/admin/customers/216196257331281920/policySet/rules/policyType/ACCESS_POLICY/reorder',
    409,
    {
      'zscaler.service': 'zpa',
      'zscaler.error.id': 'api.concurrent.access.error',
      'zscaler.error.reason': 'Unable to modify the resource due to concurrent change requests. Try again',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': true,
    },
    'Conflict: the resource was changed concurrently.',
  ),
  zpaRateLimited(9),
  zpaRateLimited(9),
  zpaRateLimited(4),
  span(
    'GET',
    '/zcc/papi/public/v1/getDevices?pageSize=50',
    503,
    {
      'zscaler.service': 'zcc',
      'zscaler.error.id': 'retryable.server.error',
      'zscaler.error.category': 'unavailable',
      'zscaler.retryable': true,
      'zscaler.retry_after': 10,
    },
    'Service unavailable.',
  ),
  // Not a Zscaler request: counted in the total, never summarised.
  received('GET', { 'url.full': 'http://127.0.0.1:4318/health' }, { code: OtlpStatusCode.UNSET }),
];

/** One point as one export carries it: each export is a metric record of its own in the receiver. */
const point = (
  name: string,
  time: bigint,
  attributes: Record<string, string | number | boolean>,
  value: Pick<ReceivedPoint, 'value' | 'count' | 'sum'>,
): ReceivedMetric => ({
  name,
  description: '',
  unit: '',
  kind: value.value === undefined ? 'histogram' : 'sum',
  temporality: 'cumulative',
  points: [{ attributes, startTimeUnixNano: T1 - 5_000_000_000n, timeUnixNano: time, ...value }],
  resource: RESOURCE,
  scope: { name: 'zscaler-otel-agent' },
});
const ZIA_GET = { 'zscaler.service': 'zia', 'zscaler.api': 'oneapi', 'http.request.method': 'GET' };
const ZIA_429 = {
  ...ZIA_GET,
  'http.response.status_code': 429,
  'zscaler.error.category': 'rate_limited',
  'zscaler.retryable': true,
};

const METRICS: ReceivedMetric[] = [
  // Cumulative: the first export's 429 count (1) is superseded by the second's (2).
  point('zscaler.api.requests', T1, ZIA_429, { value: 1 }),
  point('zscaler.api.requests', T2, ZIA_429, { value: 2 }),
  point('zscaler.api.requests', T2, { ...ZIA_GET, 'http.response.status_code': 200 }, { value: 1 }),
  point(
    'zscaler.api.requests',
    T2,
    {
      ...ZIA_429,
      'http.request.method': 'PUT',
      'http.response.status_code': 409,
      'zscaler.error.category': 'conflict',
    },
    { value: 1 },
  ),
  point(
    'zscaler.api.requests',
    T2,
    {
      ...ZIA_429,
      'http.request.method': 'POST',
      'http.response.status_code': 409,
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': false,
    },
    { value: 1 },
  ),
  point('zscaler.api.requests', T2, { ...ZIA_429, 'zscaler.service': 'zpa' }, { value: 3 }),
  point(
    'zscaler.api.rate_limited',
    T2,
    { 'zscaler.service': 'zia', 'http.request.method': 'GET' },
    { value: 2 },
  ),
  point(
    'zscaler.api.rate_limited',
    T2,
    { 'zscaler.service': 'zpa', 'http.request.method': 'GET' },
    { value: 3 },
  ),
  point(
    'zscaler.api.conflicts',
    T2,
    { 'zscaler.service': 'zia', 'http.request.method': 'PUT', 'zscaler.error.id': 'EDIT_LOCK_NOT_AVAILABLE' },
    { value: 1 },
  ),
  point(
    'zscaler.api.conflicts',
    T2,
    { 'zscaler.service': 'zia', 'http.request.method': 'POST', 'zscaler.error.id': 'DUPLICATE_ITEM' },
    { value: 1 },
  ),
  point(
    'zscaler.api.conflicts',
    T2,
    {
      'zscaler.service': 'zpa',
      'http.request.method': 'PUT',
      'zscaler.error.id': 'api.concurrent.access.error',
    },
    { value: 1 },
  ),
  point('zscaler.api.retry_after', T2, { 'zscaler.service': 'zia' }, { count: 2, sum: 2 }),
  point('zscaler.api.retry_after', T2, { 'zscaler.service': 'zpa' }, { count: 3, sum: 22 }),
];

const summary = renderSummary({ spans: SPANS, metrics: METRICS, receivedAt: 'http://127.0.0.1:4318' });

function section(title: string): string {
  const start = summary.indexOf(title);
  expect(start, `section "${title}" in:\n${summary}`).toBeGreaterThanOrEqual(0);
  const end = summary.indexOf('\n\n', start);
  return summary.slice(start, end < 0 ? undefined : end);
}

describe('renderSummary', () => {
  it('counts spans, Zscaler spans and metric series in the heading', () => {
    expect(summary.split('\n')[0]).toBe(
      'Received at http://127.0.0.1:4318: 11 spans (10 to Zscaler APIs), 12 metric series.',
    );
  });

  it('tabulates requests by service and status from the newest cumulative point of each series', () => {
    const requests = section('Requests by service and status').split('\n');
    expect(requests[1]).toMatch(/^ {2}service\s+status\s+category\s+retryable\s+requests$/);
    const rows = requests.slice(2).map((line) => line.trim().split(/\s+/));
    expect(rows).toEqual([
      ['zia', '200', '1'],
      ['zia', '409', 'conflict', 'false', '1'],
      ['zia', '409', 'conflict', 'true', '1'],
      ['zia', '429', 'rate_limited', 'true', '2'],
      ['zpa', '429', 'rate_limited', 'true', '3'],
    ]);
  });

  it('totals rate-limited and conflict responses with their error ids', () => {
    expect(section('Rate limited')).toContain('(zscaler.api.rate_limited): 5');
    const conflicts = section('Conflicts');
    expect(conflicts).toContain('Conflicts (zscaler.api.conflicts): 3');
    expect(conflicts).toMatch(/zia\s+PUT\s+EDIT_LOCK_NOT_AVAILABLE\s+1/);
    expect(conflicts).toMatch(/zia\s+POST\s+DUPLICATE_ITEM\s+1/);
    expect(conflicts).toMatch(/zpa\s+PUT\s+api\.concurrent\.access\.error\s+1/);
  });

  it('shows Retry-After counts and means from the histogram and the distinct values from spans', () => {
    const retryAfter = section('Retry-After values seen');
    expect(retryAfter).toMatch(/zia\s+2\s+1 s\s+1 s$/m);
    expect(retryAfter).toMatch(/zpa\s+3\s+7\.33 s\s+4 s, 9 s$/m);
  });

  it('counts error ids on spans by service and status, most frequent first', () => {
    const rows = section('Error ids on spans').split('\n').slice(2);
    expect(rows[0]).toMatch(/zpa\s+429\s+invalid\.toomanyrequests\s+3/);
    expect(rows.join('\n')).toMatch(/zia\s+409\s+EDIT_LOCK_NOT_AVAILABLE\s+1/);
    expect(rows.join('\n')).toMatch(/zpa\s+409\s+api\.concurrent\.access\.error\s+1/);
  });

  it('prints the first span of each kind of error, rate limits, then retryable, then permanent ones, with every zscaler.* attribute', () => {
    const examples = section('A few enriched spans');
    expect(examples).toContain('(the first of each kind of error, 5 shown)');
    const requests = examples.split('\n').filter((line) => /^ {2}[A-Z]+ /.test(line));
    expect(requests).toEqual([
      `  GET ${GATEWAY}/zia/api/v1/urlCategories -> 429`,
      `  GET ${GATEWAY}/zpa/mgmtconfig/v1/admin/customers/216196257331281920/segmentGroup -> 429`,
      `  PUT ${GATEWAY}/zia/api/v1/firewallFilteringRules/610546 -> 409`,
      `  PUT ${GATEWAY}/zpa/mgmtconfig/v1/admin/customers/216196257331281920/policySet/rules/policyType/ACCESS_POLICY/reorder -> 409`,
      `  GET ${GATEWAY}/zcc/papi/public/v1/getDevices?pageSize=50 -> 503`,
    ]);
    // The sixth kind, a permanent DUPLICATE_ITEM, is left out.
    expect(examples).not.toContain('DUPLICATE_ITEM');
    expect(examples).toContain(`    status: ERROR ${JSON.stringify(EDIT_LOCK_DESCRIPTION)}`);
    expect(examples).toContain('    zscaler.retry_after = 9');
    expect(examples).toContain('    zscaler.error.id = "invalid.toomanyrequests"');
    expect(examples).not.toContain('url.path');
  });

  it('says so when nothing arrived instead of printing empty tables', () => {
    const empty = renderSummary({ spans: [], metrics: [], receivedAt: 'http://127.0.0.1:4318' });
    expect(empty).toContain('0 spans (0 to Zscaler APIs), 0 metric series');
    expect(empty.match(/\(none received\)/g)).toHaveLength(6);
  });
});
