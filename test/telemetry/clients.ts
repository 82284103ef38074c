/**
 * The HTTP clients a Node service uses to call Zscaler, each as "send this request, give me the status and the
 * bytes the app received". fetch and axios undo Content-Encoding for the app; undici's request and node:http
 * hand over the wire bytes.
 *
 * axios and undici load on first use, as in an app that the preloaded agent starts before: loading axios
 * touches `Request`, which makes Node 22 install its bundled undici 6 dispatcher, and loading undici installs
 * its own — either would take the place of the agent's.
 */
import http from 'node:http';

export interface Received {
  readonly status: number;
  readonly body: Buffer;
}

export interface Client {
  readonly name: string;
  /** Whether the app receives the body decoded (else as sent on the wire). */
  readonly decodes: boolean;
  send(url: string, method: string): Promise<Received>;
}

export const clients: readonly Client[] = [
  {
    name: 'fetch',
    decodes: true,
    async send(url, method) {
      const response = await fetch(url, { method });
      return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
    },
  },
  {
    name: 'undici request',
    decodes: false,
    async send(url, method) {
      const { request } = await import('undici');
      const response = await request(url, { method: method as 'GET' });
      return { status: response.statusCode, body: Buffer.from(await response.body.arrayBuffer()) };
    },
  },
  {
    name: 'axios',
    decodes: true,
    async send(url, method) {
      const { default: axios } = await import('axios');
      const response = await axios.request<ArrayBuffer>({
        url,
        method,
        responseType: 'arraybuffer',
        validateStatus: () => true,
      });
      return { status: response.status, body: Buffer.from(response.data) };
    },
  },
  {
    name: 'node:http',
    decodes: false,
    send: (url, method) =>
      new Promise((resolve, reject) => {
        http
          .request(url, { method }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
            );
            response.on('error', reject);
          })
          .on('error', reject)
          .end();
      }),
  },
];
