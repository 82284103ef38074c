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
    expect(examples).toContain('(the first of each kind of error, or its first early repeat; 5 shown)');
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
    expect(empty.match(/\(none received\)/g)).toHaveLength(7);
    expect(empty).toContain('Repeats after an error or failure (zscaler.api.retries): 0\n  (none received)');
  });
});

const ZIA_CATEGORIES = '/zia/api/v1/urlCategories';
const ZPA_SEGMENT_GROUPS = '/zpa/mgmtconfig/v1/admin/customers/216196257331281920/segmentGroup';

/** A repeat's span: what the agent adds (CONTRACT.md "Retries") on top of the error or success it got. */
function repeat(
  service: string,
  method: string,
  path: string,
  status: number,
  retry: Record<string, string | number | boolean>,
): ReceivedSpan {
  const rateLimited = {
    ...(service === 'zpa' ? { 'zscaler.error.id': 'invalid.toomanyrequests' } : {}),
    'zscaler.error.category': 'rate_limited',
    'zscaler.retryable': true,
  };
  return span(method, path, status, {
    'zscaler.service': service,
    ...(status === 429 ? rateLimited : {}),
    ...retry,
  });
}

const retries = (
  time: bigint,
  service: string,
  method: string,
  early: boolean | undefined,
  value: number,
): ReceivedMetric =>
  point(
    'zscaler.api.retries',
    time,
    {
      'zscaler.service': service,
      'http.request.method': method,
      ...(early === undefined ? {} : { 'zscaler.retry.early': early }),
    },
    { value },
  );

describe('renderSummary: repeats after an error', () => {
  const spans = [
    // Three impatient ZIA repeats, 20 to 50 ms after a 429 that asked for 1 s.
    repeat('zia', 'GET', ZIA_CATEGORIES, 429, {
      'zscaler.retry.attempt': 1,
      'zscaler.retry.waited': 0.02,
      'zscaler.retry.asked': 1,
      'zscaler.retry.early': true,
    }),
    repeat('zia', 'GET', ZIA_CATEGORIES, 429, {
      'zscaler.retry.attempt': 2,
      'zscaler.retry.waited': 0.03,
      'zscaler.retry.asked': 1,
      'zscaler.retry.early': true,
    }),
    repeat('zia', 'PUT', '/zia/api/v1/firewallFilteringRules/610546', 429, {
      'zscaler.retry.attempt': 1,
      'zscaler.retry.waited': 0.05,
      'zscaler.retry.asked': 1,
      'zscaler.retry.early': true,
    }),
    // A patient one and one after an edit-lock 409 (no Retry-After): neither counts towards "sooner".
    repeat('zia', 'GET', ZIA_CATEGORIES, 200, {
      'zscaler.retry.attempt': 3,
      'zscaler.retry.waited': 1.31,
      'zscaler.retry.asked': 1,
      'zscaler.retry.early': false,
    }),
    repeat('zia', 'PUT', '/zia/api/v1/firewallFilteringRules/610546', 200, {
      'zscaler.retry.attempt': 1,
      'zscaler.retry.waited': 0.02,
    }),
    repeat('zpa', 'GET', ZPA_SEGMENT_GROUPS, 429, {
      'zscaler.retry.attempt': 1,
      'zscaler.retry.waited': 0.2,
      'zscaler.retry.asked': 13,
      'zscaler.retry.early': true,
    }),
    repeat('zpa', 'GET', ZPA_SEGMENT_GROUPS, 429, {
      'zscaler.retry.attempt': 2,
      'zscaler.retry.waited': 0.1,
      'zscaler.retry.asked': 13,
      'zscaler.retry.early': true,
    }),
    repeat('zpa', 'GET', ZPA_SEGMENT_GROUPS, 429, {
      'zscaler.retry.attempt': 1,
      'zscaler.retry.waited': 0.04,
      'zscaler.retry.asked': 9,
      'zscaler.retry.early': true,
    }),
  ];
  const metrics = [
    // Cumulative: the first export's 5 early ZIA GETs are superseded by the second's 7.
    retries(T1, 'zia', 'GET', true, 5),
    retries(T2, 'zia', 'GET', true, 7),
    retries(T2, 'zia', 'PUT', true, 2),
    retries(T2, 'zia', 'GET', false, 3),
    retries(T2, 'zia', 'PUT', undefined, 2),
    retries(T2, 'zpa', 'GET', true, 4),
    retries(T2, 'zpa', 'GET', false, 1),
    retries(T2, 'zcc', 'GET', false, 1),
    retries(T2, 'zidentity', 'POST', undefined, 1),
  ];
  const repeats = (input: { spans: ReceivedSpan[]; metrics: ReceivedMetric[] }) => {
    const text = renderSummary({ ...input, receivedAt: 'http://127.0.0.1:4318' });
    const start = text.indexOf('Repeats after an error');
    expect(start, text).toBeGreaterThanOrEqual(0);
    return text.slice(start, text.indexOf('\n\n', start));
  };

  it('names early, on-time and no-wait-asked repeats per service, and how much sooner than asked the early ones came', () => {
    expect(repeats({ spans, metrics })).toBe(
      [
        'Repeats after an error or failure (zscaler.api.retries): 21',
        '  zcc: 1 repeat, 0 early, 1 on time',
        '  zia: 14 repeats, 9 early (came back 0.97 s sooner than the 1 s asked, median), 3 on time, 2 with no wait asked',
        '  zidentity: 1 repeat, 1 with no wait asked',
        '  zpa: 5 repeats, 4 early (came back 12.8 s sooner than the 13 s asked, median), 1 on time',
      ].join('\n'),
    );
  });

  it('shows the first early repeat of a kind of error as its example, with its zscaler.retry.* attributes', () => {
    const text = renderSummary({ spans: [...SPANS, ...spans], metrics, receivedAt: 'http://127.0.0.1:4318' });
    const examples = text.slice(text.indexOf('A few enriched spans'));
    // zia 429: the first early repeat (attempt 1, 20 ms after a 1 s Retry-After) instead of the first 429.
    expect(examples).toContain(
      [
        `  GET ${GATEWAY}${ZIA_CATEGORIES} -> 429`,
        '    status: ERROR ""',
        '    zscaler.api = "oneapi"',
        '    zscaler.cloud = "production"',
        '    zscaler.error.category = "rate_limited"',
        '    zscaler.retry.asked = 1',
        '    zscaler.retry.attempt = 1',
        '    zscaler.retry.early = true',
        '    zscaler.retry.waited = 0.02',
        '    zscaler.retryable = true',
        '    zscaler.service = "zia"',
      ].join('\n'),
    );
    // Kinds keep their order and count: the zpa 429 is still second, now an early repeat too.
    const requests = examples.split('\n').filter((line) => /^ {2}[A-Z]+ /.test(line));
    expect(requests.slice(0, 2)).toEqual([
      `  GET ${GATEWAY}${ZIA_CATEGORIES} -> 429`,
      `  GET ${GATEWAY}${ZPA_SEGMENT_GROUPS} -> 429`,
    ]);
    expect(requests).toHaveLength(5);
    expect(examples.match(/zscaler\.retry\.early = true/g)).toHaveLength(2);
  });

  it('sits between the Retry-After values and the error ids', () => {
    const text = renderSummary({ spans, metrics, receivedAt: 'http://127.0.0.1:4318' });
    const order = ['Retry-After values seen', 'Repeats after an error', 'Error ids on spans'].map((title) =>
      text.indexOf(title),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('leaves out how much sooner when no early span arrived with usable seconds', () => {
    const unusable = [
      { 'zscaler.retry.waited': -1, 'zscaler.retry.asked': 1 },
      { 'zscaler.retry.waited': 0.02, 'zscaler.retry.asked': Number.POSITIVE_INFINITY },
      { 'zscaler.retry.waited': 0.02, 'zscaler.retry.asked': '1' },
      { 'zscaler.retry.waited': 2, 'zscaler.retry.asked': 1 },
      { 'zscaler.retry.waited': Number.NaN, 'zscaler.retry.asked': 1 },
    ].map((retry) =>
      repeat('zia', 'GET', ZIA_CATEGORIES, 429, {
        'zscaler.retry.attempt': 1,
        'zscaler.retry.early': true,
        ...retry,
      }),
    );
    const counted = [retries(T2, 'zia', 'GET', true, 5), retries(T2, 'zia', 'GET', false, 1)];
    expect(repeats({ spans: unusable, metrics: counted })).toBe(
      [
        'Repeats after an error or failure (zscaler.api.retries): 6',
        '  zia: 6 repeats, 5 early, 1 on time',
      ].join('\n'),
    );
  });

  it('keeps received names and counts bounded: cut names, printable characters, at most 10 services', () => {
    const names = [
      `zia${'x'.repeat(100)}`,
      'z\u001b[31mred\u001b[0m',
      ...Array.from({ length: 10 }, (_, i) => `svc${String(i).padStart(2, '0')}`),
    ];
    const many = names.map((name) => retries(T2, name, 'GET', undefined, 1));
    // Counts that are not finite, non-negative numbers count as nothing.
    many.push(retries(T2, 'svc00', 'POST', undefined, Number.NaN));
    many.push(retries(T2, 'svc00', 'PUT', undefined, -4));
    expect(repeats({ spans: [], metrics: many })).toBe(
      [
        'Repeats after an error or failure (zscaler.api.retries): 12',
        '  svc00: 1 repeat, 1 with no wait asked',
        '  svc01: 1 repeat, 1 with no wait asked',
        '  svc02: 1 repeat, 1 with no wait asked',
        '  svc03: 1 repeat, 1 with no wait asked',
        '  svc04: 1 repeat, 1 with no wait asked',
        '  svc05: 1 repeat, 1 with no wait asked',
        '  svc06: 1 repeat, 1 with no wait asked',
        '  svc07: 1 repeat, 1 with no wait asked',
        '  svc08: 1 repeat, 1 with no wait asked',
        '  svc09: 1 repeat, 1 with no wait asked',
        '  … and 2 more services',
      ].join('\n'),
    );
    const two = repeats({ spans: [], metrics: many.slice(0, 2) }).split('\n');
    expect(two).toEqual([
      'Repeats after an error or failure (zscaler.api.retries): 2',
      `  z?[31mred?[0m: 1 repeat, 1 with no wait asked`,
      `  zia${'x'.repeat(20)}…: 1 repeat, 1 with no wait asked`,
    ]);
  });
});
