/**
 * opentelemetry/proto/common/v1 and resource/v1 messages, from protobuf: AnyValue, KeyValue,
 * InstrumentationScope, Resource.
 */
import { type Attributes, type AttributeValue, attributesFrom, type ReceivedScope } from './model.js';
import type { WireReader } from './wire-reader.js';

/** Resource: attributes = 1. */
export function readResource(reader: WireReader): Attributes {
  const entries: [string, AttributeValue][] = [];
  while (reader.next()) {
    if (reader.field === 1) entries.push(readKeyValue(reader.message()));
    else reader.skip();
  }
  return attributesFrom(entries);
}

/** InstrumentationScope: name = 1, version = 2. */
export function readScope(reader: WireReader): ReceivedScope {
  let name = '';
  let version = '';
  while (reader.next()) {
    if (reader.field === 1) name = reader.string();
    else if (reader.field === 2) version = reader.string();
    else reader.skip();
  }
  return version === '' ? { name } : { name, version };
}

/** KeyValue: key = 1, value = 2 (AnyValue). */
export function readKeyValue(reader: WireReader): [string, AttributeValue] {
  let key = '';
  let value: AttributeValue = null;
  while (reader.next()) {
    if (reader.field === 1) key = reader.string();
    else if (reader.field === 2) value = readAnyValue(reader.message());
    else reader.skip();
  }
  return [key, value];
}

/**
 * AnyValue oneof: string_value = 1, bool_value = 2, int_value = 3, double_value = 4, array_value = 5
 * (ArrayValue: values = 1), kvlist_value = 6 (KeyValueList: values = 1), bytes_value = 7. The last one set wins.
 */
function readAnyValue(reader: WireReader): AttributeValue {
  let value: AttributeValue = null;
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        value = reader.string();
        break;
      case 2:
        value = reader.bool();
        break;
      case 3:
        value = Number(reader.int64());
        break;
      case 4:
        value = reader.double();
        break;
      case 5:
        value = readRepeated(reader.message(), readAnyValue);
        break;
      case 6:
        value = attributesFrom(readRepeated(reader.message(), readKeyValue));
        break;
      case 7:
        value = Uint8Array.from(reader.bytesValue());
        break;
      default:
        reader.skip();
    }
  }
  return value;
}

/** ArrayValue and KeyValueList: `repeated … values = 1`. */
function readRepeated<T>(reader: WireReader, read: (element: WireReader) => T): T[] {
  const values: T[] = [];
  while (reader.next()) {
    if (reader.field === 1) values.push(read(reader.message()));
    else reader.skip();
  }
  return values;
}
