/**
 * Hand-built protobuf for tests: just enough of an encoder to write what an exporter would not (unknown
 * fields, unpacked repeats, hostile nesting), field by field from the .proto numbers.
 */
export function varint(value: bigint | number): Uint8Array {
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Uint8Array.from(bytes);
}

const tag = (field: number, wireType: number) => varint((field << 3) | wireType);

export const field = {
  varint: (number: number, value: bigint | number) => concat(tag(number, 0), varint(value)),
  fixed64: (number: number, value: bigint) => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, value, true);
    return concat(tag(number, 1), bytes);
  },
  double: (number: number, value: number) => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return concat(tag(number, 1), bytes);
  },
  bytes: (number: number, ...parts: Uint8Array[]) => {
    const body = concat(...parts);
    return concat(tag(number, 2), varint(body.length), body);
  },
  string: (number: number, text: string) => field.bytes(number, new TextEncoder().encode(text)),
};

export function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}
