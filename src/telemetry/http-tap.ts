/**
 * Error-body bytes of node:http/https responses (axios, got, node-fetch): a per-instance wrapper of the
 * response's `push`, through which Node's HTTP parser hands over every body chunk. It copies what the capture
 * wants and passes each call on unchanged, so the stream's flow, the bytes and their timing stay the app's: no
 * 'data' listener, no resume. The wrapper removes itself when the capture is full, the body ends or the span ends.
 */
import type { IncomingMessage } from 'node:http';
import type { BodyCapture } from './body-capture.js';

export function tapResponseBody(response: IncomingMessage, capture: BodyCapture): void {
  const push = response.push;
  const tap: typeof push = function (this: IncomingMessage, chunk, encoding) {
    if (chunk instanceof Uint8Array) capture.add(chunk);
    else if (chunk === null) capture.detach();
    return push.call(this, chunk, encoding);
  };
  response.push = tap;
  capture.attach(() => {
    if (response.push === tap) response.push = push;
  });
}
