/**
 * A loopback HTTP server that answers each request with a canned response chosen by the `fixture` query
 * parameter: status, headers and the exact bytes on the wire (already compressed when the headers say so),
 * optionally in several writes or cut off mid-body. Real Zscaler host names reach it through the simulator's
 * loopback resolver, so the agent sees the same hosts as in production.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CannedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The bytes on the wire. */
  readonly body?: string | Uint8Array;
  /** Sends the body in writes of this many bytes, a tick apart. */
  readonly chunkSize?: number;
  /** Announces the whole body, sends this many bytes of it, then resets the connection. */
  readonly resetAfter?: number;
  /** Answers this many milliseconds late (so that other answers come first). */
  readonly delayMs?: number;
}

export interface FixtureServer {
  readonly port: number;
  /** `http://<host>:<port><path>?fixture=<name>`. */
  url(host: string, path: string, fixture: string): string;
  /** Requests served so far, by fixture name. */
  readonly served: Map<string, number>;
  close(): Promise<void>;
}

export function bodyBytes(response: CannedResponse): Buffer {
  const body = response.body ?? '';
  return typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function startFixtureServer(
  fixtures: Readonly<Record<string, CannedResponse>>,
): Promise<FixtureServer> {
  const served = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://fixture').searchParams.get('fixture') ?? '';
    const fixture = fixtures[name];
    // The request body is drained so the connection stays reusable.
    request.resume();
    if (fixture === undefined) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`no fixture "${name}"`);
      return;
    }
    served.set(name, (served.get(name) ?? 0) + 1);
    if (fixture.delayMs !== undefined) setTimeout(() => answer(response, fixture), fixture.delayMs);
    else answer(response, fixture);
  });
  const answer = (response: ServerResponse, fixture: CannedResponse): void => {
    const body = bodyBytes(fixture);
    response.writeHead(fixture.status, { ...fixture.headers, 'content-length': String(body.length) });
    if (fixture.resetAfter !== undefined) {
      response.write(body.subarray(0, fixture.resetAfter), () =>
        setImmediate(() => response.socket?.resetAndDestroy()),
      );
      return;
    }
    const step = fixture.chunkSize ?? body.length;
    const writeFrom = (offset: number): void => {
      if (offset + step >= body.length) {
        response.end(body.subarray(offset));
        return;
      }
      response.write(body.subarray(offset, offset + step));
      setImmediate(() => writeFrom(offset + step));
    };
    writeFrom(0);
  };
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    served,
    url: (host, path, fixture) => `http://${host}:${port}${path}?fixture=${encodeURIComponent(fixture)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
