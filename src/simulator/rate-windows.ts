import { BoundedMap } from './bounded-map.js';

/** A quota: at most `limit` requests per `seconds`. */
export interface Quota {
  readonly limit: number;
  readonly seconds: number;
}

export interface WindowState {
  readonly allowed: boolean;
  /** Requests left in the current window after this one (never negative). */
  readonly remaining: number;
  /** Whole seconds until the window resets: what `Retry-After` and `x-ratelimit-reset` report. */
  readonly resetSeconds: number;
}

/**
 * Fixed-window request counters, one per key (tenant, service, endpoint, method class). A window opens with
 * its first request and closes `seconds` later. The number of keys is capped, so a flood of distinct
 * tenants or endpoints evicts old windows instead of growing memory.
 */
export class RateWindows {
  readonly #windows: BoundedMap<string, { start: number; count: number }>;

  constructor(capacity: number) {
    this.#windows = new BoundedMap(capacity);
  }

  take(key: string, quota: Quota, now: number): WindowState {
    const length = quota.seconds * 1000;
    let window = this.#windows.get(key);
    if (window === undefined || now >= window.start + length || now < window.start) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    const allowed = window.count < quota.limit;
    if (allowed) window.count++;
    return {
      allowed,
      remaining: Math.max(0, quota.limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((window.start + length - now) / 1000)),
    };
  }

  clear(): void {
    this.#windows.clear();
  }
}

/** A documented quota scaled by the run-time switch, never below one request. */
export function scaled(quota: Quota, scale: number): Quota {
  return { limit: Math.max(1, Math.round(quota.limit * scale)), seconds: quota.seconds };
}
