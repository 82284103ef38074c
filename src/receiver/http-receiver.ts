/**
 * OTLP/HTTP (https://opentelemetry.io/docs/specs/otlp/#otlphttp): POST /v1/traces, /v1/metrics and /v1/logs
 * in `application/x-protobuf` or `application/json`, gzip-compressed or not. Success is 200 with an empty
 * Export*ServiceResponse in the request's content type; a refusal is 400 or 413 with a google.rpc.Status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
import { encodeRpcStatus } from './rpc-status.js';
import type { Encoding, Signal } from './store.js';

const SIGNALS: Readonly<Record<string, Signal>> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};
const CONTENT_TYPES: Readonly<Record<Encoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};
/** A request must arrive completely within this time, so slow senders cannot hold the receiver. */
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_CONNECTIONS = 256;

export function createOtlpHttpServer(context: ExchangeContext): Server {
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, (request, response) => {
    handle(context, request, response).catch((error: unknown) => {
      answerText(response, 500, `receiver error: ${String(error)}`);
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}

async function handle(
  context: ExchangeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const signal = SIGNALS[(request.url ?? '/').split('?', 1)[0] ?? '/'];
  if (signal === undefined) return drainThen(request, () => answerText(response, 404, 'not an OTLP path'));
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return drainThen(request, () => answerText(response, 405, 'OTLP takes POST'));
  }
  const encoding = encodingOf(request.headers['content-type']);
  const contentEncoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const routed: RoutedRequest = {
    signal,
    transport: 'http',
    ...(encoding === undefined ? {} : { encoding }),
    compressed: contentEncoding === 'gzip',
    headers: flatHeaders(request),
  };
  if (encoding === undefined || (contentEncoding !== 'gzip' && contentEncoding !== 'identity')) {
    const message =
      'Content-Type must be application/x-protobuf or application/json, Content-Encoding gzip or none';
    context.store.record({ ...routed, status: 415, items: 0, error: message });
    return drainThen(request, () => answerText(response, 415, message));
  }
  const outcome = await read(context, request, { ...routed, encoding });
  if (outcome.kind === 'fault' && outcome.fault === 'hang') {
    record(context.store, routed, outcome, undefined);
    return;
  }
  const status = statusOf(outcome);
  record(context.store, routed, outcome, status);
  if (outcome.kind === 'accepted') {
    answer(response, 200, encoding, encoding === 'json' ? Buffer.from('{}') : Buffer.alloc(0));
    return;
  }
  const [code, message] = grpcStatusOf(outcome);
  // The rest of an oversize body is not wanted: close the connection after answering.
  if (status === 413) response.setHeader('connection', 'close');
  answer(response, status, encoding, encodeRpcStatus(code, message, encoding));
}

function statusOf(outcome: Outcome): number {
  if (outcome.kind === 'accepted') return 200;
  if (outcome.kind === 'refused') return outcome.reason === 'invalid' ? 400 : 413;
  return outcome.fault === 'unavailable' ? 503 : 500;
}

/** Reads the body (unless its declared length is already too much) and decides the answer. */
async function read(
  context: ExchangeContext,
  request: IncomingMessage,
  routed: RoutedRequest & { readonly encoding: Encoding },
): Promise<Outcome> {
  if (Number(request.headers['content-length'] ?? 0) > context.maxBodyBytes) {
    request.resume();
    return tooLarge(context.maxBodyBytes);
  }
  const body = await readBody(request, context.maxBodyBytes);
  return body === undefined ? tooLarge(context.maxBodyBytes) : evaluate(context, routed, body);
}

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === CONTENT_TYPES.protobuf) return 'protobuf';
  if (mediaType === CONTENT_TYPES.json) return 'json';
  return undefined;
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
}

/** Answers once the request body is consumed (discarded), so the sender is never cut off mid-send. */
function drainThen(request: IncomingMessage, then: () => void): void {
  request.resume();
  if (request.readableEnded) then();
  else request.once('end', then);
}

function answer(response: ServerResponse, status: number, encoding: Encoding, body: Buffer): void {
  response.writeHead(status, { 'content-type': CONTENT_TYPES[encoding], 'content-length': body.length });
  response.end(body);
}

function answerText(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}
