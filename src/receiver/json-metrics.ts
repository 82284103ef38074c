/** ExportMetricsServiceRequest from OTLP/JSON, into the same metrics as the protobuf decoder gives. */
import {
  arrayAt,
  boolAt,
  doubleAt,
  integerAt,
  type JsonObject,
  nanosAt,
  objectAt,
  readAttributes,
  readScopedItems,
  stringAt,
} from './json-common.js';
import { type MetricKind, type ReceivedMetric, type ReceivedPoint, temporalityFrom } from './model.js';

/** The data oneof's JSON keys, each with the kind it gives. */
const DATA_KINDS: readonly MetricKind[] = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'];

export function decodeMetricsJson(request: unknown): ReceivedMetric[] {
  return readScopedItems(
    request,
    ['resourceMetrics', 'scopeMetrics', 'metrics'],
    (metric, path, resource, scope) => ({
      ...readMetric(metric, path),
      resource,
      scope,
    }),
  );
}

function readMetric(value: unknown, path: string): Omit<ReceivedMetric, 'resource' | 'scope'> {
  const metric = objectAt(value, path);
  const named = {
    name: stringAt(metric.name, `${path}.name`),
    description: stringAt(metric.description, `${path}.description`),
    unit: stringAt(metric.unit, `${path}.unit`),
  };
  const kind = DATA_KINDS.find((candidate) => metric[candidate] !== undefined && metric[candidate] !== null);
  if (kind === undefined) return { ...named, points: [] };
  const dataPath = `${path}.${kind}`;
  const data = objectAt(metric[kind], dataPath);
  const temporality = temporalityFrom(
    integerAt(data.aggregationTemporality, `${dataPath}.aggregationTemporality`),
  );
  const points = arrayAt(data.dataPoints, `${dataPath}.dataPoints`).map((point, index) =>
    readPoint(objectAt(point, `${dataPath}.dataPoints[${index}]`), `${dataPath}.dataPoints[${index}]`, kind),
  );
  return {
    ...named,
    kind,
    ...(kind === 'sum' ? { monotonic: boolAt(data.isMonotonic, `${dataPath}.isMonotonic`) } : {}),
    ...(temporality === undefined || kind === 'gauge' || kind === 'summary' ? {} : { temporality }),
    points,
  };
}

function readPoint(point: JsonObject, path: string, kind: MetricKind): ReceivedPoint {
  const common = {
    attributes: readAttributes(point.attributes, `${path}.attributes`),
    startTimeUnixNano: nanosAt(point.startTimeUnixNano, `${path}.startTimeUnixNano`),
    timeUnixNano: nanosAt(point.timeUnixNano, `${path}.timeUnixNano`),
  };
  if (kind === 'sum' || kind === 'gauge') {
    const value =
      point.asInt !== undefined && point.asInt !== null
        ? integerAt(point.asInt, `${path}.asInt`)
        : doubleAt(point.asDouble, `${path}.asDouble`);
    return value === undefined ? common : { ...common, value };
  }
  const sum = doubleAt(point.sum, `${path}.sum`);
  const min = doubleAt(point.min, `${path}.min`);
  const max = doubleAt(point.max, `${path}.max`);
  return {
    ...common,
    count: integerAt(point.count, `${path}.count`),
    ...(sum === undefined ? {} : { sum }),
    ...(kind === 'summary' || min === undefined ? {} : { min }),
    ...(kind === 'summary' || max === undefined ? {} : { max }),
    ...(kind === 'histogram'
      ? {
          bucketCounts: arrayAt(point.bucketCounts, `${path}.bucketCounts`).map((count, index) =>
            integerAt(count, `${path}.bucketCounts[${index}]`),
          ),
          explicitBounds: arrayAt(point.explicitBounds, `${path}.explicitBounds`).map(
            (bound, index) => doubleAt(bound, `${path}.explicitBounds[${index}]`) ?? 0,
          ),
        }
      : {}),
  };
}
