/**
 * Behind the OneAPI gateway the first path segment names the service (research/zscaler-api.md §1.2: the
 * prefixes of the GO and PY SDKs' service modules; PY `request_executor.get_service_type` l.192). A path that
 * names none of them is the gateway's own: service `oneapi`.
 */

/** First path segment → `zscaler.service`. */
export const SERVICE_BY_PREFIX: ReadonlyMap<string, string> = new Map([
  ['zia', 'zia'], // /zia/api/v1/…
  ['zscsb', 'zia'], // ZIA Sandbox (GO detectServiceType, PY get_service_type)
  ['zpa', 'zpa'], // /zpa/mgmtconfig/v1/…, /zpa/userconfig/…, /zpa/cbiconfig/…
  ['zcc', 'zcc'], // /zcc/papi/public/v1/…
  ['ztw', 'ztw'], // /ztw/api/v1/…
  ['zdx', 'zdx'], // /zdx/v1/…
  ['ziam', 'zidentity'], // /ziam/admin/api/v1/… (PY zid/api_client.py)
  ['zwa', 'zwa'], // /zwa/dlp/v1/…
  ['zins', 'zins'], // Z-Insights GraphQL, /zins/graphql
  ['zms', 'zms'], // Microsegmentation GraphQL, /zms/graphql
  ['easm', 'easm'], // /easm/easm-ui/v1/…
  ['bi', 'bi'], // Business Insights, /bi/api/v1/…
  ['zcell', 'zcell'], // Zscaler Cellular, /zcell/config/api/v1/…
  ['ztb', 'ztb'], // Zero Trust Branch, /ztb/api/v2/…
  ['aiguard', 'aiguard'], // /aiguard/v1/…
  ['aisecurity', 'aisecurity'], // AI Red Teaming / AI-SPM (SKILL, secondary)
]);

export const GATEWAY_SERVICE = 'oneapi';

/** The longest prefix above is 10 characters; a longer first segment names no service. */
const MAX_PREFIX_LENGTH = 16;

/** `path` as in a request line (`/zia/api/v1/users?page=1`); any case, query and fragment ignored. */
export function serviceFromGatewayPath(path: string): string {
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === 0x2f /* / */) start++;
  let end = start;
  while (end < path.length && end - start <= MAX_PREFIX_LENGTH && !isSegmentEnd(path.charCodeAt(end))) end++;
  if (end === start || end - start > MAX_PREFIX_LENGTH) return GATEWAY_SERVICE;
  const segment = path.slice(start, end);
  // Paths are almost always lower case already: look up as given first.
  return SERVICE_BY_PREFIX.get(segment) ?? SERVICE_BY_PREFIX.get(segment.toLowerCase()) ?? GATEWAY_SERVICE;
}

/** `/`, `?`, `#`, `;` end a path segment (RFC 3986 §3.3). */
function isSegmentEnd(code: number): boolean {
  return code === 0x2f || code === 0x3f || code === 0x23 || code === 0x3b;
}
