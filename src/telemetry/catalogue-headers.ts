/**
 * The response headers read for a Zscaler response: those the catalogue interprets (request id, rate limits,
 * Retry-After, maintenance mode) and the three capture needs (content-type, content-encoding, content-length).
 * No other header is kept, and none for another host.
 */
import { RESPONSE_HEADERS } from '../catalog/index.js';

const READ: readonly string[] = [
  ...new Set<string>([
    ...Object.values(RESPONSE_HEADERS),
    'content-type',
    'content-encoding',
    'content-length',
  ]),
];
const SLOT = new Map(READ.map((name, slot) => [name, slot]));
/** The names as bytes, for comparing raw names byte by byte. */
const READ_BYTES = READ.map((name) => Buffer.from(name, 'latin1'));
/** The slots of the catalogue names of each length: most response header names have none. */
const SLOTS_BY_LENGTH: number[][] = [];
for (const [slot, name] of READ.entries()) {
  const slots = SLOTS_BY_LENGTH[name.length] ?? [];
  slots.push(slot);
  SLOTS_BY_LENGTH[name.length] = slots;
}

export function isCatalogueHeader(lowerCaseName: string): boolean {
  return SLOT.has(lowerCaseName);
}

/** The catalogue headers of one response, by lower-case name, first value; any other name has none. */
export class CatalogueHeaders {
  private readonly values = new Array<string | undefined>(READ.length);

  get(lowerCaseName: string): string | undefined {
    const slot = SLOT.get(lowerCaseName);
    return slot === undefined ? undefined : this.values[slot];
  }

  has(slot: number): boolean {
    return this.values[slot] !== undefined;
  }

  /** Keeps the first value of each name. */
  keep(slot: number, value: string): void {
    this.values[slot] ??= value;
  }
}

export const NO_HEADERS = new CatalogueHeaders();

/**
 * undici's response headers, read in one pass: raw (`[name, value, name, value, …]`, Buffers, strings
 * tolerated), or already parsed (an object, as some undici versions hand over for HTTP/2).
 */
export function rawCatalogueHeaders(raw: unknown): CatalogueHeaders {
  if (!Array.isArray(raw)) {
    return typeof raw === 'object' && raw !== null ? parsedCatalogueHeaders(raw) : NO_HEADERS;
  }
  const headers = new CatalogueHeaders();
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const slot = slotOf(raw[index]);
    if (slot !== undefined && !headers.has(slot)) headers.keep(slot, valueText(slot, raw[index + 1]));
  }
  return headers;
}

/**
 * The text each slot decoded to last: a storm of one error repeats most values (content type, Retry-After,
 * remaining 0), and comparing bytes with the last text costs a quarter of decoding them again.
 */
const lastText = new Array<string>(READ.length).fill('');

function valueText(slot: number, value: unknown): string {
  if (!(value instanceof Uint8Array)) return latin1(value);
  const last = lastText[slot] as string;
  if (sameText(value, last)) return last;
  const text = latin1(value);
  lastText[slot] = text;
  return text;
}

/** Bytes read as latin1 (one byte, one UTF-16 unit) are `text`. */
function sameText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length !== text.length) return false;
  for (let index = 0; index < text.length; index++) {
    if (bytes[index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * Parsed headers (node:http's, already lower-case; repeated ones joined or, for a few, arrays), copied now:
 * clients edit them later (axios deletes content-encoding once it has decompressed the body).
 */
export function parsedCatalogueHeaders(parsed: object): CatalogueHeaders {
  const headers = new CatalogueHeaders();
  for (const name in parsed) {
    const slot = SLOT.get(name.toLowerCase());
    if (slot === undefined) continue;
    const value: unknown = (parsed as Record<string, unknown>)[name];
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') headers.keep(slot, first);
    else if (first instanceof Uint8Array) headers.keep(slot, latin1(first));
  }
  return headers;
}

function slotOf(name: unknown): number | undefined {
  if (typeof name === 'string') return SLOT.get(name.toLowerCase());
  if (!(name instanceof Uint8Array)) return undefined;
  // One lookup by length, then bytes compared only with the catalogue names of that length: most response
  // header names have no catalogue name's length at all.
  const slots = SLOTS_BY_LENGTH[name.length];
  if (slots === undefined) return undefined;
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index] as number;
    if (sameLetters(name, READ_BYTES[slot] as Uint8Array)) return slot;
  }
  return undefined;
}

/** ASCII case-insensitive for names made of lower-case letters and `-` (| 0x20 lowers A–Z and keeps `-`). */
function sameLetters(bytes: Uint8Array, lowerCase: Uint8Array): boolean {
  for (let index = 0; index < lowerCase.length; index++) {
    if (((bytes[index] as number) | 0x20) !== lowerCase[index]) return false;
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
