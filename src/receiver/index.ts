/**
 * An embedded OTLP receiver (OTLP/HTTP protobuf and JSON, OTLP/gRPC) for the demo and the end-to-end tests:
 * there is no OpenTelemetry Collector on hand, so this one decodes what the exporters really send.
 */
export type { ReceiverFault } from './exchange.js';
export {
  type Attributes,
  type AttributeValue,
  type MetricKind,
  OtlpSpanKind,
  OtlpStatusCode,
  type ReceivedEvent,
  type ReceivedMetric,
  type ReceivedPoint,
  type ReceivedScope,
  type ReceivedSpan,
  type Temporality,
} from './model.js';
export {
  hasAttributes,
  latestPoints,
  latestTotal,
  type MetricPoint,
  pointsOf,
  spansWith,
} from './queries.js';
export { type OtlpReceiver, type OtlpReceiverOptions, startOtlpReceiver } from './receiver.js';
export type { Encoding, ReceivedRequest, ReceiverStats, Signal, Transport } from './store.js';
