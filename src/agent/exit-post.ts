/**
 * Posts requests while the main thread waits, synchronously: for the process 'exit' event, where no I/O
 * callback or promise of the main thread runs again. A worker thread (started only then) does the network
 * I/O; the main thread blocks in Atomics.wait until every request is answered or the bound has passed.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface ExitRequest {
  /** OTLP/HTTP: the URL to POST to. gRPC: the `http(s)://host:port` target. */
  readonly url: string;
  /** Set for a gRPC unary call on this path (`/opentelemetry.proto.collector.trace.v1.TraceService/Export`). */
  readonly grpcPath?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** PEM text, from the OTEL_EXPORTER_OTLP_*CERTIFICATE / *CLIENT_KEY files. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
}

export interface PostOutcome {
  /** Every request answered within the bound (successfully or not). */
  readonly finished: boolean;
  /** The first failure: which request, and why. */
  readonly failure?: { readonly index: number; readonly message: string };
}

/** What the worker receives; the layout of `state` is in the slot constants. */
export interface PostWork {
  readonly requests: readonly ExitRequest[];
  readonly state: SharedArrayBuffer;
  readonly message: SharedArrayBuffer;
}

/** Int32 slots of PostWork.state. */
export const SETTLED = 0;
/** 1 + the index of the first request that failed; 0 while none has. */
export const FIRST_FAILED = 1;
/** Bytes of the first failure's message in PostWork.message. */
export const MESSAGE_LENGTH = 2;
export const SLOTS = 3;
export const MESSAGE_BYTES = 512;

const WORKER_FILE = join(__dirname, 'exit-post-worker.js');

export function postAndWait(requests: readonly ExitRequest[], timeoutMs: number): PostOutcome {
  const state = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  const message = new SharedArrayBuffer(MESSAGE_BYTES);
  const work: PostWork = { requests, state: state.buffer as SharedArrayBuffer, message };
  // No preload in the worker (execArgv), and its output kept from the app's stdout/stderr.
  const worker = new Worker(WORKER_FILE, { workerData: work, execArgv: [], stdout: true, stderr: true });
  worker.unref();
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const settled = Atomics.load(state, SETTLED);
    const left = deadline - performance.now();
    if (settled >= requests.length || left <= 0) break;
    Atomics.wait(state, SETTLED, settled, left);
  }
  const finished = Atomics.load(state, SETTLED) >= requests.length;
  void worker.terminate();
  const failed = Atomics.load(state, FIRST_FAILED);
  if (failed === 0) return { finished };
  const length = Atomics.load(state, MESSAGE_LENGTH);
  const text = Buffer.from(new Uint8Array(message, 0, length)).toString('utf8');
  return { finished, failure: { index: failed - 1, message: text } };
}
