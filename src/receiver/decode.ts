/**
 * One export body, as received, into spans and metrics: gunzip when compressed, then the protobuf or JSON
 * decoder of its signal. Logs are accepted and dropped unread. Every failure is a {@link RefusedExport}.
 */
import { BadCompressionError, BodyTooLargeError, gunzipBounded } from './body.js';
import { JsonShapeError } from './json-common.js';
import { decodeMetricsJson } from './json-metrics.js';
import { decodeTraceJson } from './json-traces.js';
import type { ReceivedMetric, ReceivedSpan } from './model.js';
import { decodeMetricsRequest } from './protobuf-metrics.js';
import { decodeTraceRequest } from './protobuf-traces.js';
import type { Encoding, Signal } from './store.js';
import { WireFormatError } from './wire-reader.js';

export interface DecodedExport {
  readonly spans: readonly ReceivedSpan[];
  readonly metrics: readonly ReceivedMetric[];
}

/** `invalid`: the sender's bytes are wrong (HTTP 400). `too-large`: over the size limit (HTTP 413). */
export class RefusedExport extends Error {
  override readonly name = 'RefusedExport';
  constructor(
    readonly reason: 'invalid' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function decodeExport(
  signal: Signal,
  encoding: Encoding,
  body: Uint8Array,
  compressed: boolean,
  limit: number,
): Promise<DecodedExport> {
  try {
    const bytes = compressed ? await gunzipBounded(body, limit) : body;
    if (bytes.length > limit) throw new BodyTooLargeError(`message over ${limit} bytes`);
    if (signal === 'logs') return { spans: [], metrics: [] };
    if (encoding === 'protobuf') {
      return signal === 'traces'
        ? { spans: decodeTraceRequest(bytes), metrics: [] }
        : { spans: [], metrics: decodeMetricsRequest(bytes) };
    }
    const json: unknown = JSON.parse(utf8.decode(bytes));
    return signal === 'traces'
      ? { spans: decodeTraceJson(json), metrics: [] }
      : { spans: [], metrics: decodeMetricsJson(json) };
  } catch (error) {
    throw refusal(error);
  }
}

/** A failure as the answer to give; anything not the sender's fault is rethrown. */
function refusal(error: unknown): RefusedExport {
  if (error instanceof BodyTooLargeError) return new RefusedExport('too-large', error.message);
  const sendersFault =
    error instanceof WireFormatError ||
    error instanceof JsonShapeError ||
    error instanceof BadCompressionError ||
    error instanceof SyntaxError ||
    (error instanceof TypeError &&
      (error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA');
  if (sendersFault) return new RefusedExport('invalid', `${error.name}: ${error.message}`);
  throw error;
}
