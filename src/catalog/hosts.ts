/**
 * Zscaler host families (research/zscaler-api.md §1.1 and §1.3; CONTRACT.md "Which requests are Zscaler
 * requests") → what a host says about a request.
 *
 * A host is matched on whole DNS labels: its last two labels (e.g. `zsapi.net`, `zscalertwo.net`) pick the
 * family through a few comparisons and Set/Map lookups — no list of patterns is scanned — and the family then
 * checks the labels in front. So look-alikes such as `zsapi.net.evil.test` or `evil-zsapi.net` never match, and the generic families
 * (`connector.<cloud>.net`, `mobile*.<cloud>.net`) match only the ZIA cloud domains named below.
 *
 * Cloud names (`zscaler.cloud`), per family:
 * - OneAPI gateway and ZIdentity: the SDKs' `ZSCALER_CLOUD` — `production` for `api.zsapi.net` and
 *   `<vanity>.zslogin.net`, `<x>` for `api.<x>.zsapi.net` and `zslogin<x>.net` (e.g. `beta`), `gov` / `govus`
 *   for the `.net` / `.us` government hosts.
 * - Legacy ZIA, Client Connector, Cloud & Branch Connector: the ZIA cloud, as the SDKs' `ZIA_CLOUD` names it
 *   (the domain label: `zscalertwo`, `zscloud`, …, `zspreview`).
 * - Legacy ZPA: the SDKs' `ZPA_CLOUD` in lower case (`production`, `zpatwo`, `beta`, `gov`, `govus`, `preview`);
 *   another `config.zpa<x>.net` gives its domain label.
 * - ZDX: the ZDX cloud domain label (`zdxcloud`, `zdxbeta`, …). Workflow Automation and AI Guard: `<x>` of
 *   `api.<x>.zsworkflow.net` / `api.<x>.zseclipse.net` (e.g. `us1`). Zero Trust Branch: none.
 */
import type { ZscalerTarget } from './types.js';

/** What a host says: a fixed target, or (the OneAPI gateway) a cloud whose service comes from the path. */
export type HostMatch =
  | { readonly kind: 'fixed'; readonly target: ZscalerTarget }
  | { readonly kind: 'by-path'; readonly cloud?: string };

/**
 * ZIA clouds: GO `zscaler/zia/v2_config.go`, PY `zscaler/zia/legacy.py` (l.174–206); the same eight domains
 * are the ZIA cloud list of Zscaler's hub-IP Terraform module. Client Connector and Cloud & Branch Connector
 * live on the same cloud domains (GO `zcc/v2_config.go` l.144, `ztw/v2_config.go` l.178).
 */
export const ZIA_CLOUDS: ReadonlySet<string> = new Set([
  'zscaler',
  'zscalerone',
  'zscalertwo',
  'zscalerthree',
  'zscloud',
  'zscalerbeta',
  'zscalergov',
  'zscalerten',
]);

/** `<first label>.<ZIA cloud>.net` → service. */
const ZIA_CLOUD_HOSTS: ReadonlyMap<string, string> = new Map([
  ['zsapi', 'zia'], // legacy ZIA API (GO zia/v2_config.go)
  ['admin', 'zia'], // older ZIA integrations' base URL (CrowdStrike/zscaler-FalconX-integration#40)
  ['csbapi', 'zia'], // ZIA Sandbox submission (GO oneapiconfig.go GetSandboxURL)
  ['scim', 'zia'], // ZIA SCIM (GO zia/v1_client_scim.go)
  ['api-mobile', 'zcc'], // Client Connector (GO zcc/v2_config.go l.144)
  ['connector', 'ztw'], // Cloud & Branch Connector (GO ztw/v2_config.go l.178)
]);

/** `mobile`, `mobile6`, …: Client Connector (PY zcc/legacy.py `mobile6.zscalerten.net`; DOC-ZCC `mobile.<cloud>.net`). */
const MOBILE_LABEL = /^mobile\d{0,3}$/;

/** ZPA config hosts by domain (GO `zscaler/zpa/v2_config.go`, PY `constants.ZPA_BASE_URLS`) → `ZPA_CLOUD`. */
const ZPA_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['private.zscaler.com', 'production'],
  ['zpatwo.net', 'zpatwo'],
  ['zpabeta.net', 'beta'],
  ['zpagov.net', 'gov'],
  ['zpagov.us', 'govus'],
  ['zpapreview.net', 'preview'],
]);
/** `config` is the API host, `scim1` the SCIM host (GO zpa/config_scim.go). */
const ZPA_HOST_LABELS: ReadonlySet<string> = new Set(['config', 'scim1']);

/** ZIdentity government domains (GO `oneapiclient.go` getAuthURL; `zidentitygovus.net` is the GO README's spelling). */
const ZIDENTITY_GOV_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['zidentitygov.net', 'gov'],
  ['zidentitygov.us', 'govus'],
  ['zidentitygovus.net', 'govus'],
]);

/** OneAPI government gateways (GO `oneAPIGovAPIBaseURLs`, PY `ONEAPI_GOV_API_BASE_URLS`). */
const GATEWAY_GOV_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['zscalergov.net', 'gov'],
  ['zscalergov.us', 'govus'],
]);

/** Per-product hosts with `api.<cloud>.<domain>` (or any subdomain) → service. */
const REGIONAL_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['zsworkflow.net', 'zwa'], // GO zwa/v2_config.go l.148: api.us1.zsworkflow.net
  ['zseclipse.net', 'aiguard'], // PY aiguard/legacy.py: api.us1.zseclipse.net
]);

const HOST_NAME = /^[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]{2,45}\]$/;
const MAX_HOST_LENGTH = 253;
/** A host name, a trailing dot and a `:port`. */
export const MAX_HOST_INPUT_LENGTH = MAX_HOST_LENGTH + 1 + 6;

/**
 * A host as written in a URL → lower case, without trailing dot or port; undefined if it is neither a DNS
 * name (which includes IPv4 addresses) nor a bracketed IPv6 literal.
 */
export function normaliseHost(host: string): string | undefined {
  if (host.length === 0 || host.length > MAX_HOST_INPUT_LENGTH) return undefined;
  let name = host.toLowerCase();
  if (name.startsWith('[')) {
    const literal = name.slice(0, name.indexOf(']') + 1);
    return IPV6_LITERAL.test(literal) ? literal : undefined;
  }
  const colon = name.indexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name.length <= MAX_HOST_LENGTH && HOST_NAME.test(name) ? name : undefined;
}

/** The Zscaler family of a normalised host name (see normaliseHost), or undefined. */
export function matchZscalerHost(name: string): HostMatch | undefined {
  const labels = name.split('.');
  const count = labels.length;
  if (count < 2) return undefined;
  const tld = labels[count - 1] as string;
  const second = labels[count - 2] as string;
  const domain = `${second}.${tld}`;
  const first = labels[0] as string;

  // OneAPI gateway: api.zsapi.net, api.<x>.zsapi.net, api.zscalergov.net|.us (research §1.1).
  if (domain === 'zsapi.net' && first === 'api') {
    if (count === 3) return { kind: 'by-path', cloud: 'production' };
    if (count === 4) return { kind: 'by-path', cloud: labels[1] as string };
    return undefined;
  }
  const govGateway = GATEWAY_GOV_DOMAINS.get(domain);
  if (govGateway !== undefined && count === 3 && first === 'api')
    return { kind: 'by-path', cloud: govGateway };

  // ZIdentity: <vanity>.zslogin<x>.net (OAuth token), <vanity>-admin.zslogin<x>.net (admin API), gov domains.
  if (count >= 3 && tld === 'net' && second.startsWith('zslogin')) {
    return identity(second.length === 'zslogin'.length ? 'production' : second.slice('zslogin'.length));
  }
  const identityGov = ZIDENTITY_GOV_DOMAINS.get(domain);
  if (identityGov !== undefined && count >= 3) return identity(identityGov);

  // Legacy per-product hosts on a ZIA cloud: zsapi., api-mobile., mobile*., connector. <cloud>.net.
  if (count === 3 && tld === 'net' && ZIA_CLOUDS.has(second)) {
    const service = ZIA_CLOUD_HOSTS.get(first) ?? (MOBILE_LABEL.test(first) ? 'zcc' : undefined);
    return service === undefined ? undefined : legacy(service, second);
  }
  if (name === 'admin.zspreview.net') return legacy('zia', 'zspreview');

  // Legacy ZPA: config.private.zscaler.com, config.zpa<x>.net|.us (and their scim1. hosts).
  if (ZPA_HOST_LABELS.has(first)) {
    const cloud = ZPA_DOMAINS.get(name.slice(first.length + 1));
    if (cloud !== undefined) return legacy('zpa', cloud);
    const otherZpaCloud = count === 3 && second.startsWith('zpa') && (tld === 'net' || tld === 'us');
    return otherZpaCloud ? legacy('zpa', second) : undefined;
  }

  // ZDX: api.zdxcloud.net, api.<zdx cloud>.net (GO zdx/v2_config.go l.149–152).
  if (count === 3 && first === 'api' && tld === 'net' && second.startsWith('zdx'))
    return legacy('zdx', second);

  const regional = REGIONAL_DOMAINS.get(domain);
  if (regional !== undefined && count >= 3) {
    return legacy(regional, count === 4 && first === 'api' ? labels[1] : undefined);
  }
  // Zero Trust Branch: <cloud>.goairgap.com (PY ztb/legacy.py).
  if (domain === 'goairgap.com' && count >= 3) return legacy('ztb', undefined);
  return undefined;
}

function identity(cloud: string): HostMatch {
  return { kind: 'fixed', target: { service: 'zidentity', api: 'oneapi', cloud } };
}

function legacy(service: string, cloud: string | undefined): HostMatch {
  const target: ZscalerTarget =
    cloud === undefined ? { service, api: 'legacy' } : { service, api: 'legacy', cloud };
  return { kind: 'fixed', target };
}
