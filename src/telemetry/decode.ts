/**
 * Content-Encoding decoding of a captured error body, bounded both ways: the input is what capture kept (at most
 * the body bound, possibly cut short) and the output never exceeds the same bound, so a compression bomb costs
 * at most one bound of memory and a few bounded attempts of CPU (about log2 of the input size).
 */
import zlib from 'node:zlib';

type Decode = (input: Buffer, options: { finishFlush: number; maxOutputLength: number }) => Buffer;

// The flush mode that returns what a cut-short stream decoded to so far, instead of an error.
const zlibFlush = zlib.constants.Z_SYNC_FLUSH;
const decoders: ReadonlyMap<string, { decode: Decode; finishFlush: number }> = new Map([
  ['gzip', { decode: zlib.gunzipSync, finishFlush: zlibFlush }],
  ['x-gzip', { decode: zlib.gunzipSync, finishFlush: zlibFlush }],
  ['deflate', { decode: inflateEither, finishFlush: zlibFlush }],
  ['br', { decode: zlib.brotliDecompressSync, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }],
  // zstd where this Node has it (22.15+ and 24 do; it is experimental there).
  ...(typeof zlib.zstdDecompressSync === 'function'
    ? [
        [
          'zstd',
          { decode: zlib.zstdDecompressSync as Decode, finishFlush: zlib.constants.ZSTD_e_flush },
        ] as const,
      ]
    : []),
]);

/**
 * The decoded body, at most `limit` bytes; undefined for an unknown coding or a body that does not decode.
 * Codings apply in the order listed, so they are undone from the last.
 */
export function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
  limit: number,
): Buffer | undefined {
  if (contentEncoding === undefined) return raw.length > limit ? raw.subarray(0, limit) : raw;
  let body = raw;
  const codings = contentEncoding.toLowerCase().split(',');
  for (let index = codings.length - 1; index >= 0; index--) {
    const coding = codings[index]?.trim() ?? '';
    if (coding === '' || coding === 'identity') continue;
    const decoder = decoders.get(coding);
    if (decoder === undefined) return undefined;
    const decoded = boundedDecode(decoder.decode, decoder.finishFlush, body, limit);
    if (decoded === undefined) return undefined;
    body = decoded;
  }
  return body.length > limit ? body.subarray(0, limit) : body;
}

/**
 * zlib stops with ERR_BUFFER_TOO_LARGE as soon as the output passes the bound. Then the longest prefix of the
 * input whose output fits is found by bisection (output only grows with input; every attempt stops at the
 * bound too), so a bomb still yields its first bytes. Any other error: no body.
 */
function boundedDecode(
  decode: Decode,
  finishFlush: number,
  input: Buffer,
  limit: number,
): Buffer | undefined {
  const attempt = (size: number): Buffer | 'too large' | undefined => {
    try {
      return decode(input.subarray(0, size), { finishFlush, maxOutputLength: limit });
    } catch (error) {
      return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too large' : undefined;
    }
  };
  const whole = attempt(input.length);
  if (whole !== 'too large') return whole;
  let fits = 0;
  let fitting: Buffer | undefined;
  let tooLarge = input.length;
  while (tooLarge - fits > 1) {
    const middle = (fits + tooLarge) >>> 1;
    const decoded = attempt(middle);
    if (decoded === undefined) return fitting;
    if (decoded === 'too large') tooLarge = middle;
    else [fits, fitting] = [middle, decoded];
  }
  return fitting;
}

/** `deflate` is meant to be zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send it raw. */
function inflateEither(input: Buffer, options: { finishFlush: number; maxOutputLength: number }): Buffer {
  // A zlib header's first byte names the deflate method (8) in its low nibble.
  const wrapped = input.length > 0 && ((input[0] ?? 0) & 0x0f) === 8;
  return wrapped ? zlib.inflateSync(input, options) : zlib.inflateRawSync(input, options);
}
