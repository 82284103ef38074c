/**
 * The protobuf decoder on its own: what real exporters never send but the format allows (unknown fields,
 * any field order, unpacked repeats, every AnyValue), and hostile bytes, which only ever give a
 * WireFormatError.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMetricsRequest } from '../../src/receiver/protobuf-metrics.js';
import { decodeTraceRequest } from '../../src/receiver/protobuf-traces.js';
import { MAX_NESTING_DEPTH, WireFormatError } from '../../src/receiver/wire-reader.js';
import { captureProtobufExports } from './capture.js';
import { concat, field, varint } from './wire.js';

const TRACE_ID = Uint8Array.from({ length: 16 }, (_, index) => index + 1);
const SPAN_ID = Uint8Array.from({ length: 8 }, (_, index) => 0xa0 + index);

/** ExportTraceServiceRequest{ resource_spans: [ResourceSpans{ …parts }] } */
const traceRequest = (...resourceSpansParts: Uint8Array[]) => field.bytes(1, ...resourceSpansParts);
const scopeSpans = (...spans: Uint8Array[]) => field.bytes(2, field.bytes(1, field.string(1, 's')), ...spans);
const keyValue = (key: string, anyValue: Uint8Array) =>
  concat(field.string(1, key), field.bytes(2, anyValue));

/** What a decoder may do with any bytes: return, or throw a WireFormatError and nothing else. */
function decodesOrRefuses(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): boolean {
  try {
    decode(bytes);
    return true;
  } catch (error) {
    return error instanceof WireFormatError;
  }
}

describe('what the format allows', () => {
  it('skips unknown fields of every wire type and reads fields in any order', () => {
    const unknown = concat(
      field.varint(99, 300),
      field.fixed64(98, 1n),
      field.string(97, 'x'),
      varint((96 << 3) | 5),
      new Uint8Array(4),
    );
    const span = field.bytes(
      2,
      unknown,
      field.string(5, 'late name first'),
      field.bytes(1, TRACE_ID),
      field.bytes(2, SPAN_ID),
      field.varint(6, 3),
      unknown,
    );
    // scope_spans (2) before resource (1) inside ResourceSpans.
    const bytes = traceRequest(
      scopeSpans(span),
      field.bytes(1, field.bytes(1, keyValue('service.name', field.string(1, 'svc')))),
    );
    expect(decodeTraceRequest(concat(unknown, bytes))).toEqual([
      {
        traceId: '0102030405060708090a0b0c0d0e0f10',
        spanId: 'a0a1a2a3a4a5a6a7',
        name: 'late name first',
        kind: 3,
        startTimeUnixNano: 0n,
        endTimeUnixNano: 0n,
        attributes: {},
        events: [],
        status: { code: 0 },
        resource: { 'service.name': 'svc' },
        scope: { name: 's' },
      },
    ]);
  });

  it('reads every AnyValue: kvlist, nested arrays, bytes, negative ints, no value; __proto__ stays a key', () => {
    const any = {
      string: (text: string) => field.string(1, text),
      array: (...values: Uint8Array[]) => field.bytes(5, ...values.map((value) => field.bytes(1, value))),
    };
    const attributes = [
      keyValue('kv', field.bytes(6, field.bytes(1, keyValue('inner', field.varint(2, 1))))),
      keyValue('nested', any.array(any.array(any.string('a')), field.double(4, 0.5))),
      keyValue('bytes', field.bytes(7, Uint8Array.of(0, 255))),
      keyValue('negative', field.varint(3, -7n)),
      keyValue('empty', new Uint8Array(0)),
      keyValue('__proto__', any.string('polluted?')),
    ].map((keyValueBytes) => field.bytes(9, keyValueBytes));
    const [span] = decodeTraceRequest(traceRequest(scopeSpans(field.bytes(2, ...attributes))));
    expect(span?.attributes).toEqual({
      kv: { inner: true },
      nested: [['a'], 0.5],
      bytes: Uint8Array.of(0, 255),
      negative: -7,
      empty: null,
      ['__proto__']: 'polluted?',
    });
    expect(Object.getPrototypeOf(span?.attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(span?.attributes ?? {}, '__proto__')).toBe(true);
  });

  it('reads histogram buckets packed and unpacked alike', () => {
    const point = (buckets: Uint8Array) =>
      field.bytes(1, field.fixed64(4, 3n), field.double(5, 2.5), buckets);
    const packed = concat(
      field.bytes(6, ...[1n, 2n].map((count) => field.fixed64(0, count).subarray(1))),
      field.bytes(7, ...[1].map((bound) => field.double(0, bound).subarray(1))),
    );
    const unpacked = concat(field.fixed64(6, 1n), field.fixed64(6, 2n), field.double(7, 1));
    for (const buckets of [packed, unpacked]) {
      const metric = field.bytes(2, field.string(1, 'h'), field.bytes(9, point(buckets), field.varint(2, 1)));
      const [decoded] = decodeMetricsRequest(field.bytes(1, field.bytes(2, metric)));
      expect(decoded).toMatchObject({
        name: 'h',
        kind: 'histogram',
        temporality: 'delta',
        points: [{ count: 3, sum: 2.5, bucketCounts: [1, 2], explicitBounds: [1] }],
      });
    }
  });
});

describe('hostile bytes', () => {
  it('refuses values nested past the depth bound instead of recursing', () => {
    let value = field.string(1, 'bottom');
    for (let level = 0; level < MAX_NESTING_DEPTH; level += 1) value = field.bytes(5, field.bytes(1, value));
    const bytes = traceRequest(scopeSpans(field.bytes(2, field.bytes(9, keyValue('deep', value)))));
    expect(() => decodeTraceRequest(bytes)).toThrow(/nested deeper/);
  });

  it.each([
    ['a length past the end', concat(varint((1 << 3) | 2), varint(1000), Uint8Array.of(1))],
    ['a varint of 11 bytes', concat(varint((2 << 3) | 0), new Uint8Array(10).fill(0xff), Uint8Array.of(1))],
    ['a truncated varint', Uint8Array.of(0x08, 0x80)],
    ['a group (wire type 3)', varint((1 << 3) | 3)],
    ['field number 0', Uint8Array.of(0x00, 0x00)],
    ['a known field with the wrong wire type', field.varint(1, 5)],
  ])('refuses %s with a WireFormatError', (_, bytes) => {
    expect(() => decodeTraceRequest(bytes)).toThrow(WireFormatError);
    expect(() => decodeMetricsRequest(bytes)).toThrow(WireFormatError);
  });

  it('refuses packed buckets whose length is not a multiple of 8', () => {
    const point = field.bytes(1, field.bytes(6, new Uint8Array(7)));
    const bytes = field.bytes(1, field.bytes(2, field.bytes(2, field.bytes(9, point))));
    expect(() => decodeMetricsRequest(bytes)).toThrow(/not a multiple of 8/);
  });

  it('random bytes decode or give a WireFormatError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        return decodesOrRefuses(decodeTraceRequest, bytes) && decodesOrRefuses(decodeMetricsRequest, bytes);
      }),
      { numRuns: 2000 },
    );
  });

  describe('real exports, damaged', () => {
    let exports: { traces: Buffer; metrics: Buffer };
    beforeAll(async () => {
      exports = await captureProtobufExports();
    });

    it('cut anywhere, decode or give a WireFormatError', () => {
      for (const [bytes, decode] of [
        [exports.traces, decodeTraceRequest],
        [exports.metrics, decodeMetricsRequest],
      ] as const) {
        for (let length = 0; length < bytes.length; length += 1) {
          expect(decodesOrRefuses(decode, bytes.subarray(0, length))).toBe(true);
        }
      }
    });

    it('with bytes flipped, decode or give a WireFormatError', () => {
      fc.assert(
        fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, byte, traces) => {
          const copy = Buffer.from(traces ? exports.traces : exports.metrics);
          copy[at % copy.length] = byte;
          return decodesOrRefuses(traces ? decodeTraceRequest : decodeMetricsRequest, copy);
        }),
        { numRuns: 3000 },
      );
    });
  });
});
