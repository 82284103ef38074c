/** Bare HTTP/1.1 and HTTP/2 clients, to send what no exporter would. */
import { request } from 'node:http';
import { connect } from 'node:http2';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * POSTs `chunks` (chunked transfer when more than one, so no Content-Length to refuse early on), on a fresh
 * connection each time, so a test of refused connections never meets a pooled socket.
 */
export function post(
  url: string,
  headers: Record<string, string>,
  ...chunks: Uint8Array[]
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers, agent: false }, (response) => {
      const body: Buffer[] = [];
      response.on('data', (chunk: Buffer) => body.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? '',
          body: Buffer.concat(body),
        }),
      );
    });
    outgoing.on('error', reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

export interface GrpcAnswer {
  readonly httpStatus: number;
  readonly grpcStatus?: string;
  readonly grpcMessage?: string;
  readonly body: Buffer;
}

/** One unary call with the body as given (the caller builds the length prefix, or breaks it). */
export function grpcCall(
  url: string,
  path: string,
  body: Uint8Array,
  headers: Record<string, string> = {},
): Promise<GrpcAnswer> {
  return new Promise((resolve, reject) => {
    const session = connect(url);
    session.on('error', reject);
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    let httpStatus = 0;
    let status: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    stream.on('response', (responseHeaders) => {
      httpStatus = Number(responseHeaders[':status']);
      status = responseHeaders;
    });
    stream.on('trailers', (trailers) => {
      status = trailers;
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('close', () => {
      session.close();
      resolve({
        httpStatus,
        ...(status['grpc-status'] === undefined ? {} : { grpcStatus: String(status['grpc-status']) }),
        ...(status['grpc-message'] === undefined ? {} : { grpcMessage: String(status['grpc-message']) }),
        body: Buffer.concat(chunks),
      });
    });
    stream.end(body);
  });
}

/** A gRPC length-prefixed message. */
export function grpcFrame(message: Uint8Array, compressed = false): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed ? 1 : 0;
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}
