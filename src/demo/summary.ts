/**
 * The demo's closing report, built only from what the OTLP receiver got: the agent's metric points and the
 * enriched spans. Pure: received telemetry in, text out.
 */

import {
  type AttributeValue,
  latestPoints,
  type MetricPoint,
  OtlpStatusCode,
  type ReceivedMetric,
  type ReceivedSpan,
} from '../receiver/index.js';

export interface SummaryInput {
  readonly spans: readonly ReceivedSpan[];
  readonly metrics: readonly ReceivedMetric[];
  /** Where the data was received, for the heading. */
  readonly receivedAt: string;
}

/** At most this many example spans are printed in full. */
const EXAMPLE_SPANS = 5;

export function renderSummary({ spans, metrics, receivedAt }: SummaryInput): string {
  const zscalerSpans = spans.filter((span) => text(span.attributes['zscaler.service']) !== '');
  // The agent's metrics are cumulative: each series' newest point holds its total.
  const latest = latestPoints(metrics);
  const sections = [
    `Received at ${receivedAt}: ${spans.length} spans (${zscalerSpans.length} to Zscaler APIs), ` +
      `${latest.length} metric series.`,
    requestsSection(latest),
    rateLimitSection(latest),
    conflictsSection(latest),
    retryAfterSection(latest, zscalerSpans),
    errorIdsSection(zscalerSpans),
    examplesSection(zscalerSpans),
  ];
  return `${sections.join('\n\n')}\n`;
}

function requestsSection(latest: readonly MetricPoint[]): string {
  const requests = counterTable(latest, 'zscaler.api.requests', 'requests', {
    service: 'zscaler.service',
    status: 'http.response.status_code',
    category: 'zscaler.error.category',
    retryable: 'zscaler.retryable',
  });
  return heading('Requests by service and status (zscaler.api.requests)', requests.table);
}

function rateLimitSection(latest: readonly MetricPoint[]): string {
  const rateLimited = counterTable(latest, 'zscaler.api.rate_limited', 'responses', {
    service: 'zscaler.service',
    method: 'http.request.method',
  });
  return heading(
    `Rate limited, status 429 (zscaler.api.rate_limited): ${rateLimited.total}`,
    rateLimited.table,
  );
}

function conflictsSection(latest: readonly MetricPoint[]): string {
  const conflicts = counterTable(latest, 'zscaler.api.conflicts', 'responses', {
    service: 'zscaler.service',
    method: 'http.request.method',
    'error id': 'zscaler.error.id',
  });
  return heading(`Conflicts (zscaler.api.conflicts): ${conflicts.total}`, conflicts.table);
}

/**
 * A counter as a table: one row per combination of the attributes named by `columns` (title → attribute),
 * counting the newest values of all its series that share it, in order (status codes numerically).
 */
function counterTable(
  latest: readonly MetricPoint[],
  metric: string,
  countTitle: string,
  columns: Readonly<Record<string, string>>,
): { readonly table: string; readonly total: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const point of latest) {
    if (point.metric !== metric) continue;
    const key = Object.values(columns)
      .map((attribute) => text(point.attributes[attribute]))
      .join('\t');
    counts.set(key, (counts.get(key) ?? 0) + (point.value ?? 0));
    total += point.value ?? 0;
  }
  const rows = [...counts]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, count]) => [...key.split('\t'), String(count)]);
  return { table: table([...Object.keys(columns), countTitle], rows), total };
}

function retryAfterSection(latest: readonly MetricPoint[], spans: readonly ReceivedSpan[]): string {
  const valuesOnSpans = new Map<string, Set<number>>();
  for (const span of spans) {
    const seconds = span.attributes['zscaler.retry_after'];
    if (typeof seconds !== 'number') continue;
    const service = text(span.attributes['zscaler.service']);
    valuesOnSpans.set(service, (valuesOnSpans.get(service) ?? new Set()).add(seconds));
  }
  const rows = latest
    .filter((point) => point.metric === 'zscaler.api.retry_after')
    .map((point) => {
      const service = text(point.attributes['zscaler.service']);
      const count = point.count ?? 0;
      const mean = count > 0 ? `${round((point.sum ?? 0) / count)} s` : '';
      const distinct = [...(valuesOnSpans.get(service) ?? [])].sort((a, b) => a - b);
      return [service, String(count), mean, distinct.map((seconds) => `${seconds} s`).join(', ')];
    })
    .sort(([a = ''], [b = '']) => a.localeCompare(b));
  return heading(
    'Retry-After values seen (zscaler.api.retry_after histogram; distinct values from span attributes)',
    table(['service', 'values', 'mean', 'distinct values on spans'], rows),
  );
}

function errorIdsSection(spans: readonly ReceivedSpan[]): string {
  const totals = new Map<string, number>();
  for (const span of spans) {
    const id = text(span.attributes['zscaler.error.id']);
    if (id === '') continue;
    const key = [text(span.attributes['zscaler.service']), statusOf(span), id].join('\t');
    totals.set(key, (totals.get(key) ?? 0) + 1);
  }
  const rows = [...totals].sort(([, a], [, b]) => b - a);
  return heading(
    'Error ids on spans (zscaler.error.id)',
    table(
      ['service', 'status', 'error id', 'spans'],
      rows.map(([key, count]) => [...key.split('\t'), String(count)]),
    ),
  );
}

/**
 * One span of each kind of error, printed with every zscaler.* attribute: rate limits first, then retryable
 * conflicts (edit lock, concurrent change), other retryable errors, and permanent ones last.
 */
function examplesSection(spans: readonly ReceivedSpan[]): string {
  const firstOfEach = new Map<string, ReceivedSpan>();
  for (const span of spans) {
    if (span.status.code !== OtlpStatusCode.ERROR) continue;
    const key = `${text(span.attributes['zscaler.service'])} ${statusOf(span)} ${text(span.attributes['zscaler.error.id'])}`;
    if (!firstOfEach.has(key)) firstOfEach.set(key, span);
  }
  const priority = (span: ReceivedSpan) => {
    const category = text(span.attributes['zscaler.error.category']);
    if (category === 'rate_limited') return 0;
    if (span.attributes['zscaler.retryable'] !== true) return 3;
    return category === 'conflict' ? 1 : 2;
  };
  const examples = [...firstOfEach.values()]
    .sort((a, b) => priority(a) - priority(b))
    .slice(0, EXAMPLE_SPANS)
    .map(describeSpan);
  return heading(
    `A few enriched spans (the first of each kind of error, ${examples.length} shown)`,
    examples.join('\n'),
  );
}

function describeSpan(span: ReceivedSpan): string {
  const { attributes } = span;
  const method = text(attributes['http.request.method'] ?? attributes['http.method']);
  const url = text(attributes['url.full'] ?? attributes['http.url']) || span.name;
  const zscaler = Object.keys(attributes)
    .filter((name) => name.startsWith('zscaler.'))
    .sort()
    .map((name) => `    ${name} = ${JSON.stringify(attributes[name])}`);
  return [
    `  ${method} ${url} -> ${statusOf(span)}`,
    `    status: ERROR ${JSON.stringify(span.status.message ?? '')}`,
    ...zscaler,
  ].join('\n');
}

function statusOf(span: ReceivedSpan): string {
  return text(span.attributes['http.response.status_code'] ?? span.attributes['http.status_code']);
}

function heading(title: string, body: string): string {
  return `${title}\n${body === '' ? '  (none received)' : body}`;
}

/** Left-aligned columns, two spaces apart, indented under a heading; '' when there are no rows. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Attribute values as printed; the agent only sets strings, numbers and booleans. */
function text(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
