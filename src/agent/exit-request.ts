/**
 * The request the export at exit sends for one signal, built from the same variables the stock OTLP exporters
 * read: headers, compression and the TLS files (OTEL_EXPORTER_OTLP_[<SIGNAL>_]…), the signal's value first.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseKeyPairsIntoRecord } from '../sdk/index.js';
import type { OtlpProtocol } from './config.js';
import type { ExitRequest } from './exit-post.js';
import { type OtlpEndpoint, type OtlpSignal, signalVariable } from './otlp-endpoint.js';

const GRPC_PATHS: Readonly<Record<OtlpSignal, string>> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

function pemFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(resolve(process.cwd(), path), 'utf8');
  } catch {
    // The stock exporter warns (diag) and goes on without it; so does this.
    return undefined;
  }
}

/** Undefined for an endpoint the export at exit cannot reach (a unix socket). */
export function exitRequest(
  signal: OtlpSignal,
  protocol: OtlpProtocol,
  endpoint: OtlpEndpoint,
  body: Uint8Array,
  env: NodeJS.ProcessEnv,
): ExitRequest | undefined {
  if (endpoint.address === undefined) return undefined;
  const variable = (suffix: string) => signalVariable(env, signal, suffix);
  const shared = parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_HEADERS?.trim());
  const own = parseKeyPairsIntoRecord(env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_HEADERS`]?.trim());
  const headers: Record<string, string> = { ...shared, ...own };
  const gzip = variable('COMPRESSION') === 'gzip';
  const ca = pemFile(variable('CERTIFICATE'));
  const cert = pemFile(variable('CLIENT_CERTIFICATE'));
  const key = pemFile(variable('CLIENT_KEY'));
  const tls = { ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) };
  const payload = gzip ? gzipSync(body) : body;
  if (protocol === 'grpc') {
    if (gzip) headers['grpc-encoding'] = 'gzip';
    return { url: endpoint.url, grpcPath: GRPC_PATHS[signal], headers, body: payload, tls };
  }
  headers['content-type'] = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
  if (gzip) headers['content-encoding'] = 'gzip';
  return { url: endpoint.url, headers, body: payload, tls };
}
