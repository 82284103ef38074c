import zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeBody } from '../../src/telemetry/decode.js';

const body = Buffer.from(
  '{"code":"EDIT_LOCK_NOT_AVAILABLE","message":"Request could not be processed because possible edit conflict occurred."}',
);
const LIMIT = 16 * 1024;

describe('decodeBody', () => {
  test.each([
    ['gzip', zlib.gzipSync(body)],
    ['x-gzip', zlib.gzipSync(body)],
    ['deflate', zlib.deflateSync(body)],
    ['deflate', zlib.deflateRawSync(body)],
    ['br', zlib.brotliCompressSync(body)],
    ['GZIP', zlib.gzipSync(body)],
    ['identity', body],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(body))],
  ])('%s', (coding, wire) => {
    expect(decodeBody(wire, coding, LIMIT)?.toString()).toBe(body.toString());
  });

  test.runIf(typeof zlib.zstdCompressSync === 'function')('zstd', () => {
    expect(decodeBody(zlib.zstdCompressSync(body), 'zstd', LIMIT)?.toString()).toBe(body.toString());
  });

  test('no coding: the bytes, cut at the bound', () => {
    expect(decodeBody(body, undefined, 10)?.toString()).toBe(body.subarray(0, 10).toString());
  });

  test('an unknown coding, bytes that do not decode or no bytes give nothing', () => {
    expect(decodeBody(zlib.gzipSync(body), 'compress', LIMIT)).toBeUndefined();
    expect(decodeBody(body, 'gzip', LIMIT)).toBeUndefined();
    expect(decodeBody(Buffer.alloc(0), 'gzip', LIMIT)?.length ?? 0).toBe(0);
  });

  test('a gzip stream cut short yields what arrived', () => {
    const text = Buffer.from(
      `{"id":"bad.request","params":[${Array.from({ length: 2000 }, (_, i) => i).join(',')}]}`,
    );
    const wire = zlib.gzipSync(text);
    const decoded = decodeBody(wire.subarray(0, Math.floor(wire.length / 2)), 'gzip', LIMIT);
    expect(decoded?.length).toBeGreaterThan(0);
    expect(text.toString().startsWith(decoded?.toString() ?? 'x')).toBe(true);
  });

  test('a compression bomb costs at most the bound, quickly', () => {
    const bomb = zlib.gzipSync(Buffer.concat([body, Buffer.alloc(64 * 1024 * 1024, 0x20)]));
    const started = performance.now();
    const decoded = decodeBody(bomb.subarray(0, LIMIT), 'gzip', LIMIT);
    expect(performance.now() - started).toBeLessThan(500);
    expect(decoded?.length).toBeLessThanOrEqual(LIMIT);
    expect(decoded?.subarray(0, body.length).toString()).toBe(body.toString());
  });
});
