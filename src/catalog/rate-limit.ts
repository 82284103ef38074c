/**
 * The gateway's rate-limit headers (research/zscaler-api.md §3.1; help.zscaler.com/oneapi/understanding-rate-limiting):
 * `x-ratelimit-limit: 5000, 5000;w=60` (IETF RateLimit-draft style: the effective limit, then `quota;w=window`
 * policies), `x-ratelimit-remaining: 4959`, `x-ratelimit-reset: 13` — seconds remaining in the window, not an
 * epoch (DOC-RL; GO README). Client Connector passes `X-Rate-Limit-Remaining` through.
 */
import { decimalValue, parseSeconds } from './retry-after.js';

export interface RateLimitPolicy {
  readonly quota: number;
  /** Window in seconds. */
  readonly window: number;
}

export interface RateLimit {
  /** The first item: the limit that applies now. */
  readonly limit: number;
  /** The `quota;w=window` items, at most MAX_POLICIES. */
  readonly policies: readonly RateLimitPolicy[];
}

const MAX_INPUT_LENGTH = 512;
const MAX_POLICIES = 16;
const COUNT = /^\d{1,15}$/;
const WINDOW = /^w=(\d{1,9})$/i;

/** `x-ratelimit-remaining` / `x-rate-limit-remaining`: a non-negative integer, else undefined. */
export function parseRateLimitRemaining(value: string | undefined): number | undefined {
  if (value === undefined || value.length > 32) return undefined;
  const text = value.trim();
  return decimalValue(text, text.length);
}

/** `x-ratelimit-reset`: seconds remaining in the window (at most a day), else undefined. */
export function parseRateLimitReset(value: string | undefined): number | undefined {
  return parseSeconds(value);
}

/** `x-ratelimit-limit`: `5000`, `5000, 5000;w=60`, `500, 500;w=1, 20000;w=60`; undefined if malformed. */
export function parseRateLimitLimit(value: string | undefined): RateLimit | undefined {
  if (value === undefined || value.length > MAX_INPUT_LENGTH) return undefined;
  const items = value.split(',', MAX_POLICIES + 1).map((item) => item.split(';').map((part) => part.trim()));
  const policies: RateLimitPolicy[] = [];
  for (const [count = '', ...parameters] of items) {
    if (!COUNT.test(count)) return undefined;
    const window = parameters.map((parameter) => WINDOW.exec(parameter)?.[1]).find((w) => w !== undefined);
    if (window !== undefined) policies.push({ quota: Number(count), window: Number(window) });
  }
  return { limit: Number(items[0]?.[0]), policies: policies.slice(0, MAX_POLICIES) };
}
