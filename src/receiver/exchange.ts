/**
 * What both transports share once a request is routed: the fault in force, decoding within the body limit,
 * and recording the request with the answer given.
 */
import { type DecodedExport, decodeExport, RefusedExport } from './decode.js';
import { GrpcStatus } from './rpc-status.js';
import type { Encoding, ReceivedRequest, ReceivedStore } from './store.js';

/**
 * `none`: answer normally. `unavailable`: HTTP 503 / gRPC UNAVAILABLE (exporters retry). `error`: HTTP 500 /
 * gRPC INTERNAL (exporters give up). `hang`: read the request, never answer (until close). `refuse`: stop
 * listening, so connections are refused; the same ports listen again when the fault is lifted.
 */
export type ReceiverFault = 'none' | 'unavailable' | 'error' | 'hang' | 'refuse';

export interface ExchangeContext {
  readonly store: ReceivedStore;
  readonly maxBodyBytes: number;
  fault(): ReceiverFault;
}

export type RoutedRequest = Omit<ReceivedRequest, 'status' | 'items' | 'error'>;

/** What a transport turns into its own answer. */
export type Outcome =
  | { readonly kind: 'accepted'; readonly decoded: DecodedExport }
  | { readonly kind: 'refused'; readonly reason: RefusedExport['reason']; readonly message: string }
  | { readonly kind: 'fault'; readonly fault: 'unavailable' | 'error' | 'hang' };

/** Decides the answer to a fully read body; never throws for anything the sender did. */
export async function evaluate(
  context: ExchangeContext,
  routed: RoutedRequest & { readonly encoding: Encoding },
  body: Uint8Array,
): Promise<Outcome> {
  const fault = context.fault();
  if (fault !== 'none' && fault !== 'refuse') return { kind: 'fault', fault };
  try {
    const decoded = await decodeExport(
      routed.signal,
      routed.encoding,
      body,
      routed.compressed,
      context.maxBodyBytes,
    );
    return { kind: 'accepted', decoded };
  } catch (error) {
    if (!(error instanceof RefusedExport)) throw error;
    return { kind: 'refused', reason: error.reason, message: error.message };
  }
}

/** The gRPC status of an outcome: the answer over gRPC, the google.rpc.Status of an HTTP refusal. */
export function grpcStatusOf(outcome: Outcome): [code: number, message: string] {
  if (outcome.kind === 'accepted') return [GrpcStatus.OK, ''];
  if (outcome.kind === 'refused') {
    const code = outcome.reason === 'invalid' ? GrpcStatus.INVALID_ARGUMENT : GrpcStatus.RESOURCE_EXHAUSTED;
    return [code, outcome.message];
  }
  return [
    outcome.fault === 'unavailable' ? GrpcStatus.UNAVAILABLE : GrpcStatus.INTERNAL,
    `fault: ${outcome.fault}`,
  ];
}

/** The refusal of a body over the limit. */
export function tooLarge(limit: number): Outcome {
  return { kind: 'refused', reason: 'too-large', message: `body over ${limit} bytes` };
}

/** Stores what an accepted request carried, and the request with the status answered (none for a hang). */
export function record(
  store: ReceivedStore,
  routed: RoutedRequest,
  outcome: Outcome,
  status: number | undefined,
): void {
  if (outcome.kind === 'accepted') {
    const { spans, metrics } = outcome.decoded;
    const items = routed.signal === 'traces' ? spans.length : metrics.length;
    store.record({ ...routed, status, items }, spans, metrics);
    return;
  }
  const error = outcome.kind === 'fault' ? `fault: ${outcome.fault}` : outcome.message;
  store.record({ ...routed, ...(status === undefined ? {} : { status }), items: 0, error });
}
