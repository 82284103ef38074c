/**
 * A minimal protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/): varint, I64, LEN
 * and I32 fields, unknown fields skipped. Every read is bounds-checked and nested messages carry a depth, so
 * hostile bytes end in a {@link WireFormatError}, never in a crash, a hang or unbounded recursion.
 */

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** Deep enough for OTLP (an attribute array inside a kvlist inside a span is depth 8), shallow enough for the stack. */
export const MAX_NESTING_DEPTH = 32;

const WIRE_TYPE_NAMES: Readonly<Record<number, string>> = { 0: 'VARINT', 1: 'I64', 2: 'LEN', 5: 'I32' };

/**
 * Reads one message: `while (reader.next()) switch (reader.field) { case 1: x = reader.string(); break;
 * default: reader.skip(); }`. A value reader checks that the field's wire type is the one it reads.
 */
export class WireReader {
  #pos: number;
  #field = 0;
  #wireType = -1;

  private constructor(
    /** A Buffer: its small-string decoding is much cheaper than TextDecoder's. */
    private readonly bytes: Buffer,
    start: number,
    private readonly end: number,
    private readonly depth: number,
  ) {
    this.#pos = start;
  }

  static of(bytes: Uint8Array): WireReader {
    return new WireReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, 0);
  }

  /** The current field's number. */
  get field(): number {
    return this.#field;
  }

  /** Moves to the next field; false at the end of the message. */
  next(): boolean {
    if (this.#pos >= this.end) return false;
    const tag = this.#smallVarint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field < 1 || field > 0x1fffffff) throw new WireFormatError(`invalid field number ${field}`);
    if (WIRE_TYPE_NAMES[wireType] === undefined) {
      throw new WireFormatError(`field ${field}: unsupported wire type ${wireType}`);
    }
    this.#field = field;
    this.#wireType = wireType;
    return true;
  }

  /** Skips the current field's value (an unknown or unwanted field). */
  skip(): void {
    switch (this.#wireType) {
      case WireType.VARINT:
        this.#varint();
        return;
      case WireType.I64:
        this.#take(8);
        return;
      case WireType.LEN:
        this.#take(this.#length());
        return;
      default:
        this.#take(4);
    }
  }

  /** uint64 / int64 (two's complement) varint. */
  uint64(): bigint {
    this.#expect(WireType.VARINT);
    return this.#varint();
  }

  int64(): bigint {
    return BigInt.asIntN(64, this.uint64());
  }

  /** An int32, uint32, enum or bool varint as a number (int32 negatives are sign-extended to 64 bits). */
  int32(): number {
    return Number(BigInt.asIntN(32, this.uint64()));
  }

  bool(): boolean {
    return this.uint64() !== 0n;
  }

  fixed64(): bigint {
    this.#expect(WireType.I64);
    return this.#view(8).getBigUint64(0, true);
  }

  sfixed64(): bigint {
    this.#expect(WireType.I64);
    return this.#view(8).getBigInt64(0, true);
  }

  double(): number {
    this.#expect(WireType.I64);
    return this.#view(8).getFloat64(0, true);
  }

  bytesValue(): Uint8Array {
    this.#expect(WireType.LEN);
    return this.#take(this.#length());
  }

  /** UTF-8; malformed sequences become U+FFFD, as protobuf runtimes for JS do. */
  string(): string {
    this.#expect(WireType.LEN);
    const length = this.#length();
    const start = this.#pos;
    this.#pos += length;
    return this.bytes.toString('utf8', start, this.#pos);
  }

  /** A nested message, read by the returned reader. */
  message(): WireReader {
    this.#expect(WireType.LEN);
    if (this.depth >= MAX_NESTING_DEPTH) {
      throw new WireFormatError(`messages nested deeper than ${MAX_NESTING_DEPTH}`);
    }
    const length = this.#length();
    const start = this.#pos;
    this.#take(length);
    return new WireReader(this.bytes, start, start + length, this.depth + 1);
  }

  /** A repeated fixed64 field, packed (LEN) or one element per tag (I64): appends to `into`. */
  repeatedFixed64(into: bigint[]): void {
    this.#repeated(into, (view, offset) => view.getBigUint64(offset, true));
  }

  /** A repeated double field, packed (LEN) or one element per tag (I64): appends to `into`. */
  repeatedDouble(into: number[]): void {
    this.#repeated(into, (view, offset) => view.getFloat64(offset, true));
  }

  #repeated<T>(into: T[], read: (view: DataView, offset: number) => T): void {
    if (this.#wireType === WireType.I64) {
      into.push(read(this.#view(8), 0));
      return;
    }
    this.#expect(WireType.LEN);
    const length = this.#length();
    if (length % 8 !== 0) {
      throw new WireFormatError(`field ${this.#field}: packed length ${length} is not a multiple of 8`);
    }
    const view = this.#view(length);
    for (let offset = 0; offset < length; offset += 8) into.push(read(view, offset));
  }

  #expect(wireType: number): void {
    if (this.#wireType !== wireType) {
      throw new WireFormatError(
        `field ${this.#field}: wire type ${WIRE_TYPE_NAMES[this.#wireType]}, expected ${WIRE_TYPE_NAMES[wireType]}`,
      );
    }
  }

  #varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.#pos >= this.end) throw new WireFormatError('truncated varint');
      const byte = this.bytes[this.#pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireFormatError('varint longer than 10 bytes');
  }

  /**
   * A tag or a length, as a number: cheaper than bigint, and exact up to 2^53, far beyond any valid tag or
   * any length that fits in the message.
   */
  #smallVarint(): number {
    let result = 0;
    let scale = 1;
    for (let index = 0; index < 10; index += 1) {
      if (this.#pos >= this.end) throw new WireFormatError('truncated varint');
      const byte = this.bytes[this.#pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
    throw new WireFormatError('varint longer than 10 bytes');
  }

  #length(): number {
    const length = this.#smallVarint();
    if (length > this.end - this.#pos) {
      throw new WireFormatError(`field ${this.#field}: length ${length} runs past the end of the message`);
    }
    return length;
  }

  #take(length: number): Uint8Array {
    if (length > this.end - this.#pos) throw new WireFormatError(`field ${this.#field}: truncated value`);
    const start = this.#pos;
    this.#pos += length;
    return this.bytes.subarray(start, this.#pos);
  }

  #view(length: number): DataView {
    const slice = this.#take(length);
    return new DataView(slice.buffer, slice.byteOffset, length);
  }
}
