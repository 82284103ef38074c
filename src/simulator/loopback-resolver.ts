import dns, { type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { isZscalerHostName } from './hosts.js';

/**
 * Makes Zscaler host names resolve to the simulator, inside this process, without touching any HTTP client:
 * `net` and `tls` (hence node:http/https, axios, built-in fetch and the undici package) resolve names through
 * `dns.lookup` unless given their own `lookup`, so answering there reaches them all.
 *
 * Only names the simulator serves are redirected (OneAPI, ZIdentity and the legacy ZIA, ZPA, ZCC and ZTW
 * hosts); every other name, `localhost` and IP literals go to the real resolver, so an OTLP exporter or a
 * database in the same process keeps working. Pass `matches` to redirect more.
 */
export interface LoopbackResolverOptions {
  /** The names to redirect; default: the Zscaler host names of the simulator. */
  readonly matches?: (hostname: string) => boolean;
  /** Where they go; default 127.0.0.1 (family 4 is answered whatever family is asked for). */
  readonly address?: string;
}

export interface LoopbackResolver {
  /** Puts the previous `dns.lookup` and `dns.promises.lookup` back (if nobody replaced them since). */
  restore(): void;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export function installLoopbackResolver(options: LoopbackResolverOptions = {}): LoopbackResolver {
  const address = options.address ?? '127.0.0.1';
  const family = isIP(address);
  if (family === 0)
    throw new TypeError(`installLoopbackResolver: address must be an IP address, got "${address}"`);
  const matches = options.matches ?? isZscalerHostName;
  const redirects = (hostname: unknown): hostname is string =>
    typeof hostname === 'string' &&
    isIP(hostname) === 0 &&
    hostname.toLowerCase() !== 'localhost' &&
    matches(hostname);
  const wantsAll = (lookupOptions: unknown): boolean =>
    typeof lookupOptions === 'object' &&
    lookupOptions !== null &&
    (lookupOptions as { all?: unknown }).all === true;

  const originalLookup = dns.lookup;
  const originalPromiseLookup = dns.promises.lookup;

  // The promises form: lookup(hostname[, options]) → { address, family } or, with all: true, an array.
  function promiseLookup(
    hostname: string,
    lookupOptions?: unknown,
  ): Promise<LookupAddress | LookupAddress[]> {
    if (!redirects(hostname))
      return Reflect.apply(originalPromiseLookup, dns.promises, [hostname, lookupOptions]);
    return Promise.resolve(wantsAll(lookupOptions) ? [{ address, family }] : { address, family });
  }

  // The callback form: lookup(hostname, callback), (hostname, family, callback), (hostname, options, callback).
  function lookup(hostname: string, ...rest: unknown[]): void {
    const callback = rest.at(-1);
    if (!redirects(hostname) || typeof callback !== 'function') {
      Reflect.apply(originalLookup, dns, [hostname, ...rest]);
      return;
    }
    const all = rest.length > 1 && wantsAll(rest[0]);
    const done = callback as LookupCallback;
    process.nextTick(() => (all ? done(null, [{ address, family }]) : done(null, address, family)));
  }
  // util.promisify(dns.lookup) must still resolve to { address, family }, as with the real one.
  Object.defineProperty(lookup, promisify.custom, { value: promiseLookup });

  dns.lookup = lookup as unknown as typeof dns.lookup;
  dns.promises.lookup = promiseLookup as typeof dns.promises.lookup;
  return {
    restore() {
      if (dns.lookup === (lookup as unknown)) dns.lookup = originalLookup;
      if (dns.promises.lookup === (promiseLookup as unknown)) dns.promises.lookup = originalPromiseLookup;
    },
  };
}
