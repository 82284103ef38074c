/**
 * zscalerInstrumentations(): the undici instrumentation (built-in fetch, the undici package) and the http one
 * (node:http/https: axios, got, node-fetch), with response hooks that hand a Zscaler span's status, the
 * catalogue's headers and its error body to the processor's exchange. For any other span the hooks stop at one
 * WeakMap lookup and read nothing (no header, no body). With `tracesOnlyZscaler`, other requests get no span.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation, type HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import {
  UndiciInstrumentation,
  type UndiciInstrumentationConfig,
} from '@opentelemetry/instrumentation-undici';
import { createHostClassifier, type HostClassifier } from '../catalog/index.js';
import { type CatalogueHeaders, isCatalogueHeader, rawCatalogueHeaders } from './catalogue-headers.js';
import { exchangeOf } from './exchange.js';
import { tapResponseBody } from './http-tap.js';
import { resolveOptions, type ZscalerAgentOptions } from './options.js';
import { hostOfUrl } from './span-request.js';
import { captureUndiciBody, prepareUndiciBodies } from './undici-body.js';

export function zscalerInstrumentations(options: ZscalerAgentOptions = {}): Instrumentation[] {
  const resolved = resolveOptions(options);
  prepareUndiciBodies(resolved.captureErrorBodies);
  // Warnings about extraHosts come from the processor's classifier; this one only decides what to trace.
  const onlyZscaler = resolved.tracesOnlyZscaler
    ? createHostClassifier({ extraHosts: resolved.extraHosts })
    : undefined;
  const instrumentations: Instrumentation[] = [new UndiciInstrumentation(undiciConfig(onlyZscaler))];
  if (resolved.instrumentHttp) instrumentations.push(new HttpInstrumentation(httpConfig(onlyZscaler)));
  return instrumentations;
}

function undiciConfig(onlyZscaler: HostClassifier | undefined): UndiciInstrumentationConfig {
  return {
    ...(onlyZscaler && {
      ignoreRequestHook: (request) =>
        onlyZscaler.classify(hostOfUrl(request.origin) ?? '', request.path) === undefined,
    }),
    responseHook: (span, { request, response }) => {
      const exchange = exchangeOf(span);
      if (exchange === undefined) return;
      const capture = exchange.respond(response.statusCode, rawCatalogueHeaders(response.headers));
      if (capture !== undefined) captureUndiciBody(request, capture);
    },
  };
}

function httpConfig(onlyZscaler: HostClassifier | undefined): HttpInstrumentationConfig {
  return {
    ...(onlyZscaler && {
      disableIncomingRequestInstrumentation: true,
      ignoreOutgoingRequestHook: (request) =>
        onlyZscaler.classify(requestHost(request.hostname ?? request.host), request.path ?? '/') ===
        undefined,
    }),
    // Also called for server spans, which never have an exchange.
    responseHook: (span, response) => {
      const exchange = exchangeOf(span);
      if (exchange === undefined) return;
      const message = response as IncomingMessage;
      const capture = exchange.respond(message.statusCode ?? 0, httpHeaders(message.headers));
      if (capture !== undefined) tapResponseBody(message, capture);
    },
  };
}

/**
 * Node's parsed headers (already lower-case; repeated ones joined or, for a few, arrays), copied now: clients
 * edit them later (axios deletes content-encoding once it has decompressed the body).
 */
function httpHeaders(parsed: IncomingHttpHeaders): CatalogueHeaders {
  const headers = new Map<string, string>();
  for (const name in parsed) {
    if (!isCatalogueHeader(name)) continue;
    const value = parsed[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers.set(name, first);
  }
  return headers;
}

/** `host` of http RequestOptions may carry a port. */
function requestHost(host: string | null | undefined): string {
  if (typeof host !== 'string') return 'localhost';
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.indexOf(':');
  return colon === -1 || host.indexOf(':', colon + 1) !== -1 ? host : host.slice(0, colon);
}
