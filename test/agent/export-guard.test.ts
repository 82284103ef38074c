import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { describe, expect, it, vi } from 'vitest';
import type { AgentLog } from '../../src/agent/diagnostics.js';
import { ExportGuard } from '../../src/agent/export-guard.js';

type Send = (items: string, done: (result: ExportResult) => void) => void;

function recordingLog(): AgentLog & { lines: string[] } {
  const lines: string[] = [];
  const keys = new Set<string>();
  return {
    lines,
    once(key, message) {
      if (keys.has(key)) return;
      keys.add(key);
      lines.push(message);
    },
  };
}

function exportOnce(guard: ExportGuard, send: Send): Promise<ExportResult> {
  return new Promise((resolve) => guard.run(send, 'batch', resolve));
}

const succeed: Send = (_items, done) => done({ code: ExportResultCode.SUCCESS });
const refuse: Send = (_items, done) =>
  done({ code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED 127.0.0.1:4318') });

describe('ExportGuard', () => {
  it('passes results through and reports the first failure once', async () => {
    const log = recordingLog();
    const guard = new ExportGuard('traces (otlp http/protobuf)', 1000, log);
    expect((await exportOnce(guard, succeed)).code).toBe(ExportResultCode.SUCCESS);
    for (let i = 0; i < 5; i++) expect((await exportOnce(guard, refuse)).code).toBe(ExportResultCode.FAILED);
    expect(log.lines).toEqual([
      'traces (otlp http/protobuf) export failed (connect ECONNREFUSED 127.0.0.1:4318); telemetry is dropped while the collector is unavailable, and this is reported once',
    ]);
  });

  it('while failing, lets one export probe at a time and fails the others at once', async () => {
    const guard = new ExportGuard('metrics (otlp grpc)', 1000, recordingLog());
    await exportOnce(guard, refuse);
    const pending: Array<(result: ExportResult) => void> = [];
    const hang: Send = (_items, done) => pending.push(done);
    const probe = exportOnce(guard, hang);
    const send = vi.fn(succeed);
    expect((await exportOnce(guard, send)).code).toBe(ExportResultCode.FAILED);
    expect(send).not.toHaveBeenCalled();
    pending[0]?.({ code: ExportResultCode.SUCCESS });
    expect((await probe).code).toBe(ExportResultCode.SUCCESS);
    // Recovered: exports run concurrently again.
    expect((await exportOnce(guard, send)).code).toBe(ExportResultCode.SUCCESS);
  });

  it('does not limit concurrency while the collector answers', async () => {
    const guard = new ExportGuard('traces (otlp grpc)', 1000, recordingLog());
    const pending: Array<(result: ExportResult) => void> = [];
    const hang: Send = (_items, done) => pending.push(done);
    const results = [exportOnce(guard, hang), exportOnce(guard, hang), exportOnce(guard, hang)];
    expect(pending).toHaveLength(3);
    for (const done of pending) done({ code: ExportResultCode.SUCCESS });
    expect((await Promise.all(results)).map((result) => result.code)).toEqual([0, 0, 0]);
  });

  it('answers by the deadline when the exporter does not, and ignores its late answer', async () => {
    vi.useFakeTimers();
    try {
      const log = recordingLog();
      const guard = new ExportGuard('traces (otlp http/json)', 1000, log);
      let late: ((result: ExportResult) => void) | undefined;
      const done = vi.fn();
      guard.run(
        (_items, cb) => {
          late = cb;
        },
        'batch',
        done,
      );
      vi.advanceTimersByTime(1499);
      expect(done).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(done).toHaveBeenCalledTimes(1);
      expect(done.mock.calls[0]?.[0].code).toBe(ExportResultCode.FAILED);
      expect(log.lines[0]).toContain('no answer within 1500 ms');
      late?.({ code: ExportResultCode.SUCCESS });
      expect(done).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('after shutdown begins, does not try a failing collector again', async () => {
    const guard = new ExportGuard('traces (otlp grpc)', 1000, recordingLog());
    await exportOnce(guard, refuse);
    guard.beginShutdown();
    const send = vi.fn(succeed);
    expect((await exportOnce(guard, send)).code).toBe(ExportResultCode.FAILED);
    expect(send).not.toHaveBeenCalled();
  });

  it('turns an exporter that throws into a failed result', async () => {
    const guard = new ExportGuard('traces (otlp grpc)', 1000, recordingLog());
    const result = await exportOnce(guard, () => {
      throw new Error('boom');
    });
    expect(result).toMatchObject({ code: ExportResultCode.FAILED, error: new Error('boom') });
  });
});
