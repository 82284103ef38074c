/**
 * The worker of exit-post.ts: sends each request (OTLP/HTTP POST, or a gRPC unary call over HTTP/2), records
 * the outcome in shared memory and wakes the waiting main thread. Loads nothing of the SDK: it must start fast.
 */

import { request as httpRequest } from 'node:http';
import { connect as connectHttp2 } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { workerData } from 'node:worker_threads';
import {
  type ExitRequest,
  FIRST_FAILED,
  MESSAGE_BYTES,
  MESSAGE_LENGTH,
  type PostWork,
  SETTLED,
} from './exit-post.js';

const work = workerData as PostWork;
const state = new Int32Array(work.state);

/** An error in the words Node uses (`connect ECONNREFUSED 127.0.0.1:4318`); an AggregateError has none. */
function describe(error: NodeJS.ErrnoException, host: string): string {
  return error.message !== '' ? error.message : `connect ${error.code ?? 'failed'} ${host}`;
}

function postHttp(request: ExitRequest): Promise<string | undefined> {
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(request.body.byteLength) },
        ...request.tls,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? undefined : `HTTP ${status}`);
        });
      },
    );
    outgoing.on('error', (error) => resolve(describe(error, url.host)));
    outgoing.end(request.body);
  });
}

function postGrpc(request: ExitRequest, path: string): Promise<string | undefined> {
  const url = new URL(request.url);
  return new Promise((resolve) => {
    const session = connectHttp2(url, request.tls ?? {});
    session.on('error', (error) => resolve(describe(error, url.host)));
    const gzip = request.headers['grpc-encoding'] === 'gzip';
    // A gRPC message: compressed flag, 4-byte big-endian length, the protobuf bytes.
    const frame = Buffer.alloc(5 + request.body.byteLength);
    frame.writeUInt8(gzip ? 1 : 0, 0);
    frame.writeUInt32BE(request.body.byteLength, 1);
    frame.set(request.body, 5);
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...request.headers,
    });
    let status: string | undefined;
    stream.on('response', (headers) => {
      status = headers['grpc-status']?.toString() ?? status;
    });
    stream.on('trailers', (trailers) => {
      status = trailers['grpc-status']?.toString() ?? status;
    });
    stream.on('error', (error) => resolve(describe(error, url.host)));
    stream.on('close', () => {
      session.close();
      resolve(status === '0' ? undefined : `gRPC status ${status ?? 'missing'}`);
    });
    stream.resume();
    stream.end(frame);
  });
}

function record(index: number, failure: string | undefined): void {
  if (failure !== undefined && Atomics.compareExchange(state, FIRST_FAILED, 0, index + 1) === 0) {
    const bytes = Buffer.from(failure, 'utf8').subarray(0, MESSAGE_BYTES);
    new Uint8Array(work.message).set(bytes);
    Atomics.store(state, MESSAGE_LENGTH, bytes.byteLength);
  }
  Atomics.add(state, SETTLED, 1);
  Atomics.notify(state, SETTLED);
}

work.requests.forEach((request, index) => {
  const sent = request.grpcPath === undefined ? postHttp(request) : postGrpc(request, request.grpcPath);
  sent.then(
    (failure) => record(index, failure),
    (error: unknown) => record(index, String(error)),
  );
});
