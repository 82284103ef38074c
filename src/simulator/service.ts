import type { Quota, WindowState } from './rate-windows.js';
import type { Tenant } from './store.js';
import type { Json, Reply, ServiceName, Surface } from './types.js';

/** The request body as a service sees it: absent, JSON, or something that does not parse. */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: Json }
  | { readonly kind: 'malformed' };

/** A request that reached a service: authenticated, not faulted, within its rate limits. */
export interface ServiceRequest {
  readonly method: string;
  /** Path segments below the service prefix, decoded: `/zia/api/v1/users/7` and `/api/v1/users/7` → api,v1,users,7. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: RequestBody;
  readonly tenant: Tenant;
  readonly surface: Surface;
  readonly now: number;
}

/** One route of a service, as matched for one request. */
export interface Endpoint {
  /** Requests with the same scope share a rate-limit window; ZIA's limits are per endpoint. */
  readonly scope: string;
  /** A write that holds a lock while it runs (ZIA/ZTW tenant edit lock, ZPA policy set) and its 409. */
  readonly lock?: { readonly name: string; readonly conflict: Reply };
  /** A sign-out endpoint: exempt from limits, locks and maintenance; ends a legacy session. */
  readonly endsSession?: boolean;
  handle(request: ServiceRequest): Reply;
}

/** How a service limits one method: the quota, per endpoint (ZIA) or per tenant (ZPA, ZCC). */
export interface RateRule {
  readonly quota: Quota;
  readonly perEndpoint: boolean;
}

/** Everything service-specific: routes, limits and each documented behaviour in the service's own words. */
export interface ServiceModel {
  readonly name: ServiceName;
  /** The gateway's bucket for this service, reported as `x-ratelimit-*` (research §3.1), first quota counted. */
  readonly gatewayQuotas: readonly Quota[];
  /** ZIA and ZTW: writes refused with 403 `STATE_READONLY` during maintenance, and with 415 unless JSON. */
  readonly adminPortalWrites: boolean;
  /** The service's documented limits and its 429; absent where none is documented (ZDX, ZIdentity). */
  readonly rateLimit?: {
    rule(method: string): RateRule | undefined;
    tooManyRequests(quota: Quota, retryAfterSeconds: number): Reply;
  };
  match(method: string, segments: readonly string[]): Endpoint | undefined;
  /** Headers this service adds to every response (ZIA `x-zscaler-mode`, ZCC `X-Rate-Limit-Remaining`). */
  headers(context: {
    readonly maintenance: boolean;
    readonly window: WindowState | undefined;
  }): Record<string, string>;
}

export function isWrite(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'DELETE';
}
