/**
 * A protobuf writer for the preload's span export (./span-protobuf.ts), in one pass. A nested
 * message reserves one byte for its length and moves its bytes only when it turns out longer than 127 bytes.
 * Strings go in as they are written: short ones by a loop, longer ones by Buffer's native UTF-8 writer, with no
 * separate pass to check or size them. Each request gets its own buffer, sized after the one before, and is
 * handed out without a copy.
 */

/** Below this many UTF-16 units a loop copies faster than a call into Buffer's writer. */
const LOOP_COPY_UNITS = 16;
const TWO_TO_32 = 2 ** 32;
const SMALLEST_BUFFER = 4096;

/** The size of the last request written: the next one, likely alike, starts with a buffer a quarter larger. */
let lastSize = 0;

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

export class ProtobufWriter {
  // Not zero-filled: only the bytes written are ever handed out.
  private buffer = Buffer.allocUnsafe(Math.max(SMALLEST_BUFFER, lastSize + (lastSize >>> 2)));
  private pos = 0;

  /** The bytes written: a view of the buffer, which this writer then no longer uses. */
  finish(): Uint8Array {
    lastSize = this.pos;
    return this.buffer.subarray(0, this.pos);
  }

  /** A field's key: `(field << 3) | wireType`, one byte for every field the span messages have below 16. */
  key(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  /** An unsigned varint; a negative or larger integer as the 64-bit two's complement protobuf asks for. */
  varint(value: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    if (value >= 0 && value < 0x80) {
      buffer[this.pos++] = value;
      return;
    }
    if (value >= 0 && value < TWO_TO_32) {
      let rest = value >>> 0;
      let pos = this.pos;
      while (rest > 0x7f) {
        buffer[pos++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
      buffer[pos++] = rest;
      this.pos = pos;
      return;
    }
    const magnitude = Math.abs(value);
    let low = magnitude >>> 0;
    let high = Math.floor(magnitude / TWO_TO_32) >>> 0;
    if (value < 0) {
      low = ~low >>> 0;
      high = ~high >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    let pos = this.pos;
    while (high > 0 || low > 0x7f) {
      buffer[pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buffer[pos++] = low;
    this.pos = pos;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buffer.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buffer.writeUInt32LE(low >>> 0, this.pos);
    this.buffer.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited string, UTF-8 (a lone surrogate becomes U+FFFD, as with TextEncoder). */
  string(value: string): void {
    const units = value.length;
    const most = units * 3;
    const reserved = varintSize(most);
    this.ensure(reserved + most);
    const buffer = this.buffer;
    const at = this.pos + reserved;
    let written = -1;
    if (units < LOOP_COPY_UNITS) written = copyAscii(value, buffer, at);
    if (written < 0) written = buffer.write(value, at);
    const size = varintSize(written);
    if (size < reserved) buffer.copyWithin(this.pos + size, at, at + written);
    this.writeLengthAt(this.pos, written);
    this.pos += size + written;
  }

  /** A length-delimited byte string. */
  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.raw(value);
  }

  /** Bytes already encoded, as they are. */
  raw(value: Uint8Array): void {
    const length = value.length;
    this.ensure(length);
    const buffer = this.buffer;
    let pos = this.pos;
    if (length < 32) {
      for (let i = 0; i < length; i++) buffer[pos++] = value[i] as number;
    } else {
      buffer.set(value, pos);
      pos += length;
    }
    this.pos = pos;
  }

  /** A length-delimited byte string given in hex (trace and span ids), as upstream's hexToBinary reads it. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint(length);
    this.ensure(length);
    const buffer = this.buffer;
    let pos = this.pos;
    for (let i = 0; i < length * 2; i += 2) {
      buffer[pos++] = (hexDigit(hex.charCodeAt(i)) << 4) | hexDigit(hex.charCodeAt(i + 1));
    }
    this.pos = pos;
  }

  /** Starts a nested message; give what it returns to `end`. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Ends the nested message begun at `start`: writes its length there, moving its bytes if it needs more than one. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buffer[start] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.buffer.copyWithin(start + 1 + extra, start + 1, this.pos);
    this.writeLengthAt(start, length);
    this.pos += extra;
  }

  private writeLengthAt(pos: number, length: number): void {
    const buffer = this.buffer;
    let rest = length;
    let at = pos;
    while (rest > 0x7f) {
      buffer[at++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    buffer[at] = rest;
  }

  private ensure(size: number): void {
    const needed = this.pos + size;
    if (needed <= this.buffer.length) return;
    let length = this.buffer.length * 2;
    while (length < needed) length *= 2;
    const grown = Buffer.allocUnsafe(length);
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }
}

/** Copies an all-ASCII string byte by byte; -1 (and nothing to keep) at the first other character. */
function copyAscii(value: string, buffer: Buffer, at: number): number {
  const units = value.length;
  for (let i = 0; i < units; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f) return -1;
    buffer[at + i] = code;
  }
  return units;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return code - 55;
}
