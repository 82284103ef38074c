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
/** At most this many services get a line of their own in the repeats section; the rest are counted. */
const REPEAT_LINES = 10;
/** A service name longer than this (received values are untrusted) is cut. */
const MAX_LABEL = 24;

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
    repeatsSection(latest, zscalerSpans),
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

interface RepeatCounts {
  total: number;
  early: number;
  onTime: number;
  /** Repeats of an error that gave no Retry-After: neither early nor on time. */
  noWaitAsked: number;
}

/** Early repeats of one service, from their spans: how much sooner than asked each came, and what was asked. */
interface EarlyWaits {
  readonly sooner: number[];
  readonly asked: number[];
}

/**
 * Repeats per service (CONTRACT.md "Retries"): early, on time and with no wait asked, counted from the
 * zscaler.api.retries counter; how much sooner than asked the early ones came back, as medians over their
 * spans' zscaler.retry.asked and zscaler.retry.waited. For example
 * `zia: 12 repeats, 9 early (came back 0.98 s sooner than the 1 s asked, median), 3 on time`.
 */
function repeatsSection(latest: readonly MetricPoint[], spans: readonly ReceivedSpan[]): string {
  const counts = new Map<string, RepeatCounts>();
  let total = 0;
  for (const point of latest) {
    if (point.metric !== 'zscaler.api.retries') continue;
    const value = countOf(point.value);
    const service = text(point.attributes['zscaler.service']);
    const entry = counts.get(service) ?? { total: 0, early: 0, onTime: 0, noWaitAsked: 0 };
    const early = point.attributes['zscaler.retry.early'];
    if (early === true) entry.early += value;
    else if (early === false) entry.onTime += value;
    else entry.noWaitAsked += value;
    entry.total += value;
    counts.set(service, entry);
    total += value;
  }
  const waits = new Map<string, EarlyWaits>();
  for (const span of spans) {
    const { attributes } = span;
    const asked = attributes['zscaler.retry.asked'];
    const waited = attributes['zscaler.retry.waited'];
    if (attributes['zscaler.retry.early'] !== true || !isSeconds(asked) || !isSeconds(waited)) continue;
    if (waited > asked) continue;
    const service = text(attributes['zscaler.service']);
    const entry = waits.get(service) ?? { sooner: [], asked: [] };
    entry.sooner.push(asked - waited);
    entry.asked.push(asked);
    waits.set(service, entry);
  }
  const services = [...counts].sort(([a], [b]) => a.localeCompare(b));
  const lines = services
    .slice(0, REPEAT_LINES)
    .map(([service, count]) => `  ${repeatLine(label(service), count, waits.get(service))}`);
  const more = services.length - REPEAT_LINES;
  if (more > 0) lines.push(`  … and ${more} more service${more === 1 ? '' : 's'}`);
  return heading(`Repeats after an error or failure (zscaler.api.retries): ${total}`, lines.join('\n'));
}

function repeatLine(service: string, count: RepeatCounts, waits: EarlyWaits | undefined): string {
  const parts = [`${count.total} repeat${count.total === 1 ? '' : 's'}`];
  if (count.early + count.onTime > 0) {
    const sooner =
      waits === undefined || waits.sooner.length === 0
        ? ''
        : ` (came back ${seconds(median(waits.sooner))} s sooner than the ${seconds(median(waits.asked))} s asked, median)`;
    parts.push(`${count.early} early${sooner}`, `${count.onTime} on time`);
  }
  if (count.noWaitAsked > 0) parts.push(`${count.noWaitAsked} with no wait asked`);
  return `${service}: ${parts.join(', ')}`;
}

/** A counter's value as received: anything but a finite, non-negative number counts as nothing. */
function countOf(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : 0;
}

function isSeconds(value: AttributeValue | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Two decimals below one second, else three significant digits: 0.98, 9.76, 12.8, 593. */
function seconds(value: number): string {
  return String(value < 1 ? round(value) : Number(value.toPrecision(3)));
}

/** A received name as printed in a sentence: printable ASCII only, at most MAX_LABEL characters. */
function label(value: string): string {
  if (value === '') return '(no service)';
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > MAX_LABEL ? `${printable.slice(0, MAX_LABEL - 1)}…` : printable;
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
 * conflicts (edit lock, concurrent change), other retryable errors, and permanent ones last. The first of its
 * kind, or the first early repeat of that kind when there is one: that one shows zscaler.retry.* as well.
 */
function examplesSection(spans: readonly ReceivedSpan[]): string {
  const firstOfEach = new Map<string, ReceivedSpan>();
  for (const span of spans) {
    if (span.status.code !== OtlpStatusCode.ERROR) continue;
    const key = `${text(span.attributes['zscaler.service'])} ${statusOf(span)} ${text(span.attributes['zscaler.error.id'])}`;
    const seen = firstOfEach.get(key);
    if (seen === undefined || (!isEarlyRepeat(seen) && isEarlyRepeat(span))) firstOfEach.set(key, span);
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
    `A few enriched spans (the first of each kind of error, or its first early repeat; ${examples.length} shown)`,
    examples.join('\n'),
  );
}

const isEarlyRepeat = (span: ReceivedSpan) => span.attributes['zscaler.retry.early'] === true;

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
