/** Request bodies read and inflated within a byte limit, so no sender can make the receiver hold more. */
import type { Readable } from 'node:stream';
import { gunzip } from 'node:zlib';

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export class BadCompressionError extends Error {
  override readonly name = 'BadCompressionError';
}

/**
 * Collects a body up to `limit` bytes. Past the limit it resolves `undefined` at once and drains the rest
 * without keeping it, so the sender can still read the answer.
 */
export function readBody(body: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        chunks.length = 0;
        resolve(undefined);
      }
    });
    body.once('end', () => resolve(Buffer.concat(chunks, size)));
    body.once('error', reject);
  });
}

/** Gunzips, refusing output over `limit` bytes (a small bomb cannot inflate into a large buffer). */
export function gunzipBounded(compressed: Uint8Array, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(compressed, { maxOutputLength: limit }, (error, inflated) => {
      if (error === null) resolve(inflated);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(new BodyTooLargeError(`inflated body over ${limit} bytes`));
      } else reject(new BadCompressionError(`bad gzip data: ${error.message}`));
    });
  });
}
