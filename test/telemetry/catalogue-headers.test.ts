import { expect, test } from 'vitest';
import { isCatalogueHeader, rawCatalogueHeaders } from '../../src/telemetry/catalogue-headers.js';

/** The catalogue header `rawName` answers as, when undici hands it over as raw bytes. */
const readAs = (rawName: string): string | undefined => {
  const headers = rawCatalogueHeaders([Buffer.from(rawName, 'latin1'), Buffer.from('value', 'latin1')]);
  return [...READ_NAMES].find((name) => headers.get(name) === 'value');
};
const READ_NAMES = [
  'retry-after',
  'x-ratelimit-remaining',
  'x-rate-limit-remaining',
  'x-rate-limit-retry-after-seconds',
  'x-ratelimit-reset',
  'x-oneapi-request-id',
  'x-zscaler-mode',
  'content-type',
  'content-encoding',
];

test('raw undici header names match whatever their case, and nothing else does', () => {
  expect(readAs('Retry-After')).toBe('retry-after');
  expect(readAs('X-RateLimit-Remaining')).toBe('x-ratelimit-remaining');
  expect(readAs('X-Rate-Limit-Retry-After-Seconds')).toBe('x-rate-limit-retry-after-seconds');
  expect(readAs('x-oneapi-request-id')).toBe('x-oneapi-request-id');
  expect(readAs('CONTENT-ENCODING')).toBe('content-encoding');
  // Same lengths as wanted names, different names.
  expect(readAs('content-length')).toBeUndefined();
  expect(readAs('x-ratelimit-limit')).toBeUndefined();
  expect(readAs('set-cookie')).toBeUndefined();
  expect(readAs('authorization')).toBeUndefined();
  expect(readAs('Retry-Aftex')).toBeUndefined();
});

test('raw headers: the first value wins, values are latin1, strings are tolerated, odd entries ignored', () => {
  const headers = rawCatalogueHeaders([
    Buffer.from('Retry-After'),
    Buffer.from('13s'),
    'retry-after',
    '99',
    'X-Oneapi-Request-Id',
    Buffer.from([0x61, 0xe9]),
    42,
    Buffer.from('ignored'),
    Buffer.from('content-type'),
    new Uint8Array([0x61, 0x2f, 0x62]),
    Buffer.from('x-zscaler-mode'),
  ]);
  expect(headers.get('retry-after')).toBe('13s');
  expect(headers.get('x-oneapi-request-id')).toBe('a\u00e9');
  expect(headers.get('content-type')).toBe('a/b');
  // A name without a value (odd length) is no header.
  expect(headers.get('x-zscaler-mode')).toBeUndefined();
});

test('raw headers never answer for a header the catalogue does not read', () => {
  const headers = rawCatalogueHeaders([Buffer.from('Authorization'), Buffer.from('Bearer secret')]);
  expect(headers.get('authorization')).toBeUndefined();
});

test('never a credential header', () => {
  for (const name of [
    'authorization',
    'cookie',
    'set-cookie',
    'auth-token',
    'x-api-key',
    'proxy-authorization',
  ]) {
    expect(isCatalogueHeader(name)).toBe(false);
  }
});

test('a value like the one before is still read from its own bytes', () => {
  const remaining = (value: Buffer) =>
    rawCatalogueHeaders([Buffer.from('x-ratelimit-remaining'), value]).get('x-ratelimit-remaining');
  expect(remaining(Buffer.from('4992'))).toBe('4992');
  expect(remaining(Buffer.from('4992'))).toBe('4992');
  expect(remaining(Buffer.from('4991'))).toBe('4991');
  expect(remaining(Buffer.from('499'))).toBe('499');
  expect(remaining(Buffer.from([0x34, 0xe9]))).toBe('4\u00e9');
  expect(remaining(Buffer.from('4992'))).toBe('4992');
});
