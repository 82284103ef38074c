/**
 * The preload's span encoding writes the stock serializer's bytes: real SDK spans, generated odd values, and sizes
 * that need multi-byte lengths, compared byte for byte with `ProtobufTraceSerializer`.
 */
import {
  type Attributes,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTraceRequest } from '../../src/agent/span-protobuf.js';
import { decodeTraceRequest } from '../../src/receiver/protobuf-traces.js';

function stock(spans: ReadableSpan[]): Uint8Array {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans);
  if (bytes === undefined) throw new Error('the stock serializer wrote nothing');
  return bytes;
}

function expectSameBytes(spans: ReadableSpan[]): Uint8Array {
  const ours = encodeTraceRequest(spans);
  expect(Buffer.from(ours).equals(Buffer.from(stock(spans)))).toBe(true);
  return ours;
}

/** Spans from a real SDK: two resources, three scopes, every kind of field. */
function sdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const providers = [
    resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment.name': 'prod' }),
    resourceFromAttributes({ 'service.name': 'größe-✓', 'host.cpus': 2 }),
  ].map(
    (resource) => new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
  );
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  for (const provider of providers) {
    const tracers = [
      provider.getTracer('zscaler-otel-agent'),
      provider.getTracer('@opentelemetry/instrumentation-undici', '0.34.0', { schemaUrl: 'https://x/1.27' }),
    ];
    for (const tracer of tracers) {
      const span = tracer.startSpan(
        'GET',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'url.full':
              'https://api.zsapi.net/zpa/mgmtconfig/v1/admin/customers/216196257331281920/application',
            'http.response.status_code': 429,
            'zscaler.retryable': true,
            'zscaler.retry_after': 13.5,
            'zscaler.error.reason': 'Exceeded the number of requests allowed. ✋',
            tags: ['a', 'b'],
            counts: [1, -2, 3],
          },
          links: [
            {
              context: {
                traceId: 'ABCDEF0123456789abcdef0123456789',
                spanId: '0123456789ABCDEF',
                traceFlags: 0,
              },
              attributes: { why: 'batch' },
            },
          ],
        },
        remoteParent,
      );
      span.addEvent('retry', { attempt: 2 });
      span.addEvent('no attributes');
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'The API client exceeded the rate limit or quota.',
      });
      span.end();
      const internal = tracer.startSpan('work');
      internal.end();
    }
  }
  return exporter.getFinishedSpans();
}

/** A span as the serializer sees it, with the given attributes. */
function spanWith(attributes: Attributes, name = 'GET', message?: string): ReadableSpan {
  const context = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
  return {
    name,
    kind: SpanKind.SERVER,
    spanContext: () => context,
    parentSpanContext: undefined,
    startTime: [1_764_655_200, 123_456_789],
    endTime: [4_102_444_799, 999_999_999],
    status: message === undefined ? { code: SpanStatusCode.UNSET } : { code: SpanStatusCode.ERROR, message },
    attributes,
    links: [],
    events: [],
    duration: [0, 1],
    ended: true,
    resource: resourceFromAttributes({ 'service.name': 'x' }),
    instrumentationScope: { name: 'scope' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as unknown as ReadableSpan;
}

describe('encodeTraceRequest', () => {
  it('writes the stock bytes for real SDK spans (resources, scopes, events, links, remote parents, arrays)', () => {
    const spans = sdkSpans();
    expect(spans.length).toBe(8);
    const bytes = expectSameBytes(spans);
    const decoded = decodeTraceRequest(bytes);
    expect(decoded.length).toBe(8);
  });

  it('writes the stock bytes for odd values: non-ASCII, lone surrogates, numbers of every range, nested values', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ maxLength: 300 }),
      fc.boolean(),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.double(),
      fc.constantFrom(2 ** 32, 2 ** 53 - 1, -(2 ** 53), 2 ** 63, -(2 ** 63), -0, 4294967296 * 3 + 5),
      fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null)), { maxLength: 5 }),
      fc.constant(new Uint8Array([0, 255, 7])),
      fc.constant(undefined),
      fc.constantFrom('\uD800', 'a\uDFFFb', `${'x'.repeat(15)}\uD83D`, '😀'.repeat(50), 'ü'.repeat(43)),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), {
        maxKeys: 3,
      }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 40 }), value, { maxKeys: 40 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (attributes, name) => {
          expectSameBytes([spanWith(attributes as Attributes, name, name)]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('writes lengths of two and three bytes, and grows its buffer past 64 KiB and past what it keeps', () => {
    const big = 'x'.repeat(200_000);
    expectSameBytes([spanWith({ a: 'y'.repeat(130), b: 'é'.repeat(5_000) })]);
    expectSameBytes([spanWith({ big }), spanWith({ big }), spanWith({ other: 'z' })]);
    const many = Array.from({ length: 2_000 }, (_, i) => spanWith({ i, big: 'q'.repeat(700) }));
    expectSameBytes(many);
    // The buffer given up after a large request: the next one still writes the same bytes.
    expectSameBytes([spanWith({ small: 1 })]);
  });

  it('writes an empty request for no spans', () => {
    expect(encodeTraceRequest([]).length).toBe(0);
    expect(stock([]).length).toBe(0);
  });
});
