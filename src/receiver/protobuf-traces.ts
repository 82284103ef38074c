/**
 * ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) from protobuf, down to every span.
 */
import {
  type Attributes,
  type AttributeValue,
  attributesFrom,
  type ReceivedEvent,
  type ReceivedScope,
  type ReceivedSpan,
} from './model.js';
import { readKeyValue, readResource, readScope } from './protobuf-common.js';
import { WireReader } from './wire-reader.js';

/** ExportTraceServiceRequest: resource_spans = 1. */
export function decodeTraceRequest(bytes: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  const reader = WireReader.of(bytes);
  while (reader.next()) {
    if (reader.field === 1) readResourceSpans(reader.message(), spans);
    else reader.skip();
  }
  return spans;
}

/** ResourceSpans: resource = 1, scope_spans = 2 (read after the loop: fields may come in any order). */
function readResourceSpans(reader: WireReader, into: ReceivedSpan[]): void {
  let resource: Attributes = {};
  const scopeSpans: WireReader[] = [];
  while (reader.next()) {
    if (reader.field === 1) resource = readResource(reader.message());
    else if (reader.field === 2) scopeSpans.push(reader.message());
    else reader.skip();
  }
  for (const scopeReader of scopeSpans) readScopeSpans(scopeReader, resource, into);
}

/** ScopeSpans: scope = 1, spans = 2. */
function readScopeSpans(reader: WireReader, resource: Attributes, into: ReceivedSpan[]): void {
  let scope: ReceivedScope = { name: '' };
  const spans: WireReader[] = [];
  while (reader.next()) {
    if (reader.field === 1) scope = readScope(reader.message());
    else if (reader.field === 2) spans.push(reader.message());
    else reader.skip();
  }
  for (const spanReader of spans) into.push(readSpan(spanReader, resource, scope));
}

/**
 * Span: trace_id = 1, span_id = 2, trace_state = 3, parent_span_id = 4, name = 5, kind = 6,
 * start_time_unix_nano = 7, end_time_unix_nano = 8, attributes = 9, events = 11, status = 15.
 */
function readSpan(reader: WireReader, resource: Attributes, scope: ReceivedScope): ReceivedSpan {
  let traceId = '';
  let spanId = '';
  let traceState = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: [string, AttributeValue][] = [];
  const events: ReceivedEvent[] = [];
  let status: ReceivedSpan['status'] = { code: 0 };
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        traceId = hex(reader.bytesValue());
        break;
      case 2:
        spanId = hex(reader.bytesValue());
        break;
      case 3:
        traceState = reader.string();
        break;
      case 4:
        parentSpanId = hex(reader.bytesValue());
        break;
      case 5:
        name = reader.string();
        break;
      case 6:
        kind = reader.int32();
        break;
      case 7:
        startTimeUnixNano = reader.fixed64();
        break;
      case 8:
        endTimeUnixNano = reader.fixed64();
        break;
      case 9:
        attributes.push(readKeyValue(reader.message()));
        break;
      case 11:
        events.push(readEvent(reader.message()));
        break;
      case 15:
        status = readStatus(reader.message());
        break;
      default:
        reader.skip();
    }
  }
  return {
    traceId,
    spanId,
    ...(parentSpanId === '' ? {} : { parentSpanId }),
    ...(traceState === '' ? {} : { traceState }),
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes: attributesFrom(attributes),
    events,
    status,
    resource,
    scope,
  };
}

/** Span.Event: time_unix_nano = 1, name = 2, attributes = 3. */
function readEvent(reader: WireReader): ReceivedEvent {
  let timeUnixNano = 0n;
  let name = '';
  const attributes: [string, AttributeValue][] = [];
  while (reader.next()) {
    if (reader.field === 1) timeUnixNano = reader.fixed64();
    else if (reader.field === 2) name = reader.string();
    else if (reader.field === 3) attributes.push(readKeyValue(reader.message()));
    else reader.skip();
  }
  return { name, timeUnixNano, attributes: attributesFrom(attributes) };
}

/** Status: message = 2, code = 3. */
function readStatus(reader: WireReader): ReceivedSpan['status'] {
  let message = '';
  let code = 0;
  while (reader.next()) {
    if (reader.field === 2) message = reader.string();
    else if (reader.field === 3) code = reader.int32();
    else reader.skip();
  }
  return message === '' ? { code } : { code, message };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
