/**
 * The response headers read for a Zscaler response: those the catalogue interprets (request id, rate limits,
 * Retry-After, maintenance mode) and the three capture needs (content-type, content-encoding, content-length).
 * No other header is read, and none for another host.
 */
import { RESPONSE_HEADERS } from '../catalog/index.js';

const READ = new Set<string>([
  ...Object.values(RESPONSE_HEADERS),
  'content-type',
  'content-encoding',
  'content-length',
]);

export function isCatalogueHeader(lowerCaseName: string): boolean {
  return READ.has(lowerCaseName);
}

/** Response headers by lower-case name, first value; any other name than a catalogue header has none. */
export interface CatalogueHeaders {
  get(lowerCaseName: string): string | undefined;
}

export const NO_HEADERS: CatalogueHeaders = { get: () => undefined };

/**
 * undici's response headers: raw (`[name, value, name, value, …]`, Buffers, strings tolerated), read only when
 * a catalogue header is asked for — a span reads a handful, so scanning the array then is cheaper than copying
 * it into a map up front, and undici never changes the array after handing it over; or already parsed (an
 * object, as some undici versions hand over for HTTP/2).
 */
export function rawCatalogueHeaders(raw: unknown): CatalogueHeaders {
  if (!Array.isArray(raw)) {
    return typeof raw === 'object' && raw !== null ? parsedCatalogueHeaders(raw) : NO_HEADERS;
  }
  return {
    get(lowerCaseName) {
      if (!READ.has(lowerCaseName)) return undefined;
      for (let index = 0; index + 1 < raw.length; index += 2) {
        if (isNamed(raw[index], lowerCaseName)) return latin1(raw[index + 1]);
      }
      return undefined;
    },
  };
}

/**
 * Parsed headers (node:http's, already lower-case; repeated ones joined or, for a few, arrays), copied now:
 * clients edit them later (axios deletes content-encoding once it has decompressed the body).
 */
export function parsedCatalogueHeaders(parsed: object): CatalogueHeaders {
  const headers = new Map<string, string>();
  for (const name in parsed) {
    const lowerCaseName = name.toLowerCase();
    const value: unknown = (parsed as Record<string, unknown>)[name];
    if (!READ.has(lowerCaseName)) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') headers.set(lowerCaseName, first);
    else if (first instanceof Uint8Array) headers.set(lowerCaseName, latin1(first));
  }
  return headers;
}

function isNamed(name: unknown, lowerCaseName: string): boolean {
  if (typeof name === 'string') {
    return name.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName;
  }
  return (
    name instanceof Uint8Array && name.length === lowerCaseName.length && sameLetters(name, lowerCaseName)
  );
}

/** ASCII case-insensitive for names made of lower-case letters and `-` (| 0x20 lowers A–Z and keeps `-`). */
function sameLetters(bytes: Uint8Array, lowerCase: string): boolean {
  for (let index = 0; index < lowerCase.length; index++) {
    if (((bytes[index] ?? 0) | 0x20) !== lowerCase.charCodeAt(index)) return false;
  }
  return true;
}

function latin1(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return value instanceof Uint8Array
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1')
    : '';
}
