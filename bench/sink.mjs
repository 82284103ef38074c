/**
 * An OTLP/HTTP receiver that discards what it gets and answers 200 with an empty body (an empty protobuf
 * export response) at once: the preloads export for real, over a socket, without a collector's cost or
 * back-pressure. Each configuration exports to its own path prefix, so the counts show that every one of
 * them did export traces and metrics (a broken exporter would make a configuration look cheap).
 */
import { createServer } from 'node:http';

export async function startSink() {
  const counts = {};
  const server = createServer((request, response) => {
    // "/<configuration>/v1/traces" → counts[configuration].traces
    const [, configuration, , signal] = request.url.split('/');
    counts[configuration] ??= {};
    counts[configuration][signal] = (counts[configuration][signal] ?? 0) + 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    /** The OTEL_EXPORTER_OTLP_ENDPOINT for `configuration`. */
    endpoint: (configuration) => `http://127.0.0.1:${port}/${configuration}`,
    counts,
    close: () => server.close(),
  };
}
