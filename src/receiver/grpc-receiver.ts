/**
 * OTLP/gRPC as a minimal unary gRPC server over cleartext HTTP/2 (h2c), no gRPC library: one
 * length-prefixed message per call (1-byte compressed flag, 4-byte big-endian length), gzip per
 * `grpc-encoding`, the answer an empty Export*ServiceResponse and `grpc-status: 0` in the trailers; a
 * refusal is a trailers-only response (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
 */
import {
  constants,
  createServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import { readBody } from './body.js';
import {
  type ExchangeContext,
  evaluate,
  grpcStatusOf,
  type Outcome,
  type RoutedRequest,
  record,
  tooLarge,
} from './exchange.js';
import { GrpcStatus } from './rpc-status.js';
import type { Signal } from './store.js';

const SERVICES: Readonly<Record<string, Signal>> = {
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export': 'traces',
  '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export': 'metrics',
  '/opentelemetry.proto.collector.logs.v1.LogsService/Export': 'logs',
};
type GrpcRoutedRequest = RoutedRequest & { readonly encoding: 'protobuf' };

const PREFIX_BYTES = 5;
/** A call must arrive within this time of silence, so slow senders cannot hold the receiver. */
const STREAM_TIMEOUT_MS = 30_000;
const MAX_CONNECTIONS = 256;
const MAX_CONCURRENT_STREAMS = 128;

export function createOtlpGrpcServer(context: ExchangeContext): Http2Server {
  const server = createServer({ settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS } });
  server.maxConnections = MAX_CONNECTIONS;
  // A client that breaks its connection is its own problem, never the receiver's.
  server.on('sessionError', () => {});
  server.on('session', (session) => session.on('error', () => {}));
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    stream.setTimeout(STREAM_TIMEOUT_MS, () => stream.close(constants.NGHTTP2_CANCEL));
    handle(context, stream, headers).catch(() => stream.close(constants.NGHTTP2_INTERNAL_ERROR));
  });
  return server;
}

async function handle(
  context: ExchangeContext,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
): Promise<void> {
  if (headers[':method'] !== 'POST') return answerHttp(stream, 405);
  if (!String(headers['content-type'] ?? '').startsWith('application/grpc')) return answerHttp(stream, 415);
  const signal = SERVICES[headers[':path'] ?? ''];
  if (signal === undefined) return answerStatus(stream, GrpcStatus.UNIMPLEMENTED, 'unknown method');
  const grpcEncoding = String(headers['grpc-encoding'] ?? 'identity').toLowerCase();
  const routed: GrpcRoutedRequest = {
    signal,
    transport: 'grpc',
    encoding: 'protobuf',
    compressed: grpcEncoding === 'gzip',
    headers: flatHeaders(headers),
  };
  const outcome = await read(context, stream, grpcEncoding, routed);
  // The time limit is for the sender; the answer (or a hang's silence) is the receiver's own.
  stream.setTimeout(0);
  if (outcome.kind === 'fault' && outcome.fault === 'hang') {
    record(context.store, routed, outcome, undefined);
    return;
  }
  const [code, message] = grpcStatusOf(outcome);
  record(context.store, routed, outcome, code);
  if (code !== GrpcStatus.OK) return answerStatus(stream, code, message);
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  // The empty Export*ServiceResponse: uncompressed flag, length 0.
  stream.end(Buffer.alloc(PREFIX_BYTES));
}

/** Reads the one message of the call and decides the answer. */
async function read(
  context: ExchangeContext,
  stream: ServerHttp2Stream,
  grpcEncoding: string,
  routed: GrpcRoutedRequest,
): Promise<Outcome> {
  if (grpcEncoding !== 'identity' && grpcEncoding !== 'gzip') {
    stream.resume();
    return { kind: 'refused', reason: 'invalid', message: `grpc-encoding ${grpcEncoding} is not supported` };
  }
  const body = await readBody(stream, context.maxBodyBytes + PREFIX_BYTES);
  if (body === undefined) return tooLarge(context.maxBodyBytes);
  if (body.length < PREFIX_BYTES || body.length !== PREFIX_BYTES + body.readUInt32BE(1)) {
    return { kind: 'refused', reason: 'invalid', message: 'expected exactly one length-prefixed message' };
  }
  const compressed = body[0] === 1;
  if (compressed && grpcEncoding !== 'gzip') {
    return { kind: 'refused', reason: 'invalid', message: 'compressed message without grpc-encoding' };
  }
  return evaluate(context, { ...routed, compressed }, body.subarray(PREFIX_BYTES));
}

/** Trailers-only: status and message in the one HEADERS frame that ends the stream. */
function answerStatus(stream: ServerHttp2Stream, code: number, message: string): void {
  if (stream.headersSent || stream.destroyed) return;
  stream.respond(
    {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-status': String(code),
      'grpc-message': percentEncode(message),
    },
    { endStream: true },
  );
}

function answerHttp(stream: ServerHttp2Stream, status: number): void {
  stream.respond({ ':status': status }, { endStream: true });
}

/** grpc-message is percent-encoded outside printable ASCII. */
function percentEncode(message: string): string {
  return Array.from(Buffer.from(message), (byte) =>
    byte >= 0x20 && byte <= 0x7e && byte !== 0x25
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`,
  ).join('');
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !name.startsWith(':'))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value ?? '')]),
  );
}
