/**
 * node:http/https clients (axios, got, node-fetch, needle, …), from Node's own channels, whichever
 * instrumentation made the span: `http.client.request.created` pairs the request with the span that was active
 * when Node created it (instrumentations start theirs just before, and make it active around the call), else
 * by turn and host; `http.client.response.finish` gives the status and headers when the response head has
 * arrived, before the app's 'response' listener runs. Error-body bytes come from a per-response wrapper of
 * `push`, through which Node's HTTP parser hands over every body chunk: it copies what the capture wants and
 * passes each call on unchanged, so the stream's flow, the bytes and their timing stay the app's (no 'data'
 * listener, no resume). For a request without a Zscaler span, each message costs one WeakMap lookup.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import type { BodyCapture } from '../body-capture.js';
import { parsedCatalogueHeaders } from '../catalogue-headers.js';
import { exchangeOf, recordOf, releaseRequest } from '../exchange.js';
import { pairCreated } from '../request-pairing.js';

let enabled = false;

export function enableHttpTap(): void {
  enabled = true;
}

/** `host` of a ClientRequest is the host name it was given, without port (IPv6 possibly in brackets). */
export function httpRequestSentTo(request: object, host: string): boolean {
  const given = (request as { host?: unknown }).host;
  if (typeof given !== 'string') return false;
  if (given === host) return true;
  const bare = given.startsWith('[') ? given.slice(1, given.indexOf(']')) : given;
  return bare.toLowerCase() === host;
}

// Subscribers must never throw: an exception here would surface in the app.
function onCreated(message: unknown): void {
  if (!enabled) return;
  const request = (message as { request?: unknown } | null)?.request;
  if (typeof request !== 'object' || request === null) return;
  const span = trace.getSpan(context.active());
  const exchange = span === undefined ? undefined : exchangeOf(span);
  // A Zscaler span active for another host is a parent of this request, not its span.
  const active = exchange !== undefined && httpRequestSentTo(request, exchange.host) ? exchange : undefined;
  pairCreated(request, httpRequestSentTo, active);
}

function onResponse(message: unknown): void {
  const { request, response } = (message ?? {}) as { request?: unknown; response?: unknown };
  if (typeof request !== 'object' || request === null) return;
  const record = recordOf(request);
  if (record === undefined || typeof response !== 'object' || response === null) return;
  // The body comes through the response's own tap: the request's channels have nothing more to say.
  releaseRequest(request);
  const incoming = response as IncomingMessage;
  const headers = typeof incoming.headers === 'object' && incoming.headers !== null ? incoming.headers : {};
  const capture = record.respond(incoming.statusCode ?? 0, parsedCatalogueHeaders(headers));
  if (capture !== undefined) tapBody(incoming, capture);
}

function tapBody(response: IncomingMessage, capture: BodyCapture): void {
  const push = response.push;
  if (typeof push !== 'function') return;
  const tap: typeof push = function (this: IncomingMessage, chunk, encoding) {
    if (chunk instanceof Uint8Array) capture.add(chunk);
    else if (chunk === null) capture.end();
    return push.call(this, chunk, encoding);
  };
  response.push = tap;
  capture.attach(() => {
    if (response.push === tap) response.push = push;
  });
}

diagnosticsChannel.subscribe('http.client.request.created', onCreated);
diagnosticsChannel.subscribe('http.client.response.finish', onResponse);
