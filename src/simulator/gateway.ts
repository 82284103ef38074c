import { type Quota, scaled, type WindowState } from './rate-windows.js';
import { json, text } from './reply.js';
import type { Reply } from './types.js';

/**
 * Answers and headers of the OneAPI gateway itself, before or around a service's answer (research §1.4, §2.2,
 * §3.1, and the seed's OneAPI and ZPA tables).
 */

/** Gateway build, as `x-oneapi-version` reports it. */
const ONEAPI_VERSION = '111.1.54';
/** The regional backend named in `x-oneapi-host`. */
const ONEAPI_HOST = 'https://apiusw2.zsapi.net';

export function gatewayHeaders(requestId: string): Record<string, string> {
  return {
    'x-oneapi-request-id': requestId,
    'x-oneapi-version': ONEAPI_VERSION,
    'x-oneapi-host': ONEAPI_HOST,
    server: 'Zscaler',
  };
}

/** 401 without a valid, unexpired bearer token; captured with no `x-ratelimit-*` headers. */
export const UNAUTHORIZED: Reply = json(
  401,
  { detail: 'unauthorized', type: '', title: '', status: '' },
  { 'x-oneapi-api-category': 'public' },
);

/** 404 for a route the gateway does not know: captured as plain text under a JSON content type. */
export const ROUTE_NOT_FOUND: Reply = text(404, '404 Not Found', 'application/json');

/** 413 over the size limit: the gateway (Envoy) answers before any service sees the request. */
export const PAYLOAD_TOO_LARGE: Reply = text(413, 'Payload Too Large', 'text/plain');

/** 503 from the fault switch: the body and `Retry-After: 10s` of the seed's example. */
export const SERVICE_UNAVAILABLE: Reply = json(
  503,
  {
    id: 'retryable.server.error',
    reason: 'An error occurred. Refer to the Retry-After header, and then try again.',
  },
  { 'Retry-After': '10s' },
);

/** 504 from the fault switch: the gateway's upstream timeout (Envoy's own plain-text answer). */
export const GATEWAY_TIMEOUT: Reply = text(504, 'upstream request timeout', 'text/plain');

/** `x-ratelimit-limit: 5000, 5000;w=60` style: the effective limit, then each quota with its window. */
export function rateLimitHeaders(
  quotas: readonly Quota[],
  scale: number,
  state: WindowState,
): Record<string, string> {
  const policies = quotas.map((quota) => scaled(quota, scale));
  return {
    'x-ratelimit-limit': [
      String(policies[0]?.limit ?? 0),
      ...policies.map((q) => `${q.limit};w=${q.seconds}`),
    ].join(', '),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.resetSeconds),
  };
}
