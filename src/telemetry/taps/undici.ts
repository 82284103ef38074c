/**
 * Built-in fetch and the undici package, from the channels every undici publishes (Node's bundled one and the
 * npm package alike), whichever instrumentation made the span: `create` pairs the request with its span,
 * `headers` gives the status and headers, `trailers` / `error` end the response. Error-body bytes come from the
 * request's own `onData` (undici <= 7, Node 22's bundled 6.x and an app's older dispatcher included: the
 * `bodyChunkReceived` channel exists only from 7.11), or from that channel where `onData` is gone (undici 8).
 * Either way the app's dispatcher stays the app's choice. For a request without a Zscaler span, each message
 * costs one WeakMap lookup.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { BodyCapture } from '../body-capture.js';
import { rawCatalogueHeaders } from '../catalogue-headers.js';
import { recordOf } from '../exchange.js';
import { offerRequest } from '../request-pairing.js';
import { hostOfUrl } from '../span-request.js';

interface UndiciRequest {
  origin?: unknown;
  onData?: (chunk: Uint8Array) => unknown;
}

let enabled = false;
const channelCaptures = new WeakMap<object, BodyCapture>();

export function enableUndiciTap(): void {
  enabled = true;
}

function requestOf(message: unknown): UndiciRequest | undefined {
  const request = (message as { request?: unknown } | null)?.request;
  return typeof request === 'object' && request !== null ? request : undefined;
}

export function undiciRequestHost(request: object): string | undefined {
  const origin = (request as UndiciRequest).origin;
  return origin === undefined ? undefined : hostOfUrl(String(origin))?.toLowerCase();
}

// Subscribers must never throw: an exception here would surface in the app.
function onCreate(message: unknown): void {
  if (!enabled) return;
  const request = requestOf(message);
  if (request !== undefined) offerRequest(request, undiciRequestHost);
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
  const request = requestOf(message);
  if (request !== undefined) recordOf(request)?.endResponse(true);
}

function onError(message: unknown): void {
  const request = requestOf(message);
  if (request !== undefined) recordOf(request)?.endResponse(false);
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
  channelCaptures.set(request, capture);
  capture.attach(() => channelCaptures.delete(request));
}

diagnosticsChannel.subscribe('undici:request:create', onCreate);
diagnosticsChannel.subscribe('undici:request:headers', onHeaders);
diagnosticsChannel.subscribe('undici:request:bodyChunkReceived', onChunk);
diagnosticsChannel.subscribe('undici:request:trailers', onTrailers);
diagnosticsChannel.subscribe('undici:request:error', onError);
