/** The Zscaler services the simulator answers for (ZTW is Cloud & Branch Connector, ZIAM is ZIdentity). */
export type ServiceName = 'zia' | 'zpa' | 'zcc' | 'ztw' | 'zdx' | 'ziam';

export const SERVICE_NAMES: readonly ServiceName[] = ['zia', 'zpa', 'zcc', 'ztw', 'zdx', 'ziam'];

/** Whether a request came through the OneAPI gateway or to a service's own (legacy) host. */
export type Surface = 'oneapi' | 'legacy';

/** Milliseconds since the epoch; injectable so tests can drive token expiry and rate-limit windows. */
export interface Clock {
  now(): number;
}

/** A response before encoding: the server adds the common headers and gzip. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** undefined: no body (204, or an empty error body as Zscaler sometimes sends). */
  readonly body?: string;
}

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };
