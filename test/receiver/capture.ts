/** The exact bytes a real exporter sends, caught by a bare HTTP server that answers 200 to anything. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { recordMetrics, recordSpans } from './sdk-telemetry.js';

/** The first protobuf body of the traces and of the metrics export (uncompressed). */
export async function captureProtobufExports(): Promise<{ traces: Buffer; metrics: Buffer }> {
  const bodies = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (!bodies.has(request.url ?? '')) bodies.set(request.url ?? '', Buffer.concat(chunks));
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await recordSpans(new OTLPTraceExporter({ url: `${base}/v1/traces` }));
    await recordMetrics(new OTLPMetricExporter({ url: `${base}/v1/metrics` }));
  } finally {
    server.close();
  }
  const traces = bodies.get('/v1/traces');
  const metrics = bodies.get('/v1/metrics');
  if (traces === undefined || metrics === undefined) throw new Error('an export was not captured');
  return { traces, metrics };
}
