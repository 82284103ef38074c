/**
 * What HTTPS to Zscaler from a customer's network needs around the fixture server: a throwaway CA and a server
 * certificate for the Zscaler host names (made with the `openssl` CLI, kept in a temp dir), a TLS front for
 * the plain fixture server (so it serves the same exact bytes), and a CONNECT proxy that tunnels to it and
 * counts the tunnels it opened.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

export interface TestCertificates {
  /** The CA's certificate file, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  readonly key: Buffer;
  readonly cert: Buffer;
  remove(): Promise<void>;
}

/** A CA and a server certificate for `hosts` (SANs), valid one day; EC keys, so this takes milliseconds. */
export async function createTestCertificates(hosts: readonly string[]): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'zscaler-otel-agent-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=zscaler-otel-agent test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    ...ecKey,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    `/CN=${hosts[0]}`,
  );
  await writeFile(
    file('server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}`,
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-set_serial',
    '1',
    '-days',
    '1',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  );
  return {
    caFile: file('ca.pem'),
    key: await readFile(file('server.key')),
    cert: await readFile(file('server.pem')),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: HttpServer | TlsServer, sockets: Set<Socket>): Promise<Listening> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      }),
    ),
  );
}

/** Two sockets joined both ways; either side failing ends both (a client may reset a kept-alive tunnel). */
function pipeBothWays(a: Socket, b: Socket): void {
  a.pipe(b).pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
}

/** Terminates TLS with `certificates` and passes the plain bytes to the HTTP server on `upstreamPort`. */
export function startTlsFront(certificates: TestCertificates, upstreamPort: number): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = createTlsServer({ key: certificates.key, cert: certificates.cert }, (tls) => {
    pipeBothWays(tls, connect(upstreamPort, '127.0.0.1'));
  });
  return listen(server, sockets);
}

export interface ConnectProxy extends Listening {
  /** `host:port` of every CONNECT served, in order. */
  readonly connects: string[];
  /** Requests that were not a CONNECT (a client forwarding an absolute URL instead of tunnelling). */
  readonly forwarded: string[];
}

/**
 * A forward proxy that answers CONNECT to `hosts` on `ports` only, tunnelling each to that port on 127.0.0.1:
 * the child reaches the Zscaler names without resolving them, as behind a corporate proxy.
 */
export async function startConnectProxy(
  hosts: readonly string[],
  ports: readonly number[],
): Promise<ConnectProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    forwarded.push(`${request.method} ${request.url}`);
    response.writeHead(405, { connection: 'close' }).end();
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const separator = target.lastIndexOf(':');
    const port = Number(target.slice(separator + 1));
    if (!hosts.includes(target.slice(0, separator)) || !ports.includes(port)) {
      client.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    connects.push(target);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      pipeBothWays(client, upstream);
    });
    upstream.on('error', () => client.destroy());
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
  });
  return { ...(await listen(server, sockets)), connects, forwarded };
}
