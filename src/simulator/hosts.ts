import { isIP } from 'node:net';
import type { ServiceName } from './types.js';

/**
 * Which Zscaler host a request was addressed to, from its `Host` header. The host names are those of
 * research/zscaler-api.md §1.1 (OneAPI gateway, ZIdentity) and §1.3 (legacy per-product hosts); the simulator
 * keeps its own list so that it never depends on the agent's catalogue it is meant to test.
 */
export type HostRole =
  /** `api.zsapi.net`, `api.<cloud>.zsapi.net`, `api.zscalergov.net|.us`: service from the path. */
  | { readonly kind: 'oneapi' }
  /** `<vanity>.zslogin<cloud>.net`, `<vanity>.zidentitygov.net|.us`: the OAuth token endpoint. */
  | { readonly kind: 'identity'; readonly vanity: string }
  /** `<vanity>-admin.zslogin<cloud>.net`: the ZIdentity admin API as the Go SDK calls it. */
  | { readonly kind: 'identity-admin'; readonly vanity: string }
  /** A product's own pre-OneAPI host. */
  | { readonly kind: 'legacy'; readonly service: LegacyService; readonly host: string };

export type LegacyService = Extract<ServiceName, 'zia' | 'zpa' | 'zcc' | 'ztw'>;

const LABEL = '[a-z0-9-]+';
const ONEAPI = new RegExp(`^api\\.(?:${LABEL}\\.)?zsapi\\.net$|^api\\.zscalergov\\.(?:net|us)$`);
const IDENTITY_ADMIN = new RegExp(`^(${LABEL})-admin\\.zslogin[a-z0-9]*\\.net$`);
const IDENTITY = new RegExp(`^(${LABEL})\\.(?:zslogin[a-z0-9]*\\.net|zidentitygov\\.(?:net|us))$`);
const LEGACY: readonly (readonly [RegExp, LegacyService])[] = [
  [new RegExp(`^zsapi\\.${LABEL}\\.net$|^admin\\.zspreview\\.net$`), 'zia'],
  [/^config\.private\.zscaler\.com$|^config\.zpa[a-z0-9]*\.(?:net|us)$/, 'zpa'],
  [new RegExp(`^(?:api-mobile|mobile[0-9]*)\\.${LABEL}\\.net$`), 'zcc'],
  [new RegExp(`^connector\\.${LABEL}\\.net$`), 'ztw'],
];

/** The host name of a `Host` header: lower case, without port or trailing dot. */
export function hostName(hostHeader: string | undefined): string {
  const host = (hostHeader ?? '').trim().toLowerCase();
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** undefined: not a Zscaler host name (the server then answers as the OneAPI gateway). */
export function hostRole(name: string): HostRole | undefined {
  if (name.length > 253 || isIP(name) !== 0) return undefined;
  if (ONEAPI.test(name)) return { kind: 'oneapi' };
  const admin = IDENTITY_ADMIN.exec(name);
  if (admin?.[1] !== undefined) return { kind: 'identity-admin', vanity: admin[1] };
  const identity = IDENTITY.exec(name);
  if (identity?.[1] !== undefined) return { kind: 'identity', vanity: identity[1] };
  for (const [pattern, service] of LEGACY)
    if (pattern.test(name)) return { kind: 'legacy', service, host: name };
  return undefined;
}

export function isZscalerHostName(name: string): boolean {
  return hostRole(hostName(name)) !== undefined;
}
