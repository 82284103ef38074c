/**
 * The embedded OTLP receiver: OTLP/HTTP and OTLP/gRPC on loopback ports, everything received kept in one
 * normalised model for tests and the demo, with faults to play a failing collector.
 */
import type { ReceiverFault } from './exchange.js';
import { createOtlpGrpcServer } from './grpc-receiver.js';
import { createOtlpHttpServer } from './http-receiver.js';
import { Listener } from './listener.js';
import type { ReceivedMetric, ReceivedSpan } from './model.js';
import { type ReceivedRequest, ReceivedStore, type ReceiverStats } from './store.js';

export interface OtlpReceiverOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly httpPort?: number;
  /** Default 0: a free port; `false`: no gRPC server. */
  readonly grpcPort?: number | false;
  /** Largest request body, compressed or inflated (HTTP 413 / gRPC RESOURCE_EXHAUSTED beyond). Default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** Spans kept; the oldest are dropped beyond. Default 100 000. */
  readonly maxSpans?: number;
  /** Metrics (one per metric per export) kept; the oldest are dropped beyond. Default 100 000. */
  readonly maxMetrics?: number;
  /** Request records kept. Default 10 000. */
  readonly maxRequests?: number;
}

export interface OtlpReceiver {
  /** `http://host:port`: the OTLP/HTTP base (`OTEL_EXPORTER_OTLP_ENDPOINT`; signals at `/v1/traces`, …). */
  readonly httpUrl: string;
  /** `http://host:port` for OTLP/gRPC; absent with `grpcPort: false`. */
  readonly grpcUrl?: string;
  /** Spans received, oldest first. */
  spans(): readonly ReceivedSpan[];
  /** Metrics received (one entry per metric per export), oldest first. */
  metrics(): readonly ReceivedMetric[];
  /** Every export request and the answer it got, oldest first. */
  requests(): readonly ReceivedRequest[];
  stats(): ReceiverStats;
  /**
   * Resolves with `check()`'s result once it is neither `undefined` nor `false`, checking now and after every
   * request; rejects after `timeoutMs` or on close.
   */
  waitFor<T>(check: () => T | undefined | false, timeoutMs: number): Promise<T>;
  /** Forgets everything received. */
  clear(): void;
  /** See {@link ReceiverFault}; `none` restores normal answers (and listening, after `refuse`). */
  setFault(fault: ReceiverFault): Promise<void>;
  /** Stops both servers and cuts every connection, hanging ones included. */
  close(): Promise<void>;
}

const DEFAULTS = {
  host: '127.0.0.1',
  maxBodyBytes: 4 * 1024 * 1024,
  maxSpans: 100_000,
  maxMetrics: 100_000,
  maxRequests: 10_000,
};

export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const host = options.host ?? DEFAULTS.host;
  const store = new ReceivedStore({
    maxSpans: options.maxSpans ?? DEFAULTS.maxSpans,
    maxMetrics: options.maxMetrics ?? DEFAULTS.maxMetrics,
    maxRequests: options.maxRequests ?? DEFAULTS.maxRequests,
  });
  let fault: ReceiverFault = 'none';
  const context = { store, maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes, fault: () => fault };
  const listeners = [new Listener(createOtlpHttpServer(context), host, options.httpPort ?? 0)];
  if (options.grpcPort !== false) {
    listeners.push(new Listener(createOtlpGrpcServer(context), host, options.grpcPort ?? 0));
  }
  try {
    for (const listener of listeners) await listener.listen();
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.stop()));
    throw error;
  }
  const [http, grpc] = listeners;
  const urlOf = (listener: Listener) => `http://${host.includes(':') ? `[${host}]` : host}:${listener.port}`;
  let closed = false;
  return {
    httpUrl: urlOf(http as Listener),
    ...(grpc === undefined ? {} : { grpcUrl: urlOf(grpc) }),
    spans: () => store.spans(),
    metrics: () => store.metrics(),
    requests: () => store.requests(),
    stats: () => store.stats(),
    waitFor: (check, timeoutMs) =>
      closed ? Promise.reject(new Error('receiver closed')) : store.waitFor(check, timeoutMs),
    clear: () => store.clear(),
    async setFault(next) {
      if (closed) throw new Error('receiver closed');
      fault = next;
      await Promise.all(
        listeners.map((listener) => (next === 'refuse' ? listener.stop() : listener.listen())),
      );
    },
    async close() {
      closed = true;
      store.failWaiters(new Error('receiver closed'));
      await Promise.all(listeners.map((listener) => listener.stop()));
    },
  };
}
