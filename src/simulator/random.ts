import { randomBytes, randomUUID } from 'node:crypto';

/** Where request ids, tokens and object ids come from: crypto by default, a seeded generator on demand. */
export interface RandomSource {
  /** An RFC 9562 version-4 UUID, the form of `x-oneapi-request-id`. */
  uuid(): string;
  /** An opaque credential: 32 random bytes, base64url. */
  token(): string;
  /** An integer in [0, bound). */
  int(bound: number): number;
}

export function createRandom(seed?: string | number): RandomSource {
  if (seed === undefined) {
    return {
      uuid: () => randomUUID(),
      token: () => randomBytes(32).toString('base64url'),
      int: (bound) => randomBytes(4).readUInt32BE() % bound,
    };
  }
  const next = mulberry32(fnv1a(String(seed)));
  const bytes = (count: number): Buffer => Buffer.from(Array.from({ length: count }, () => next() >>> 24));
  return {
    uuid: () => {
      const b = bytes(16);
      b[6] = ((b[6] ?? 0) & 0x0f) | 0x40; // version 4
      b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
      const hex = b.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
    token: () => bytes(32).toString('base64url'),
    int: (bound) => next() % bound,
  };
}

/** FNV-1a, 32 bit: turns any seed text into the generator's starting state. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mulberry32 (Tommy Ettinger): a small, fast 32-bit generator, plenty for reproducible test ids. */
function mulberry32(state: number): () => number {
  let a = state;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
