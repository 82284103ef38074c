/**
 * Retry-After in every form Zscaler sends (research/zscaler-api.md §3.2) → seconds:
 * - integer seconds `1`, `10` (ZIA through the gateway; RFC 9110 §10.2.3 delay-seconds) and fractions `1.5`;
 * - a number with `s`: `4s`, `13s` (ZPA, Go-duration style; the seed's ZPA 429 and 503 examples);
 * - a number with ` second(s)`: `1 seconds`, `0 seconds` (ZIA/ZTW body key `"Retry-After"`, PY legacy headers);
 * - an HTTP-date (RFC 9110 §10.2.3), relative to the response's arrival; a date in the past means now (0).
 * Also used for `X-Rate-Limit-Retry-After-Seconds` (Client Connector) and `x-ratelimit-reset`.
 *
 * Anything else — negative, NaN, garbage, more than a day (MAX_DELAY_SECONDS) — gives no value: a wait longer
 * than a day is no retry hint (the longest real window, ZCC's `/downloadDevices`, is 86400 s).
 */

export const MAX_DELAY_SECONDS = 86_400;

/** Longer input is no Retry-After (an IMF-fixdate is 29 characters). */
const MAX_INPUT_LENGTH = 64;
const SECONDS = /^(\d{1,12}(?:\.\d{1,9})?)\s*(?:s|secs?|seconds?)?$/i;
/** RFC 9110 §5.6.7: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 …`, asctime `Sun Nov  6 …`. */
const HTTP_DATE = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? [\w :-]+$/i;

/** Seconds in [0, MAX_DELAY_SECONDS], or undefined. */
export function parseRetryAfter(value: string | number | undefined, now: number): number | undefined {
  if (typeof value === 'number') return boundedSeconds(value);
  if (typeof value !== 'string' || value.length > MAX_INPUT_LENGTH) return undefined;
  const text = value.trim();
  const seconds = parseSeconds(text);
  if (seconds !== undefined || !HTTP_DATE.test(text)) return seconds;
  const date = Date.parse(text);
  if (!Number.isFinite(date) || !Number.isFinite(now)) return undefined;
  return boundedSeconds(Math.max(0, (date - now) / 1000));
}

/** A number of seconds with an optional `s` / `second(s)` unit, in [0, MAX_DELAY_SECONDS]; else undefined. */
export function parseSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value.length > MAX_INPUT_LENGTH) return undefined;
  // What Zscaler sends almost always, `13` or `13s`, without the pattern.
  const digits = value.length - (value.endsWith('s') ? 1 : 0);
  const whole = digits <= 12 ? decimalValue(value, digits) : undefined;
  if (whole !== undefined) return boundedSeconds(whole);
  const match = SECONDS.exec(value.trim());
  return match === null ? undefined : boundedSeconds(Number(match[1]));
}

/**
 * The number the first `length` characters of `text` write in decimal digits (1 to 15 of them: exact in a
 * double), or undefined; read in place, with no substring or string-to-number conversion.
 */
export function decimalValue(text: string, length: number): number | undefined {
  if (length < 1 || length > 15) return undefined;
  let value = 0;
  for (let index = 0; index < length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

function boundedSeconds(seconds: number): number | undefined {
  return Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_DELAY_SECONDS ? seconds : undefined;
}
