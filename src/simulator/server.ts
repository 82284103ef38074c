import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CONTROL_PREFIX, createControl, handleControl, type SimulatorControl } from './control.js';
import { SimulatorCore } from './core.js';
import type { SimulatorOptions } from './options.js';
import type { Reply } from './types.js';

export interface Simulator {
  /** `http://host:port`, for a client that sets `Host` itself or uses the loopback resolver. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly control: SimulatorControl;
  close(): Promise<void>;
}

/** Connections served at once; beyond this the server refuses new ones, so load cannot grow memory. */
const MAX_CONNECTIONS = 1024;
/** A request must arrive completely within this time (slow senders cannot hold the server). */
const REQUEST_TIMEOUT_MS = 30_000;

/** Starts the simulator on a loopback port: plain HTTP/1.1, every Zscaler host on one port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const core = new SimulatorCore(options);
  const control = createControl(core);
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, (request, response) => {
    respond(core, control, request, response).catch(() => response.destroy());
  });
  server.maxConnections = MAX_CONNECTIONS;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function respond(
  core: SimulatorCore,
  control: SimulatorControl,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request, core.limits.maxBodyBytes);
  const target = request.url ?? '/';
  const method = request.method ?? 'GET';
  const reply = target.startsWith(CONTROL_PREFIX)
    ? handleControl(control, method, target.split('?')[0] ?? '', body)
    : await core.handle({ method, target, headers: request.headers, body });
  send(request, response, reply, body === 'too-large');
}

/**
 * The request body, at most `max` bytes: a larger declared length is refused unread; a larger body without
 * a length is drained and dropped, never buffered.
 */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > max) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > max ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply, closeAfter: boolean): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = reply.body === undefined ? undefined : Buffer.from(reply.body, 'utf8');
  if (body !== undefined && body.length > 0 && acceptsGzip(request.headers['accept-encoding'])) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
    headers.vary = 'Accept-Encoding';
  }
  if (reply.status !== 204) headers['content-length'] = String(body?.length ?? 0);
  // An unread oversized body would otherwise be drained from a keep-alive connection.
  if (closeAfter) headers.connection = 'close';
  response.writeHead(reply.status, headers);
  response.end(body);
}

/** `Accept-Encoding` names gzip (or `*`) without `q=0` (RFC 9110 §12.5.3). */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return (
      (coding === 'gzip' || coding === 'x-gzip' || coding === '*') &&
      (q === undefined || Number(q.slice(2)) > 0)
    );
  });
}
