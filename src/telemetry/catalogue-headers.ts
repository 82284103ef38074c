/**
 * The response headers read for a Zscaler response: those the catalogue interprets (request id, rate limits,
 * Retry-After, maintenance mode) and the two capture needs (content-type, content-encoding). No other header
 * is read, and none for another host.
 */
import { RESPONSE_HEADERS } from '../catalog/index.js';

const READ = new Set<string>([...Object.values(RESPONSE_HEADERS), 'content-type', 'content-encoding']);
const READ_BY_LENGTH = new Map<number, string[]>();
for (const name of READ) READ_BY_LENGTH.set(name.length, [...(READ_BY_LENGTH.get(name.length) ?? []), name]);

export function isCatalogueHeader(lowerCaseName: string): boolean {
  return READ.has(lowerCaseName);
}

/**
 * The catalogue header a raw header name (undici's bytes, any case) is, without decoding it: most names are
 * ruled out by their length, the rest by their bytes.
 */
export function catalogueHeaderOf(name: Uint8Array): string | undefined {
  const candidates = READ_BY_LENGTH.get(name.length);
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) {
    if (sameLetters(name, candidate)) return candidate;
  }
  return undefined;
}

/** ASCII case-insensitive for names made of lower-case letters and `-` (| 0x20 lowers A–Z and keeps `-`). */
function sameLetters(bytes: Uint8Array, lowerCase: string): boolean {
  for (let index = 0; index < lowerCase.length; index++) {
    if (((bytes[index] ?? 0) | 0x20) !== lowerCase.charCodeAt(index)) return false;
  }
  return true;
}

/** Response headers by lower-case name, first value. */
export type CatalogueHeaders = ReadonlyMap<string, string>;
