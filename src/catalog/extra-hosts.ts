/**
 * `ZSCALER_OTEL_EXTRA_HOSTS` (CONTRACT.md): hosts users add — API gateways, proxies, test doubles.
 *
 *   ZSCALER_OTEL_EXTRA_HOSTS=zscaler-proxy.corp.example=zia,*.zpa.internal=zpa,127.0.0.1
 *
 * Entries are separated by commas. An entry is an exact host (`proxy.example`, `127.0.0.1`, `[::1]`) or a
 * `*.`-suffix (`*.example` matches `a.example` and `a.b.example`, not `example` itself), optionally followed by
 * `=service`. With a service the host is that service's own host (`zscaler.api` `legacy`); without one it is
 * treated like the OneAPI gateway: the service comes from the first path segment (`/zia/…` → `zia`), else
 * `oneapi`, and `zscaler.api` is `oneapi`. Case and a trailing dot do not matter. A bad entry is skipped and
 * reported once, with the reason; the others still apply. An exact host wins over a suffix, a longer suffix
 * over a shorter one; for a host given twice the first entry wins.
 */
import type { HostMatch } from './hosts.js';
import { normaliseHost } from './hosts.js';

export interface ExtraHosts {
  readonly exact: ReadonlyMap<string, HostMatch>;
  /** Suffix without the leading `*.` → match. */
  readonly suffixes: ReadonlyMap<string, HostMatch>;
}

const MAX_ENTRIES = 256;
const SERVICE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const GATEWAY_LIKE: HostMatch = { kind: 'by-path' };
const VARIABLE = 'ZSCALER_OTEL_EXTRA_HOSTS';

export function parseExtraHosts(spec: string, report: (message: string) => void): ExtraHosts {
  const exact = new Map<string, HostMatch>();
  const suffixes = new Map<string, HostMatch>();
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length > MAX_ENTRIES) {
    report(`${VARIABLE}: ${entries.length} entries, only the first ${MAX_ENTRIES} are used`);
  }
  for (const entry of entries.slice(0, MAX_ENTRIES)) {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') {
      report(`${VARIABLE}: entry ${quote(entry)} ignored: ${parsed}`);
      continue;
    }
    const table = parsed.suffix ? suffixes : exact;
    const earlier = table.get(parsed.host);
    if (earlier === undefined) table.set(parsed.host, parsed.match);
    else if (serviceOf(earlier) !== serviceOf(parsed.match)) {
      report(`${VARIABLE}: entry ${quote(entry)} ignored: ${quote(parsed.host)} was already given a service`);
    }
  }
  return { exact, suffixes };
}

/** The match of a normalised host, exact first, then the longest suffix. */
export function matchExtraHost(extra: ExtraHosts, name: string): HostMatch | undefined {
  const exact = extra.exact.get(name);
  if (exact !== undefined || extra.suffixes.size === 0) return exact;
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
    const match = extra.suffixes.get(name.slice(dot + 1));
    if (match !== undefined) return match;
  }
  return undefined;
}

interface Entry {
  readonly host: string;
  readonly suffix: boolean;
  readonly match: HostMatch;
}

/** An entry, or why it is bad. */
function parseEntry(entry: string): Entry | string {
  const parts = entry.split('=');
  if (parts.length > 2) return "more than one '='";
  const rawHost = (parts[0] as string).trim();
  const rawService = parts[1]?.trim().toLowerCase();
  if (rawHost.length === 0) return 'the host is empty (expected host=service or *.suffix=service)';
  if (rawHost.includes('/')) return 'give a host name, not a URL (e.g. "api.example.com")';
  const suffix = rawHost.startsWith('*.');
  const hostPart = suffix ? rawHost.slice(2) : rawHost;
  if (hostPart.includes('*')) return `'*' is only allowed as a leading "*." (e.g. "*.example.com")`;
  if (/^[^[]*:/.test(hostPart)) return 'a port is not part of a host; leave it out';
  const host = normaliseHost(hostPart);
  if (host === undefined) return `${quote(hostPart)} is not a host name (letters, digits, '-', '_' and '.')`;
  if (rawService === undefined) return { host, suffix, match: GATEWAY_LIKE };
  if (!SERVICE_NAME.test(rawService)) {
    return `service ${quote(rawService)} is not a service name (a letter, then letters, digits, '-' or '_'; at most 32)`;
  }
  if (rawService === 'oneapi') return { host, suffix, match: GATEWAY_LIKE };
  return { host, suffix, match: { kind: 'fixed', target: { service: rawService, api: 'legacy' } } };
}

function serviceOf(match: HostMatch): string | undefined {
  return match.kind === 'fixed' ? match.target.service : undefined;
}

/** A bounded, quoted copy of user input for messages. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
