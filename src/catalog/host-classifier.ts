/**
 * Which requests are Zscaler requests: one Map lookup per host in a bounded cache, keyed by the host exactly
 * as given, so a repeated host costs no normalisation and no matching. Misses (most hosts are not Zscaler's)
 * are cached too. When the cache is full the oldest entry goes (insertion order: a cheap FIFO, which for a
 * service's small, stable set of hosts behaves like an LRU).
 */
import { matchExtraHost, parseExtraHosts } from './extra-hosts.js';
import { serviceFromGatewayPath } from './gateway-paths.js';
import { type HostMatch, MAX_HOST_INPUT_LENGTH, matchZscalerHost, normaliseHost } from './hosts.js';
import type { ZscalerTarget } from './types.js';

export interface HostClassifierOptions {
  /** `ZSCALER_OTEL_EXTRA_HOSTS`: `host=service,*.suffix=service` (`=service` optional). */
  readonly extraHosts?: string;
  /** Bound of the per-host cache (default 1024, at most 1 000 000). */
  readonly cacheSize?: number;
  /** Called once per bad entry of extraHosts with a clear message; never throws. */
  readonly onConfigError?: (message: string) => void;
}

export interface HostClassifier {
  /** undefined: not a Zscaler request. `host` as in a URL (any case, optional trailing dot, no port). */
  classify(host: string, path: string): ZscalerTarget | undefined;
}

export const DEFAULT_HOST_CACHE_SIZE = 1024;
const MAX_HOST_CACHE_SIZE = 1_000_000;

/** A cached host: not Zscaler's (null), a fixed target, or a gateway whose targets are built once per service. */
type CachedHost = null | ZscalerTarget | GatewayHost;

class GatewayHost {
  private readonly targets = new Map<string, ZscalerTarget>();
  constructor(private readonly cloud: string | undefined) {}

  target(path: string): ZscalerTarget {
    const service = serviceFromGatewayPath(path);
    let target = this.targets.get(service);
    if (target === undefined) {
      target =
        this.cloud === undefined ? { service, api: 'oneapi' } : { service, api: 'oneapi', cloud: this.cloud };
      // Bounded by the gateway prefixes plus `oneapi`.
      this.targets.set(service, target);
    }
    return target;
  }
}

export function createHostClassifier(options: HostClassifierOptions = {}): HostClassifier {
  const spec = typeof options.extraHosts === 'string' ? options.extraHosts : '';
  const extra = parseExtraHosts(spec, onceEach(options.onConfigError));
  const capacity = cacheCapacity(options.cacheSize);
  const cache = new Map<string, CachedHost>();

  const lookUp = (host: string): CachedHost => {
    const name = normaliseHost(host);
    if (name === undefined) return null;
    const match = matchExtraHost(extra, name) ?? matchZscalerHost(name);
    return toCached(match);
  };

  return {
    classify(host: string, path: string): ZscalerTarget | undefined {
      if (typeof host !== 'string') return undefined;
      let cached = cache.get(host);
      if (cached === undefined) {
        cached = lookUp(host);
        // Longer input is no host name: not cached, so the cache's memory stays bounded too.
        if (host.length <= MAX_HOST_INPUT_LENGTH) {
          if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
          cache.set(host, cached);
        }
      }
      if (cached === null) return undefined;
      return cached instanceof GatewayHost ? cached.target(typeof path === 'string' ? path : '') : cached;
    },
  };
}

function toCached(match: HostMatch | undefined): CachedHost {
  if (match === undefined) return null;
  return match.kind === 'fixed' ? match.target : new GatewayHost(match.cloud);
}

function cacheCapacity(size: number | undefined): number {
  if (size === undefined || !Number.isFinite(size) || size < 1) return DEFAULT_HOST_CACHE_SIZE;
  return Math.min(Math.floor(size), MAX_HOST_CACHE_SIZE);
}

/** Reports each distinct message once; a throwing callback never reaches the caller. */
function onceEach(report: ((message: string) => void) | undefined): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (report === undefined || seen.has(message)) return;
    seen.add(message);
    try {
      report(message);
    } catch {
      // A configuration report is advisory; the classifier works without it.
    }
  };
}
