/** Small questions tests and the demo ask of what was received. Pure: received data in, answers out. */
import { isDeepStrictEqual } from 'node:util';
import type {
  Attributes,
  AttributeValue,
  MetricKind,
  ReceivedMetric,
  ReceivedPoint,
  ReceivedSpan,
} from './model.js';

/** A data point with the metric it belongs to. */
export interface MetricPoint extends ReceivedPoint {
  readonly metric: string;
  readonly unit: string;
  readonly kind?: MetricKind;
}

/** Whether `attributes` has every key of `subset` with an equal value (arrays and kvlists compared deeply). */
export function hasAttributes(
  attributes: Attributes,
  subset: Readonly<Record<string, AttributeValue>>,
): boolean {
  return Object.entries(subset).every(
    ([key, value]) => Object.hasOwn(attributes, key) && isDeepStrictEqual(attributes[key], value),
  );
}

/** Spans whose attributes include `subset`; `{ 'zscaler.service': 'zia' }`. */
export function spansWith(
  spans: readonly ReceivedSpan[],
  subset: Readonly<Record<string, AttributeValue>>,
): ReceivedSpan[] {
  return spans.filter((span) => hasAttributes(span.attributes, subset));
}

/** Every point of every metric (or of the metric named), flattened, oldest first. */
export function pointsOf(metrics: readonly ReceivedMetric[], name?: string): MetricPoint[] {
  return metrics
    .filter((metric) => name === undefined || metric.name === name)
    .flatMap((metric) =>
      metric.points.map((point) => ({
        ...point,
        metric: metric.name,
        unit: metric.unit,
        ...(metric.kind === undefined ? {} : { kind: metric.kind }),
      })),
    );
}

/**
 * The newest point of each series (metric name and attribute set), optionally only of the metric named and
 * with attributes including `subset`: with cumulative temporality, each series' running total.
 */
export function latestPoints(
  metrics: readonly ReceivedMetric[],
  name?: string,
  subset: Readonly<Record<string, AttributeValue>> = {},
): MetricPoint[] {
  const newest = new Map<string, MetricPoint>();
  for (const point of pointsOf(metrics, name)) {
    if (!hasAttributes(point.attributes, subset)) continue;
    const key = seriesKey(point);
    const seen = newest.get(key);
    if (seen === undefined || point.timeUnixNano >= seen.timeUnixNano) newest.set(key, point);
  }
  return [...newest.values()];
}

/**
 * The sum over the matching series of their newest value (a histogram's count): e.g. every 429 of a counter,
 * whatever the method.
 */
export function latestTotal(
  metrics: readonly ReceivedMetric[],
  name: string,
  subset: Readonly<Record<string, AttributeValue>> = {},
): number {
  return latestPoints(metrics, name, subset).reduce(
    (total, point) => total + (point.value ?? point.count ?? 0),
    0,
  );
}

function seriesKey(point: MetricPoint): string {
  const attributes = Object.keys(point.attributes)
    .sort()
    .map((key) => [key, point.attributes[key]]);
  return JSON.stringify([point.metric, attributes]);
}
