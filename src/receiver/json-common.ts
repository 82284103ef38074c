/**
 * The OTLP/JSON mapping (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding) of the common
 * messages, and readers for its scalar rules: lowerCamelCase keys, hex trace and span ids, int64 as a string or
 * a number, enums as integers, bytes as base64. A value of the wrong shape is a {@link JsonShapeError} naming
 * its path; an absent value is the protobuf default.
 */
import { type Attributes, type AttributeValue, attributesFrom, type ReceivedScope } from './model.js';

export class JsonShapeError extends Error {
  override readonly name = 'JsonShapeError';
}

/** How deep arrays and kvlists may nest inside one attribute value. */
export const MAX_VALUE_DEPTH = 16;

export type JsonObject = Readonly<Record<string, unknown>>;

export function objectAt(value: unknown, path: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonShapeError(`${path}: expected an object`);
  }
  return value as JsonObject;
}

export function arrayAt(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new JsonShapeError(`${path}: expected an array`);
  return value;
}

export function stringAt(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new JsonShapeError(`${path}: expected a string`);
  return value;
}

export function boolAt(value: unknown, path: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new JsonShapeError(`${path}: expected a boolean`);
  return value;
}

/** An enum or an int64 (a JSON number or a decimal string), as a JS number. */
export function integerAt(value: unknown, path: string): number {
  return Number(nanosAt(value, path));
}

/** A fixed64 / int64 exactly: a JSON integer or a decimal string. */
export function nanosAt(value: unknown, path: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  throw new JsonShapeError(`${path}: expected an integer`);
}

/** A double: a JSON number, or a string for a decimal, `NaN`, `Infinity` or `-Infinity`. Absent stays absent. */
export function doubleAt(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (!Number.isNaN(parsed) || value === 'NaN') return parsed;
  }
  throw new JsonShapeError(`${path}: expected a number`);
}

/** A trace or span id: hex (case-insensitive), returned in lower case; empty when absent. */
export function hexIdAt(value: unknown, path: string): string {
  const id = stringAt(value, path);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(id)) throw new JsonShapeError(`${path}: expected a hex id`);
  return id.toLowerCase();
}

/** Resource: attributes. */
export function readResource(value: unknown, path: string): Attributes {
  return readAttributes(objectAt(value, path).attributes, `${path}.attributes`);
}

/** InstrumentationScope: name, version. */
export function readScope(value: unknown, path: string): ReceivedScope {
  const scope = objectAt(value, path);
  const name = stringAt(scope.name, `${path}.name`);
  const version = stringAt(scope.version, `${path}.version`);
  return version === '' ? { name } : { name, version };
}

/**
 * The nesting every export request shares — resource entries, their scope entries, the items of each scope —
 * read with paths for errors: `read` gets each item with its path, resource and scope, in order.
 * `names` are the JSON keys, e.g. `['resourceSpans', 'scopeSpans', 'spans']`.
 */
export function readScopedItems<T>(
  request: unknown,
  names: readonly [resources: string, scopes: string, items: string],
  read: (item: unknown, path: string, resource: Attributes, scope: ReceivedScope) => T,
): T[] {
  const [resourcesKey, scopesKey, itemsKey] = names;
  const items: T[] = [];
  arrayAt(objectAt(request, 'request')[resourcesKey], resourcesKey).forEach((element, r) => {
    const path = `${resourcesKey}[${r}]`;
    const entry = objectAt(element, path);
    const resource = readResource(entry.resource, `${path}.resource`);
    arrayAt(entry[scopesKey], `${path}.${scopesKey}`).forEach((scopeElement, s) => {
      const scopePath = `${path}.${scopesKey}[${s}]`;
      const scopeEntry = objectAt(scopeElement, scopePath);
      const scope = readScope(scopeEntry.scope, `${scopePath}.scope`);
      arrayAt(scopeEntry[itemsKey], `${scopePath}.${itemsKey}`).forEach((item, index) => {
        items.push(read(item, `${scopePath}.${itemsKey}[${index}]`, resource, scope));
      });
    });
  });
  return items;
}

/** A `repeated KeyValue` field. */
export function readAttributes(value: unknown, path: string, depth = 0): Attributes {
  return attributesFrom(
    arrayAt(value, path).map((element, index): [string, AttributeValue] => {
      const keyValue = objectAt(element, `${path}[${index}]`);
      return [
        stringAt(keyValue.key, `${path}[${index}].key`),
        readAnyValue(keyValue.value, `${path}[${index}].value`, depth),
      ];
    }),
  );
}

/** AnyValue: one of stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue. */
function readAnyValue(value: unknown, path: string, depth: number): AttributeValue {
  if (depth > MAX_VALUE_DEPTH) {
    throw new JsonShapeError(`${path}: values nested deeper than ${MAX_VALUE_DEPTH}`);
  }
  const any = objectAt(value, path);
  if (any.stringValue !== undefined) return stringAt(any.stringValue, `${path}.stringValue`);
  if (any.boolValue !== undefined) return boolAt(any.boolValue, `${path}.boolValue`);
  if (any.intValue !== undefined) return integerAt(any.intValue, `${path}.intValue`);
  if (any.doubleValue !== undefined) return doubleAt(any.doubleValue, `${path}.doubleValue`) ?? 0;
  if (any.arrayValue !== undefined) {
    const values = arrayAt(
      objectAt(any.arrayValue, `${path}.arrayValue`).values,
      `${path}.arrayValue.values`,
    );
    return values.map((element, index) =>
      readAnyValue(element, `${path}.arrayValue.values[${index}]`, depth + 1),
    );
  }
  if (any.kvlistValue !== undefined) {
    const list = objectAt(any.kvlistValue, `${path}.kvlistValue`);
    return readAttributes(list.values, `${path}.kvlistValue.values`, depth + 1);
  }
  if (any.bytesValue !== undefined) {
    return new Uint8Array(Buffer.from(stringAt(any.bytesValue, `${path}.bytesValue`), 'base64'));
  }
  return null;
}
