/**
 * Built-in fetch and the undici package, from the channels every undici publishes (Node's bundled one and the
 * npm package alike), whichever instrumentation made the span: `create` pairs the request with its span,
 * `headers` gives the status and headers, `trailers` / `error` end the response. Error-body bytes come from the
 * request's own `onData` (undici <= 7, Node 22's bundled 6.x and an app's older dispatcher included: the
 * `bodyChunkReceived` channel exists only from 7.11), or from that channel where `onData` is gone (undici 8).
 * Either way the app's dispatcher stays the app's choice. For a request without a Zscaler span, each message
 * costs one WeakMap lookup. The chunk channel is subscribed only once a request without `onData` is seen:
 * undici publishes on it for every chunk of every request as soon as anyone listens.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { BodyCapture } from '../body-capture.js';
import { rawCatalogueHeaders } from '../catalogue-headers.js';
import { recordOf, releaseRequest } from '../exchange.js';
import { offerRequest } from '../request-pairing.js';
import { hostOfUrl } from '../span-request.js';

interface UndiciRequest {
  origin?: unknown;
  onData?: (chunk: Uint8Array) => unknown;
}

let enabled = false;
const channelCaptures = new WeakMap<object, BodyCapture>();
let chunksHeard = false;

export function enableUndiciTap(): void {
  enabled = true;
}

function requestOf(message: unknown): UndiciRequest | undefined {
  const request = (message as { request?: unknown } | null)?.request;
  return typeof request === 'object' && request !== null ? request : undefined;
}

/** `origin` is `scheme://host[:port]`, its host already lower case (undici takes it from a URL). */
export function undiciRequestSentTo(request: object, host: string): boolean {
  const origin = (request as UndiciRequest).origin;
  if (origin === undefined || origin === null) return false;
  const text = typeof origin === 'string' ? origin : String(origin);
  const start = text.indexOf('//') + 2;
  const end = start + host.length;
  if (start >= 2 && text.startsWith(host, start) && (end === text.length || text.charCodeAt(end) === 58)) {
    return true;
  }
  // Brackets (IPv6), upper case or userinfo: the slower, general way.
  return hostOfUrl(text)?.toLowerCase() === host;
}

// Subscribers must never throw: an exception here would surface in the app.
function onCreate(message: unknown): void {
  if (!enabled) return;
  const request = requestOf(message);
  if (request !== undefined) offerRequest(request, undiciRequestSentTo);
}

function onHeaders(message: unknown): void {
  const request = requestOf(message);
  const record = request && recordOf(request);
  if (request === undefined || record === undefined) return;
  const response = (message as { response?: { statusCode?: unknown; headers?: unknown } }).response;
  const status = response?.statusCode;
  if (typeof status !== 'number') return;
  const capture = record.respond(status, rawCatalogueHeaders(response?.headers));
  if (capture !== undefined) tapBody(request, capture);
}

function onTrailers(message: unknown): void {
  endResponse(message, true);
}

function onError(message: unknown): void {
  endResponse(message, false);
}

function endResponse(message: unknown, complete: boolean): void {
  const request = requestOf(message);
  const record = request && recordOf(request);
  if (request === undefined || record === undefined) return;
  record.endResponse(complete);
  releaseRequest(request);
}

function onChunk(message: unknown): void {
  const request = requestOf(message);
  const chunk = (message as { chunk?: unknown }).chunk;
  if (request !== undefined && chunk instanceof Uint8Array) channelCaptures.get(request)?.add(chunk);
}

/** A per-request wrapper of `onData`, which passes every call on unchanged; else the chunk channel. */
function tapBody(request: UndiciRequest, capture: BodyCapture): void {
  const onData = request.onData;
  if (typeof onData === 'function') {
    const tap = function (this: unknown, chunk: Uint8Array): unknown {
      if (chunk instanceof Uint8Array) capture.add(chunk);
      return onData.call(this, chunk);
    };
    request.onData = tap;
    capture.attach(() => {
      if (request.onData === tap) request.onData = onData;
    });
    return;
  }
  if (!chunksHeard) {
    chunksHeard = true;
    // undici asks for subscribers chunk by chunk: this request's body is heard from its first chunk.
    diagnosticsChannel.subscribe('undici:request:bodyChunkReceived', onChunk);
  }
  channelCaptures.set(request, capture);
  capture.attach(() => channelCaptures.delete(request));
}

diagnosticsChannel.subscribe('undici:request:create', onCreate);
diagnosticsChannel.subscribe('undici:request:headers', onHeaders);
diagnosticsChannel.subscribe('undici:request:trailers', onTrailers);
diagnosticsChannel.subscribe('undici:request:error', onError);
