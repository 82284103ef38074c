/**
 * What every set-up must produce: the cases of test/telemetry/cases.ts the apps call, and, per client, the
 * exact `zscaler.*` attributes, status and metric points of each. The metric points of one client are told
 * apart from another's by time: the app flushes the metrics after each client and writes when that phase
 * ended, and a point's time is its collection time (both `Date.now()` of the app).
 */
import type {
  AttributeValue,
  MetricKind,
  ReceivedMetric,
  ReceivedSpan,
  Temporality,
} from '../../src/receiver/index.js';
import { OtlpSpanKind, OtlpStatusCode } from '../../src/receiver/index.js';
import { type Case, cases } from '../telemetry/cases.js';
import { expectedPoints as casePoints, type ExpectedPoint } from '../telemetry/expected-points.js';

export const CLIENTS = ['fetch', 'undici', 'axios', 'node:http'] as const;
export type ClientName = (typeof CLIENTS)[number];

/** fetch and axios undo Content-Encoding for the app; undici's request and node:http hand over the wire. */
export const DECODES: Readonly<Record<ClientName, boolean>> = {
  fetch: true,
  undici: false,
  axios: true,
  'node:http': false,
};

/**
 * A ZPA 429 through the OneAPI gateway (Retry-After, request id, rate-limit headers), a ZIA 409 edit lock on
 * a legacy host and the same gzip'd through the gateway (the processor must read error bodies itself), and a
 * success.
 */
const NAMES = ['zpa-429', 'zia-edit-lock', 'zia-edit-lock-gzip', 'zia-200'];
export const CASES: readonly Case[] = NAMES.map((name) => {
  const found = cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`test/telemetry/cases.ts has no case "${name}"`);
  return found;
});

export type Point = ExpectedPoint;

/** One client's requests to every case, each counted once (as the enrichment suites expect of one request). */
export function expectedPoints(): Point[] {
  return sortPoints(CASES.flatMap(casePoints));
}

function seriesKey(name: string, attributes: Record<string, unknown>): string {
  return `${name} ${JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)))}`;
}

function sortPoints(points: Point[]): Point[] {
  return points.sort((a, b) =>
    seriesKey(a.name, a.attributes).localeCompare(seriesKey(b.name, b.attributes)),
  );
}

export interface Phase {
  readonly client: ClientName;
  /** `Date.now()` of the app when the client's first request started and after its metrics were flushed. */
  readonly start: number;
  readonly end: number;
}

interface Series {
  readonly name: string;
  readonly unit: string;
  readonly kind?: MetricKind;
  readonly temporality?: Temporality;
  readonly attributes: Record<string, AttributeValue>;
  /** Every point received, with its collection time in ms. */
  readonly points: { at: number; value: number; count: number; sum: number }[];
}

function seriesOf(metrics: readonly ReceivedMetric[]): Map<string, Series> {
  const all = new Map<string, Series>();
  for (const metric of metrics) {
    if (metric.scope.name !== 'zscaler-otel-agent') continue;
    for (const point of metric.points) {
      const attributes = { ...point.attributes };
      const key = seriesKey(metric.name, attributes);
      let series = all.get(key);
      if (series === undefined) {
        series = {
          name: metric.name,
          unit: metric.unit,
          ...(metric.kind !== undefined && { kind: metric.kind }),
          ...(metric.temporality !== undefined && { temporality: metric.temporality }),
          attributes,
          points: [],
        };
        all.set(key, series);
      }
      series.points.push({
        at: Number(point.timeUnixNano / 1_000_000n),
        value: point.value ?? 0,
        count: point.count ?? 0,
        sum: point.sum ?? 0,
      });
    }
  }
  return all;
}

/** A series' running total at `until`: its newest cumulative point, or the sum of its delta points, then. */
function totalAt(series: Series, until: number): { value: number; count: number; sum: number } | undefined {
  const upTo = series.points.filter((point) => point.at <= until).sort((a, b) => a.at - b.at);
  if (upTo.length === 0) return undefined;
  if (series.temporality === 'delta')
    return upTo.reduce(
      (total, point) => ({
        value: total.value + point.value,
        count: total.count + point.count,
        sum: total.sum + point.sum,
      }),
      { value: 0, count: 0, sum: 0 },
    );
  return upTo.at(-1);
}

/**
 * The zscaler-otel-agent points a phase added, from `after` (exclusive) to `until`: counters and histograms
 * by how much they grew, gauges by their newest value in the window.
 */
export function pointsBetween(metrics: readonly ReceivedMetric[], after: number, until: number): Point[] {
  const found: Point[] = [];
  for (const series of seriesOf(metrics).values()) {
    const base = { name: series.name, unit: series.unit, attributes: series.attributes };
    if (series.kind === 'gauge') {
      const newest = series.points.filter((point) => point.at > after && point.at <= until).at(-1);
      if (newest !== undefined) found.push({ ...base, value: newest.value });
      continue;
    }
    const now = totalAt(series, until);
    const before = totalAt(series, after) ?? { value: 0, count: 0, sum: 0 };
    if (now === undefined) continue;
    if (series.kind === 'histogram' || series.kind === 'exponentialHistogram') {
      const count = now.count - before.count;
      const sum = now.sum - before.sum;
      if (count === 0) continue;
      found.push({
        ...base,
        value: series.name === 'zscaler.api.request.duration' ? { count, positive: sum > 0 } : { count, sum },
      });
    } else if (now.value !== before.value) {
      found.push({ ...base, value: now.value - before.value });
    }
  }
  return sortPoints(found);
}

/** The client and case a span's URL names (`…?fixture=<case>&client=<client>`), whichever semconv. */
export function requestOf(span: ReceivedSpan): { client: string; case: string } | undefined {
  const url = span.attributes['url.full'] ?? span.attributes['http.url'];
  if (typeof url !== 'string') return undefined;
  try {
    const { searchParams } = new URL(url);
    const client = searchParams.get('client');
    const name = searchParams.get('fixture');
    return client === null || name === null ? undefined : { client, case: name };
  } catch {
    return undefined;
  }
}

export function clientSlug(client: ClientName): string {
  return client.replace(':', '-');
}

/** The client spans of one client's request to one case. */
export function clientSpans(spans: readonly ReceivedSpan[], client: ClientName, c: Case): ReceivedSpan[] {
  return spans.filter((span) => {
    const request = requestOf(span);
    return (
      span.kind === OtlpSpanKind.CLIENT && request?.client === clientSlug(client) && request.case === c.name
    );
  });
}

export function zscalerAttributes(span: ReceivedSpan): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(span.attributes).filter(([name]) => name.startsWith('zscaler.')));
}

export function expectedStatus(c: Case): { code: number; message?: string } {
  return c.description === undefined
    ? { code: OtlpStatusCode.UNSET }
    : { code: OtlpStatusCode.ERROR, message: c.description };
}
