/**
 * ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) from protobuf, down to every data
 * point of sums, gauges, histograms, exponential histograms (count and sum) and summaries (count and sum).
 */
import {
  type Attributes,
  type AttributeValue,
  attributesFrom,
  type MetricKind,
  type ReceivedMetric,
  type ReceivedPoint,
  type ReceivedScope,
  temporalityFrom,
} from './model.js';
import { readKeyValue, readResource, readScope } from './protobuf-common.js';
import { WireReader } from './wire-reader.js';

/** ExportMetricsServiceRequest: resource_metrics = 1. */
export function decodeMetricsRequest(bytes: Uint8Array): ReceivedMetric[] {
  const metrics: ReceivedMetric[] = [];
  const reader = WireReader.of(bytes);
  while (reader.next()) {
    if (reader.field === 1) readResourceMetrics(reader.message(), metrics);
    else reader.skip();
  }
  return metrics;
}

/** ResourceMetrics: resource = 1, scope_metrics = 2 (read after the loop: fields may come in any order). */
function readResourceMetrics(reader: WireReader, into: ReceivedMetric[]): void {
  let resource: Attributes = {};
  const scopeMetrics: WireReader[] = [];
  while (reader.next()) {
    if (reader.field === 1) resource = readResource(reader.message());
    else if (reader.field === 2) scopeMetrics.push(reader.message());
    else reader.skip();
  }
  for (const scopeReader of scopeMetrics) readScopeMetrics(scopeReader, resource, into);
}

/** ScopeMetrics: scope = 1, metrics = 2. */
function readScopeMetrics(reader: WireReader, resource: Attributes, into: ReceivedMetric[]): void {
  let scope: ReceivedScope = { name: '' };
  const metrics: WireReader[] = [];
  while (reader.next()) {
    if (reader.field === 1) scope = readScope(reader.message());
    else if (reader.field === 2) metrics.push(reader.message());
    else reader.skip();
  }
  for (const metricReader of metrics) into.push({ ...readMetric(metricReader), resource, scope });
}

type MetricData = Pick<ReceivedMetric, 'kind' | 'monotonic' | 'temporality' | 'points'>;

/**
 * Metric: name = 1, description = 2, unit = 3; data oneof gauge = 5, sum = 7, histogram = 9,
 * exponential_histogram = 10, summary = 11.
 */
function readMetric(reader: WireReader): Omit<ReceivedMetric, 'resource' | 'scope'> {
  let name = '';
  let description = '';
  let unit = '';
  let data: MetricData = { points: [] };
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        name = reader.string();
        break;
      case 2:
        description = reader.string();
        break;
      case 3:
        unit = reader.string();
        break;
      case 5:
        data = readData(reader.message(), 'gauge', readNumberPoint);
        break;
      case 7:
        data = readData(reader.message(), 'sum', readNumberPoint);
        break;
      case 9:
        data = readData(reader.message(), 'histogram', (point) => readDistributionPoint(point, HISTOGRAM));
        break;
      case 10:
        data = readData(reader.message(), 'exponentialHistogram', (point) =>
          readDistributionPoint(point, EXPONENTIAL_HISTOGRAM),
        );
        break;
      case 11:
        data = readData(reader.message(), 'summary', (point) => readDistributionPoint(point, SUMMARY));
        break;
      default:
        reader.skip();
    }
  }
  return { name, description, unit, ...data };
}

/**
 * Gauge, Sum, Histogram, ExponentialHistogram and Summary share data_points = 1; Sum, Histogram and
 * ExponentialHistogram add aggregation_temporality = 2; Sum adds is_monotonic = 3.
 */
function readData(
  reader: WireReader,
  kind: MetricKind,
  readPoint: (point: WireReader) => ReceivedPoint,
): MetricData {
  const points: ReceivedPoint[] = [];
  let temporality = 0;
  let monotonic = false;
  while (reader.next()) {
    if (reader.field === 1) points.push(readPoint(reader.message()));
    else if (reader.field === 2 && kind !== 'gauge' && kind !== 'summary') temporality = reader.int32();
    else if (reader.field === 3 && kind === 'sum') monotonic = reader.bool();
    else reader.skip();
  }
  const withTemporality = temporalityFrom(temporality);
  return {
    kind,
    ...(kind === 'sum' ? { monotonic } : {}),
    ...(withTemporality === undefined ? {} : { temporality: withTemporality }),
    points,
  };
}

/**
 * NumberDataPoint: start_time_unix_nano = 2, time_unix_nano = 3, as_double = 4, as_int = 6 (sfixed64),
 * attributes = 7.
 */
function readNumberPoint(reader: WireReader): ReceivedPoint {
  const attributes: [string, AttributeValue][] = [];
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let value: number | undefined;
  while (reader.next()) {
    switch (reader.field) {
      case 2:
        startTimeUnixNano = reader.fixed64();
        break;
      case 3:
        timeUnixNano = reader.fixed64();
        break;
      case 4:
        value = reader.double();
        break;
      case 6:
        value = Number(reader.sfixed64());
        break;
      case 7:
        attributes.push(readKeyValue(reader.message()));
        break;
      default:
        reader.skip();
    }
  }
  return {
    attributes: attributesFrom(attributes),
    startTimeUnixNano,
    timeUnixNano,
    ...(value === undefined ? {} : { value }),
  };
}

/** Where a distribution point keeps what differs between the three kinds. */
interface DistributionFields {
  readonly attributes: number;
  readonly min?: number;
  readonly max?: number;
  readonly buckets: boolean;
}

/** HistogramDataPoint: bucket_counts = 6, explicit_bounds = 7, attributes = 9, min = 11, max = 12. */
const HISTOGRAM: DistributionFields = { attributes: 9, min: 11, max: 12, buckets: true };
/** ExponentialHistogramDataPoint: attributes = 1, min = 12, max = 13 (buckets not kept). */
const EXPONENTIAL_HISTOGRAM: DistributionFields = { attributes: 1, min: 12, max: 13, buckets: false };
/** SummaryDataPoint: attributes = 7 (quantiles not kept). */
const SUMMARY: DistributionFields = { attributes: 7, buckets: false };

/** All three share start_time_unix_nano = 2, time_unix_nano = 3, count = 4 (fixed64), sum = 5 (double). */
function readDistributionPoint(reader: WireReader, fields: DistributionFields): ReceivedPoint {
  const attributes: [string, AttributeValue][] = [];
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count = 0;
  let sum: number | undefined;
  let min: number | undefined;
  let max: number | undefined;
  const bucketCounts: bigint[] = [];
  const explicitBounds: number[] = [];
  while (reader.next()) {
    const field = reader.field;
    if (field === fields.attributes) attributes.push(readKeyValue(reader.message()));
    else if (field === 2) startTimeUnixNano = reader.fixed64();
    else if (field === 3) timeUnixNano = reader.fixed64();
    else if (field === 4) count = Number(reader.fixed64());
    else if (field === 5) sum = reader.double();
    else if (field === fields.min) min = reader.double();
    else if (field === fields.max) max = reader.double();
    else if (field === 6 && fields.buckets) reader.repeatedFixed64(bucketCounts);
    else if (field === 7 && fields.buckets) reader.repeatedDouble(explicitBounds);
    else reader.skip();
  }
  return {
    attributes: attributesFrom(attributes),
    startTimeUnixNano,
    timeUnixNano,
    count,
    ...(sum === undefined ? {} : { sum }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(fields.buckets ? { bucketCounts: bucketCounts.map(Number), explicitBounds } : {}),
  };
}
