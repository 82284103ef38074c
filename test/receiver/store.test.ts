/** Bounded keeping (oldest dropped and counted), clear, and waitFor's four endings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/receiver/index.js';
import { captureProtobufExports } from './capture.js';
import { post } from './raw-clients.js';

const PROTOBUF = { 'content-type': 'application/x-protobuf' };

let exports: { traces: Buffer; metrics: Buffer };
let receiver: OtlpReceiver;
beforeAll(async () => {
  exports = await captureProtobufExports();
  receiver = await startOtlpReceiver({ grpcPort: false, maxSpans: 3, maxMetrics: 5, maxRequests: 2 });
});
afterAll(() => receiver.close());

describe('bounds', () => {
  it('keeps the newest spans, metrics and requests, and counts what it dropped', async () => {
    expect(receiver.grpcUrl).toBeUndefined();
    // The captured traces export holds one span, the metrics export four metrics.
    for (let round = 0; round < 4; round += 1) {
      await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, exports.traces);
      await post(`${receiver.httpUrl}/v1/metrics`, PROTOBUF, exports.metrics);
    }
    expect(receiver.spans()).toHaveLength(3);
    expect(receiver.metrics()).toHaveLength(5);
    expect(receiver.requests().map((request) => request.signal)).toEqual(['traces', 'metrics']);
    expect(receiver.stats()).toEqual({
      requests: 8,
      accepted: 8,
      rejected: 0,
      droppedSpans: 1,
      droppedMetrics: 11,
    });
    receiver.clear();
    expect([receiver.spans(), receiver.metrics(), receiver.requests()]).toEqual([[], [], []]);
    expect(receiver.stats().requests).toBe(0);
  });
});

describe('waitFor', () => {
  it('resolves at once when the condition already holds, and with its value', async () => {
    await expect(receiver.waitFor(() => 'ready', 10)).resolves.toBe('ready');
  });

  it('resolves after the request that makes it hold', async () => {
    receiver.clear();
    const spans = receiver.waitFor(() => receiver.spans().length > 0 && receiver.spans(), 5000);
    await post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, exports.traces);
    expect((await spans).length).toBeGreaterThan(0);
  });

  it('rejects on timeout with what was received', async () => {
    await expect(receiver.waitFor(() => false, 50)).rejects.toThrow(/not met within 50 ms \(\d+ requests/);
  });

  it('rejects when the check throws', async () => {
    const failing = () => {
      throw new Error('bad check');
    };
    await expect(receiver.waitFor(failing, 1000)).rejects.toThrow('bad check');
  });

  it('rejects pending and later waits when the receiver closes', async () => {
    const closing = await startOtlpReceiver({ grpcPort: false });
    const pending = closing.waitFor(() => false, 60_000);
    await closing.close();
    await expect(pending).rejects.toThrow('receiver closed');
    await expect(closing.waitFor(() => true, 10)).rejects.toThrow('receiver closed');
    await closing.close();
  });
});
