import { expect, test } from 'vitest';
import { catalogueHeaderOf, isCatalogueHeader } from '../../src/telemetry/catalogue-headers.js';

test('raw undici header names match whatever their case, and nothing else does', () => {
  const of = (name: string) => catalogueHeaderOf(Buffer.from(name, 'latin1'));
  expect(of('Retry-After')).toBe('retry-after');
  expect(of('X-RateLimit-Remaining')).toBe('x-ratelimit-remaining');
  expect(of('X-Rate-Limit-Retry-After-Seconds')).toBe('x-rate-limit-retry-after-seconds');
  expect(of('x-oneapi-request-id')).toBe('x-oneapi-request-id');
  expect(of('CONTENT-ENCODING')).toBe('content-encoding');
  // Same lengths as wanted names, different names.
  expect(of('content-length')).toBeUndefined();
  expect(of('x-ratelimit-limit')).toBeUndefined();
  expect(of('set-cookie')).toBeUndefined();
  expect(of('authorization')).toBeUndefined();
  expect(of('Retry-Aftex')).toBeUndefined();
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
