/**
 * What the app does after Zscaler says wait (CONTRACT.md "Retries"): per route (host, method, URL path without
 * the query) the last error response or failure, so that the next request on that route can be told a repeat,
 * with its attempt, the wait it took and the wait Zscaler asked for. A success forgets the route; so does the
 * window (15 minutes). Bounded: at most MAX_ROUTES routes, the least recently failed forgotten first (to within
 * half the bound, see `failed`). Holds no credential, body or query string: the route key is host, method and
 * path, which the span carries anyway.
 */

/** CONTRACT.md: a repeat comes less than 15 minutes after the error. */
export const RETRY_WINDOW_MS = 15 * 60 * 1000;
/** Routes remembered at once; an automation job touches a few dozen. */
export const MAX_ROUTES = 1024;
/** CONTRACT.md: early means sent more than 0.1 s before the wait asked for had passed. */
const EARLY_MARGIN_SECONDS = 0.1;

export interface Repeat {
  readonly attempt: number;
  /** Seconds from the end of the previous error response (or failure) to the start of this request. */
  readonly waited: number;
  /** The Retry-After that previous response asked for, in seconds. */
  readonly asked: number | undefined;
  /** Only with `asked`. */
  readonly early: boolean | undefined;
}

interface LastError {
  /** ms, on the memory's clock. */
  endedAt: number;
  asked: number | undefined;
  /** The attempt of the request that got it: 0 when it was not a repeat. */
  attempt: number;
  /** The count of failures (of every route) when the route last took its place at the end of the order. */
  placed: number;
}

export class RetryMemory {
  /** In the order routes last took their place: the first one is forgotten first. */
  private readonly routes = new Map<string, LastError>();
  private failures = 0;

  constructor(private readonly maxRoutes = MAX_ROUTES) {}

  /** At a request's start: the repeat it is, or undefined (one map lookup). */
  repeatOf(route: string, startedAt: number): Repeat | undefined {
    const last = this.routes.get(route);
    if (last === undefined) return undefined;
    const waitedMs = startedAt - last.endedAt;
    if (waitedMs >= RETRY_WINDOW_MS) {
      this.routes.delete(route);
      return undefined;
    }
    // A request started before the error it would repeat ended is a concurrent one, not a repeat.
    if (waitedMs < 0) return undefined;
    const waited = waitedMs / 1000;
    const { asked } = last;
    return {
      attempt: last.attempt + 1,
      waited,
      asked,
      early: asked === undefined ? undefined : waited < asked - EARLY_MARGIN_SECONDS,
    };
  }

  /** At a request's end: an error (status >= 400) or no response at all. */
  failed(route: string, endedAt: number, asked: number | undefined, attempt: number): void {
    const failures = ++this.failures;
    const last = this.routes.get(route);
    // A route moves to the end of the order only once half the bound of other failures came since it last did:
    // deleting and re-adding a Map entry on every error reallocates the Map (about 150 bytes per error in a storm
    // of 429s). So a route that failed within the last maxRoutes / 2 failures is never the one forgotten.
    if (last !== undefined && failures - last.placed <= this.maxRoutes / 2) {
      last.endedAt = endedAt;
      last.asked = asked;
      last.attempt = attempt;
      return;
    }
    this.routes.delete(route);
    this.routes.set(route, { endedAt, asked, attempt, placed: failures });
    if (this.routes.size > this.maxRoutes) {
      const oldest = this.routes.keys().next().value;
      if (oldest !== undefined) this.routes.delete(oldest);
    }
  }

  /** At a success: the chain is over. */
  succeeded(route: string): void {
    this.routes.delete(route);
  }

  /** Test-only. */
  get size(): number {
    return this.routes.size;
  }
}

/** The route of a request: host, method and path, the query and fragment left out. */
export function routeKey(host: string, method: string, path: string): string {
  // A storm repeats one request: its key, already made (and hashed by the Map), is the same string again.
  if (path === lastRoute.path && host === lastRoute.host && method === lastRoute.method) return lastRoute.key;
  const query = path.indexOf('?');
  const fragment = path.indexOf('#');
  const cut = query === -1 ? fragment : fragment === -1 ? query : Math.min(query, fragment);
  const key = `${method} ${host}${cut === -1 ? path : path.slice(0, cut)}`;
  lastRoute = { host, method, path, key };
  return key;
}

let lastRoute = { host: '', method: '', path: '', key: '' };
