/**
 * The catalogue's vocabulary. Everything here is plain data: the catalogue never imports OpenTelemetry.
 */

/** `zscaler.service` values: zia, zpa, zcc, ztw, zdx, zidentity, zwa, oneapi, … (users may add their own). */
export type ZscalerService = string;

/** Which request family answered: the OneAPI gateway (and ZIdentity) or a legacy per-product host. */
export type ZscalerApi = 'oneapi' | 'legacy';

/** What a request's host (and, behind the gateway, its path) says about it. */
export interface ZscalerTarget {
  readonly service: ZscalerService;
  readonly api: ZscalerApi;
  /** e.g. zscalertwo, zscloud, beta, gov, production; absent when the host names none. */
  readonly cloud?: string;
}

/** `zscaler.error.category` values (CONTRACT.md). */
export type ErrorCategory =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'maintenance'
  | 'not_found'
  | 'method_not_allowed'
  | 'timeout'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'server_error'
  | 'unavailable'
  | 'client_error';

/** A finished response as the telemetry layer saw it. */
export interface ResponseFacts {
  readonly target: ZscalerTarget;
  readonly status: number;
  /** Upper-case HTTP method, when known. */
  readonly method?: string;
  /** Response header by lower-case name (first value), undefined when absent. */
  readonly header: (lowerCaseName: string) => string | undefined;
  /** The captured error body: raw decoded bytes (possibly cut at the capture bound), absent when not captured. */
  readonly body?: Uint8Array;
  /** Time the response arrived, ms since the epoch (for HTTP-date Retry-After). Defaults to Date.now(). */
  readonly now?: number;
}

/** What the catalogue makes of a response. Every string is bounded in length. */
export interface Interpretation {
  /** `x-oneapi-request-id`. */
  readonly requestId?: string;
  /** From the error body: code, id, errorCode, title, msgId, OAuth error, GraphQL classification. */
  readonly errorId?: string;
  /** True when errorId is one the catalogue names (safe as a metric attribute); else metrics use `_OTHER`. */
  readonly errorIdKnown: boolean;
  /** From the error body, at most 512 characters. */
  readonly reason?: string;
  /** Present when status >= 400. */
  readonly category?: ErrorCategory;
  /** Present when status >= 400. */
  readonly retryable?: boolean;
  /** Seconds, from any Retry-After signal (headers or ZIA/ZTW body key). */
  readonly retryAfter?: number;
  readonly rateLimitRemaining?: number;
  /** Seconds remaining in the rate-limit window. */
  readonly rateLimitReset?: number;
  /** For an error: the seed's description of this status for this service (else OneAPI's, else the reason phrase). */
  readonly description?: string;
}
