/**
 * The OTLP/JSON mapping as the spec writes it, beyond what the JS exporter sends: int64 as strings, upper-case
 * hex ids, base64 bytes, non-finite doubles, exponential histograms and summaries; and bounded nesting.
 */
import { describe, expect, it } from 'vitest';
import { JsonShapeError } from '../../src/receiver/json-common.js';
import { decodeMetricsJson } from '../../src/receiver/json-metrics.js';
import { decodeTraceJson } from '../../src/receiver/json-traces.js';

const wrapSpan = (span: object) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{ scope: { name: 's', version: '' }, spans: [span] }],
    },
  ],
});
const wrapMetric = (metric: object) => ({ resourceMetrics: [{ scopeMetrics: [{ metrics: [metric] }] }] });

describe('spans', () => {
  it('reads the spec forms: string int64s, upper-case ids, base64 bytes, kvlists, NaN and Infinity', () => {
    const [span] = decodeTraceJson(
      wrapSpan({
        traceId: '5B8EFFF798038103D269B633813FC60C',
        spanId: 'EEE19B7EC3C1B174',
        parentSpanId: '',
        name: 'GET',
        kind: 3,
        startTimeUnixNano: '1544712660000000000',
        endTimeUnixNano: 1544712661000000000,
        attributes: [
          { key: 'big', value: { intValue: '9007199254740993' } },
          { key: 'bytes', value: { bytesValue: 'AP8=' } },
          { key: 'nan', value: { doubleValue: 'NaN' } },
          { key: 'inf', value: { doubleValue: '-Infinity' } },
          {
            key: 'kv',
            value: { kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [] } } }] } },
          },
          { key: 'none', value: {} },
        ],
        status: { code: 2, message: 'boom' },
        futureField: { ignored: true },
      }),
    );
    expect(span).toEqual({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      name: 'GET',
      kind: 3,
      startTimeUnixNano: 1544712660000000000n,
      endTimeUnixNano: 1544712661000000000n,
      attributes: {
        big: 9007199254740992,
        bytes: Uint8Array.of(0, 255),
        nan: Number.NaN,
        inf: Number.NEGATIVE_INFINITY,
        kv: { a: [] },
        none: null,
      },
      events: [],
      status: { code: 2, message: 'boom' },
      resource: { 'service.name': 'svc' },
      scope: { name: 's' },
    });
  });

  it('refuses values nested past the bound, naming where', () => {
    let value: object = { stringValue: 'bottom' };
    for (let level = 0; level < 40; level += 1) value = { arrayValue: { values: [value] } };
    expect(() => decodeTraceJson(wrapSpan({ attributes: [{ key: 'deep', value }] }))).toThrow(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes\[0\]\.value.*nested deeper/,
    );
  });

  it.each([
    ['a top level that is not an object', []],
    ['a span that is a string', wrapSpan('span' as unknown as object)],
    ['a kind that is a name', wrapSpan({ kind: 'SPAN_KIND_CLIENT' })],
    ['a boolean that is a string', wrapSpan({ attributes: [{ key: 'b', value: { boolValue: 'true' } }] })],
    ['an odd-length id', wrapSpan({ spanId: 'abc' })],
  ])('refuses %s with a JsonShapeError', (_, request) => {
    expect(() => decodeTraceJson(request)).toThrow(JsonShapeError);
  });
});

describe('metrics', () => {
  it('reads a sum with asInt as a string and a delta temporality', () => {
    const [metric] = decodeMetricsJson(
      wrapMetric({
        name: 'n',
        sum: {
          aggregationTemporality: 1,
          isMonotonic: false,
          dataPoints: [{ asInt: '-3', timeUnixNano: '5', attributes: [] }],
        },
      }),
    );
    expect(metric).toMatchObject({
      kind: 'sum',
      monotonic: false,
      temporality: 'delta',
      points: [{ value: -3 }],
    });
  });

  it('reads count and sum of exponential histograms and summaries', () => {
    const [exponential] = decodeMetricsJson(
      wrapMetric({
        name: 'e',
        exponentialHistogram: {
          aggregationTemporality: 2,
          dataPoints: [
            { count: '4', sum: 2.5, min: 0.1, max: 2, scale: 3, positive: { bucketCounts: ['1'] } },
          ],
        },
      }),
    );
    expect(exponential).toMatchObject({
      kind: 'exponentialHistogram',
      temporality: 'cumulative',
      points: [{ count: 4, sum: 2.5, min: 0.1, max: 2 }],
    });
    const [summary] = decodeMetricsJson(
      wrapMetric({ name: 's', summary: { dataPoints: [{ count: 2, sum: '1.5', quantileValues: [] }] } }),
    );
    expect(summary).toMatchObject({ kind: 'summary', points: [{ count: 2, sum: 1.5 }] });
    expect(summary).not.toHaveProperty('temporality');
  });

  it('keeps a metric with no data, with no kind', () => {
    expect(decodeMetricsJson(wrapMetric({ name: 'empty' }))).toEqual([
      { name: 'empty', description: '', unit: '', points: [], resource: {}, scope: { name: '' } },
    ]);
  });
});
