/**
 * Whatever arrives, the receiver answers clearly (400, 413, 415 over HTTP; INVALID_ARGUMENT,
 * RESOURCE_EXHAUSTED, UNIMPLEMENTED over gRPC) and keeps serving.
 */
import { connect as http2Connect } from 'node:http2';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/receiver/index.js';
import { captureProtobufExports } from './capture.js';
import { grpcCall, grpcFrame, post } from './raw-clients.js';

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const TRACE_SERVICE = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LIMIT = 64 * 1024;

let receiver: OtlpReceiver;
let exports: { traces: Buffer; metrics: Buffer };
beforeAll(async () => {
  receiver = await startOtlpReceiver({ maxBodyBytes: LIMIT });
  exports = await captureProtobufExports();
});
afterAll(() => receiver.close());

/** google.rpc.Status{ code = 3 INVALID_ARGUMENT | 8 RESOURCE_EXHAUSTED, … } opens with 0x08, the code. */
const rpcStatusCode = (body: Buffer) => (body[0] === 0x08 ? body[1] : undefined);

describe('OTLP/HTTP', () => {
  it('answers a good export with an empty response in its content type, and takes logs unread', async () => {
    expect(await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, exports.traces)).toEqual({
      status: 200,
      contentType: 'application/x-protobuf',
      body: Buffer.alloc(0),
    });
    const json = await post(
      `${receiver.httpUrl}/v1/metrics`,
      JSON_TYPE,
      Buffer.from('{"resourceMetrics":[]}'),
    );
    expect([json.status, json.contentType, json.body.toString()]).toEqual([200, 'application/json', '{}']);
    const logs = await post(`${receiver.httpUrl}/v1/logs`, PROTOBUF, Buffer.from('not even protobuf'));
    expect(logs.status).toBe(200);
    expect(receiver.requests().at(-1)).toMatchObject({ signal: 'logs', status: 200, items: 0 });
  });

  it('refuses truncated protobuf with 400 and a google.rpc.Status', async () => {
    const answer = await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, exports.traces.subarray(0, 40));
    expect(answer.status).toBe(400);
    expect(rpcStatusCode(answer.body)).toBe(3);
    expect(answer.body.toString()).toMatch(/WireFormatError/);
  });

  it.each([
    ['broken JSON', '{"resourceSpans": [', /SyntaxError/],
    ['a wrong shape', '{"resourceSpans": 5}', /resourceSpans: expected an array/],
    [
      'a bad trace id',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}',
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected a hex id/,
    ],
    [
      'a string timestamp that is no integer',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"1e9"}]}]}]}',
      /integer/,
    ],
  ])('refuses %s with 400 and a JSON Status', async (_, body, message) => {
    const answer = await post(`${receiver.httpUrl}/v1/traces`, JSON_TYPE, Buffer.from(body));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString())).toEqual({ code: 3, message: expect.stringMatching(message) });
  });

  it('refuses JSON that is not UTF-8', async () => {
    const answer = await post(`${receiver.httpUrl}/v1/traces`, JSON_TYPE, Buffer.from([0x7b, 0xff, 0x7d]));
    expect(answer.status).toBe(400);
  });

  it('refuses bodies over the limit with 413: declared, chunked, or inflated from gzip', async () => {
    const big = Buffer.alloc(LIMIT + 1);
    const declared = await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, big);
    const chunked = await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, big.subarray(0, LIMIT / 2), big);
    const bomb = gzipSync(Buffer.alloc(64 * LIMIT));
    expect(bomb.length).toBeLessThan(LIMIT);
    const inflated = await post(
      `${receiver.httpUrl}/v1/traces`,
      { ...PROTOBUF, 'content-encoding': 'gzip' },
      bomb,
    );
    for (const answer of [declared, chunked, inflated]) {
      expect(answer.status).toBe(413);
      expect(rpcStatusCode(answer.body)).toBe(8);
    }
  });

  it('refuses bad gzip with 400', async () => {
    const answer = await post(
      `${receiver.httpUrl}/v1/traces`,
      { ...PROTOBUF, 'content-encoding': 'gzip' },
      exports.traces,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toMatch(/gzip/);
  });

  it('answers other content types, encodings, methods and paths plainly', async () => {
    const url = `${receiver.httpUrl}/v1/traces`;
    expect((await post(url, { 'content-type': 'text/plain' }, exports.traces)).status).toBe(415);
    expect((await post(url, { ...PROTOBUF, 'content-encoding': 'br' }, exports.traces)).status).toBe(415);
    expect((await post(`${receiver.httpUrl}/v2/traces`, PROTOBUF, exports.traces)).status).toBe(404);
    expect((await fetch(url)).status).toBe(405);
  });

  it('keeps serving after senders that go away mid-body', async () => {
    const { port } = new URL(receiver.httpUrl);
    for (const path of ['/v1/traces', '/v2/unknown']) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\n`,
      );
      socket.write(exports.traces.subarray(0, 10));
      await sleep(20);
      socket.destroy();
    }
    const session = http2Connect(receiver.grpcUrl ?? '');
    session.on('error', () => {});
    const stream = session.request({
      ':method': 'POST',
      ':path': TRACE_SERVICE,
      'content-type': 'application/grpc',
    });
    stream.on('error', () => {});
    stream.write(grpcFrame(exports.traces).subarray(0, 20));
    await sleep(20);
    session.destroy();
    await sleep(20);
    expect((await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, exports.traces)).status).toBe(200);
    expect(
      (await grpcCall(receiver.grpcUrl ?? '', TRACE_SERVICE, grpcFrame(exports.traces))).grpcStatus,
    ).toBe('0');
  });

  it('answers random bytes, as protobuf or JSON, with 200 or 400 and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('/v1/traces', '/v1/metrics'),
        fc.constantFrom(PROTOBUF, JSON_TYPE),
        async (bytes, path, headers) => {
          const { status } = await post(`${receiver.httpUrl}${path}`, headers, bytes);
          return status === 200 || status === 400;
        },
      ),
      { numRuns: 150 },
    );
    expect((await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, exports.traces)).status).toBe(200);
  });
});

describe('OTLP/gRPC', () => {
  const call = (body: Uint8Array, headers?: Record<string, string>, path = TRACE_SERVICE) =>
    grpcCall(receiver.grpcUrl ?? '', path, body, headers);

  it('answers a good call with an empty message and grpc-status 0, compressed or not', async () => {
    for (const answer of [
      await call(grpcFrame(exports.traces)),
      await call(grpcFrame(gzipSync(exports.traces), true), { 'grpc-encoding': 'gzip' }),
    ]) {
      expect(answer).toEqual({ httpStatus: 200, grpcStatus: '0', body: Buffer.alloc(5) });
    }
  });

  /** Bodies built from the captured export, once it exists. */
  const bodies: readonly [string, (traces: Buffer) => Buffer, Record<string, string>, string][] = [
    ['garbage in the message', () => grpcFrame(Buffer.from([0x0a, 0xff, 0x01])), {}, '3'],
    ['a length prefix that lies', (traces) => Buffer.concat([grpcFrame(traces), Buffer.from([1])]), {}, '3'],
    ['no message at all', () => Buffer.alloc(0), {}, '3'],
    ['a compressed flag without grpc-encoding', (traces) => grpcFrame(gzipSync(traces), true), {}, '3'],
    ['an unknown grpc-encoding', (traces) => grpcFrame(traces), { 'grpc-encoding': 'snappy' }, '3'],
    ['a message over the limit', () => grpcFrame(Buffer.alloc(LIMIT + 1)), {}, '8'],
    [
      'a gzip bomb',
      () => grpcFrame(gzipSync(Buffer.alloc(64 * LIMIT)), true),
      { 'grpc-encoding': 'gzip' },
      '8',
    ],
  ];
  it.each(bodies)('refuses %s', async (_, body, headers, grpcStatus) => {
    const answer = await call(body(exports.traces), headers);
    expect(answer).toMatchObject({ httpStatus: 200, grpcStatus, grpcMessage: expect.any(String) });
  });

  it('answers an unknown method with UNIMPLEMENTED', async () => {
    const answer = await call(
      grpcFrame(exports.traces),
      {},
      '/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export',
    );
    expect(answer.grpcStatus).toBe('12');
  });

  it('answers random bytes with status 0 or 3 and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1024 }), async (bytes) => {
        const { grpcStatus } = await call(grpcFrame(bytes));
        return grpcStatus === '0' || grpcStatus === '3';
      }),
      { numRuns: 100 },
    );
    expect(
      (
        await call(
          grpcFrame(exports.metrics),
          {},
          '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
        )
      ).grpcStatus,
    ).toBe('0');
  });
});
