/**
 * The response headers read for a Zscaler response: those the catalogue interprets (request id, rate limits,
 * Retry-After, maintenance mode) and the two capture needs (content-type, content-encoding). No other header
 * is read, and none for another host.
 */
import { RESPONSE_HEADERS } from '../catalog/index.js';

const READ = new Set<string>([...Object.values(RESPONSE_HEADERS), 'content-type', 'content-encoding']);

export function isCatalogueHeader(lowerCaseName: string): boolean {
  return READ.has(lowerCaseName);
}

/** Response headers by lower-case name, first value. */
export type CatalogueHeaders = ReadonlyMap<string, string>;
