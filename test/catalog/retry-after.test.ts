/** Every Retry-After and rate-limit header form of research §3 → seconds. */
import { describe, expect, it } from 'vitest';
import {
  MAX_DELAY_SECONDS,
  parseRateLimitLimit,
  parseRateLimitRemaining,
  parseRateLimitReset,
  parseRetryAfter,
} from '../../src/catalog/index.js';

const now = Date.parse('2024-03-06T11:38:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['1', 1],
    ['10', 10],
    ['30', 30],
    ['0', 0],
    [' 13 ', 13],
    ['4s', 4],
    ['13s', 13],
    ['8S', 8],
    ['1.5s', 1.5],
    ['1.5', 1.5],
    ['0.25', 0.25],
    ['1 seconds', 1],
    ['0 seconds', 0],
    ['1 second', 1],
    ['2 secs', 2],
    ['593', 593],
    ['86400', 86_400],
  ])('%j → %d s', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([
    ['Wed, 06 Mar 2024 11:38:13 GMT', 13],
    ['Wed, 6 Mar 2024 11:39 GMT', 60],
    ['Wednesday, 06-Mar-24 11:38:30 GMT', 30],
    ['Wed Mar  6 11:38:05 2024', 5],
    ['Wed, 06 Mar 2024 11:37:00 GMT', 0],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
  ])('HTTP-date %j → %d s after now', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it('takes numbers (a JSON body member)', () => {
    expect(parseRetryAfter(2, now)).toBe(2);
    expect(parseRetryAfter(-2, now)).toBeUndefined();
    expect(parseRetryAfter(Number.NaN, now)).toBeUndefined();
  });

  it.each([
    '',
    ' ',
    '-1',
    '-1s',
    '+1',
    'NaN',
    'Infinity',
    '1e3',
    '0x10',
    '1,5',
    '1 minute',
    '1 ms',
    'soon',
    '1s2',
    '.5',
    String(MAX_DELAY_SECONDS + 1),
    '99999999999999999999',
    'Wed, 07 Mar 2024 11:38:01 GMT', // more than a day ahead
    'Wed, 99 Foo 2024 99:99:99 GMT',
    'Mon, garbage',
    '2024-03-06T11:38:13Z', // not an HTTP-date
    `${'1'.repeat(100)}`,
    `Wed, 06 Mar 2024 11:38:13 GMT${' '.repeat(100)}`,
  ])('%j → no value', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('needs a usable now for an HTTP-date', () => {
    expect(parseRetryAfter('Wed, 06 Mar 2024 11:38:13 GMT', Number.NaN)).toBeUndefined();
    expect(parseRetryAfter('13', Number.NaN)).toBe(13);
  });

  it('takes no value from undefined', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('rate-limit headers', () => {
  it.each([
    ['4959', 4959],
    ['0', 0],
    [' 96 ', 96],
  ])('remaining %j → %d', (value, remaining) => {
    expect(parseRateLimitRemaining(value)).toBe(remaining);
  });

  it.each([
    undefined,
    '',
    '-1',
    '1.5',
    'many',
    '1, 2',
    '9'.repeat(40),
  ])('remaining %j → no value', (value) => {
    expect(parseRateLimitRemaining(value)).toBeUndefined();
  });

  it.each([
    ['13', 13],
    ['1447', 1447],
    ['77049', 77_049],
    ['0', 0],
  ])('reset %j → %d s', (value, reset) => {
    expect(parseRateLimitReset(value)).toBe(reset);
  });

  it.each([
    undefined,
    '',
    '-5',
    '1709725093',
    'soon',
  ])('reset %j → no value (an epoch is more than a day)', (value) => {
    expect(parseRateLimitReset(value)).toBeUndefined();
  });

  it.each([
    ['5000, 5000;w=60', { limit: 5000, policies: [{ quota: 5000, window: 60 }] }],
    ['1000, 1000;w=1', { limit: 1000, policies: [{ quota: 1000, window: 1 }] }],
    [
      '500, 500;w=1, 20000;w=60',
      {
        limit: 500,
        policies: [
          { quota: 500, window: 1 },
          { quota: 20_000, window: 60 },
        ],
      },
    ],
    [
      '3, 3;w=86400, 100;w=3600',
      {
        limit: 3,
        policies: [
          { quota: 3, window: 86_400 },
          { quota: 100, window: 3600 },
        ],
      },
    ],
    ['5000', { limit: 5000, policies: [] }],
    ['10;w=1', { limit: 10, policies: [{ quota: 10, window: 1 }] }],
    ['10, 10;burst=5;W=1', { limit: 10, policies: [{ quota: 10, window: 1 }] }],
  ])('limit %j', (value, limit) => {
    expect(parseRateLimitLimit(value)).toEqual(limit);
  });

  it.each([
    undefined,
    '',
    'lots',
    '-1',
    '5000, x;w=60',
    '5000,,',
    `5000${', 1;w=1'.repeat(200)}`,
  ])('limit %j → no value', (value) => {
    expect(parseRateLimitLimit(value)).toBeUndefined();
  });

  it('keeps at most 16 policies', () => {
    const value = `5000${', 1;w=1'.repeat(30)}`;
    expect(parseRateLimitLimit(value)?.policies).toHaveLength(16);
  });
});
