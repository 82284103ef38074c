/** ExportTraceServiceRequest from OTLP/JSON, into the same spans as the protobuf decoder gives. */
import {
  arrayAt,
  hexIdAt,
  integerAt,
  nanosAt,
  objectAt,
  readAttributes,
  readScopedItems,
  stringAt,
} from './json-common.js';
import type { Attributes, ReceivedEvent, ReceivedScope, ReceivedSpan } from './model.js';

export function decodeTraceJson(request: unknown): ReceivedSpan[] {
  return readScopedItems(request, ['resourceSpans', 'scopeSpans', 'spans'], readSpan);
}

function readSpan(value: unknown, path: string, resource: Attributes, scope: ReceivedScope): ReceivedSpan {
  const span = objectAt(value, path);
  const parentSpanId = hexIdAt(span.parentSpanId, `${path}.parentSpanId`);
  const traceState = stringAt(span.traceState, `${path}.traceState`);
  const status = objectAt(span.status, `${path}.status`);
  const message = stringAt(status.message, `${path}.status.message`);
  const code = integerAt(status.code, `${path}.status.code`);
  return {
    traceId: hexIdAt(span.traceId, `${path}.traceId`),
    spanId: hexIdAt(span.spanId, `${path}.spanId`),
    ...(parentSpanId === '' ? {} : { parentSpanId }),
    ...(traceState === '' ? {} : { traceState }),
    name: stringAt(span.name, `${path}.name`),
    kind: integerAt(span.kind, `${path}.kind`),
    startTimeUnixNano: nanosAt(span.startTimeUnixNano, `${path}.startTimeUnixNano`),
    endTimeUnixNano: nanosAt(span.endTimeUnixNano, `${path}.endTimeUnixNano`),
    attributes: readAttributes(span.attributes, `${path}.attributes`),
    events: arrayAt(span.events, `${path}.events`).map((event, index) =>
      readEvent(event, `${path}.events[${index}]`),
    ),
    status: message === '' ? { code } : { code, message },
    resource,
    scope,
  };
}

function readEvent(value: unknown, path: string): ReceivedEvent {
  const event = objectAt(value, path);
  return {
    name: stringAt(event.name, `${path}.name`),
    timeUnixNano: nanosAt(event.timeUnixNano, `${path}.timeUnixNano`),
    attributes: readAttributes(event.attributes, `${path}.attributes`),
  };
}
