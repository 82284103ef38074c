import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentLog } from '../../src/agent/diagnostics.js';
import { ExportGuard, type GuardTarget } from '../../src/agent/export-guard.js';

const ENDPOINT = 'http://127.0.0.1:4318/v1/traces';

function target(label: string, timeoutMs: number, extra: Partial<GuardTarget> = {}): GuardTarget {
  return { label, endpoint: ENDPOINT, timeoutMs, ...extra };
}

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

/** An exporter that answers only when told to. */
function controlledExporter() {
  const pending: Array<{ items: string; done: (result: ExportResult) => void }> = [];
  const send: Send = (items, done) => pending.push({ items, done });
  return { send, pending };
}

function exportVia(guard: ExportGuard, send: Send, items = 'batch'): { result: ExportResult | undefined } {
  const outcome: { result: ExportResult | undefined } = { result: undefined };
  guard.run(send, items, (result) => {
    outcome.result = result;
  });
  return outcome;
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };
const REFUSED: ExportResult = {
  code: ExportResultCode.FAILED,
  error: new Error('connect ECONNREFUSED 127.0.0.1:4318'),
};
const succeed: Send = (_items, done) => done(SUCCESS);
const refuse: Send = (_items, done) => done(REFUSED);

describe('ExportGuard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes results through and reports the first failure once', () => {
    const log = recordingLog();
    const guard = new ExportGuard(target('traces (otlp http/protobuf)', 1000), log);
    expect(exportVia(guard, succeed).result).toEqual(SUCCESS);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(2000);
      expect(exportVia(guard, refuse).result).toEqual(REFUSED);
    }
    expect(log.lines).toEqual([
      'export to the collector failed (traces (otlp http/protobuf) to http://127.0.0.1:4318/v1/traces: connect ECONNREFUSED 127.0.0.1:4318); telemetry is dropped while it is unavailable, and this is reported once',
    ]);
  });

  it('keeps one export in flight; others wait their turn, in order, up to a bound', () => {
    const guard = new ExportGuard(target('traces (otlp grpc)', 1000), recordingLog());
    const exporter = controlledExporter();
    const runs = ['a', 'b', 'c'].map((items) => exportVia(guard, exporter.send, items));
    expect(exporter.pending.map((call) => call.items)).toEqual(['a']);
    exporter.pending[0]?.done(SUCCESS);
    expect(exporter.pending.map((call) => call.items)).toEqual(['a', 'b']);
    exporter.pending[1]?.done(SUCCESS);
    exporter.pending[2]?.done(SUCCESS);
    expect(runs.map((run) => run.result)).toEqual([SUCCESS, SUCCESS, SUCCESS]);

    const overflow = Array.from({ length: 12 }, () => exportVia(guard, exporter.send));
    expect(overflow.filter((run) => run.result?.code === ExportResultCode.FAILED)).toHaveLength(3);
  });

  it('when the export in flight fails, fails the waiting ones at once', () => {
    const guard = new ExportGuard(target('traces (otlp grpc)', 1000), recordingLog());
    const exporter = controlledExporter();
    const runs = ['a', 'b', 'c'].map((items) => exportVia(guard, exporter.send, items));
    exporter.pending[0]?.done(REFUSED);
    expect(exporter.pending).toHaveLength(1);
    expect(runs.map((run) => run.result?.code)).toEqual([1, 1, 1]);
  });

  it('while failing, probes the collector once per two timeouts and fails the rest at once', () => {
    const guard = new ExportGuard(target('metrics (otlp grpc)', 1000), recordingLog());
    exportVia(guard, refuse);
    const send = vi.fn(succeed);
    vi.advanceTimersByTime(1999);
    expect(exportVia(guard, send).result?.code).toBe(ExportResultCode.FAILED);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(exportVia(guard, send).result).toEqual(SUCCESS);
    // Recovered: no waiting for the next one.
    expect(exportVia(guard, send).result).toEqual(SUCCESS);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('answers by the deadline when the exporter does not, and starts the next export only once it has', () => {
    const log = recordingLog();
    const guard = new ExportGuard(target('traces (otlp http/json)', 1000), log);
    const exporter = controlledExporter();
    const first = exportVia(guard, exporter.send, 'a');
    vi.advanceTimersByTime(1499);
    expect(first.result).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(first.result?.code).toBe(ExportResultCode.FAILED);
    expect(log.lines[0]).toContain('no answer within 1500 ms');
    // Its retry chain is still running: nothing new starts beside it.
    vi.advanceTimersByTime(5000);
    expect(exportVia(guard, exporter.send, 'b').result?.code).toBe(ExportResultCode.FAILED);
    exporter.pending[0]?.done(SUCCESS);
    expect(first.result?.code).toBe(ExportResultCode.FAILED);
    expect(exportVia(guard, exporter.send, 'c').result).toBeUndefined();
    expect(exporter.pending.map((call) => call.items)).toEqual(['a', 'c']);
  });

  it('after shutdown begins, does not try a failing collector again', () => {
    const guard = new ExportGuard(target('traces (otlp grpc)', 1000), recordingLog());
    exportVia(guard, refuse);
    vi.advanceTimersByTime(5000);
    guard.beginShutdown();
    const send = vi.fn(succeed);
    expect(exportVia(guard, send).result?.code).toBe(ExportResultCode.FAILED);
    expect(send).not.toHaveBeenCalled();
  });

  it('turns an exporter that throws into a failed result', () => {
    const guard = new ExportGuard(target('traces (otlp grpc)', 1000), recordingLog());
    const run = exportVia(guard, () => {
      throw new Error('boom');
    });
    expect(run.result).toMatchObject({ code: ExportResultCode.FAILED, error: new Error('boom') });
  });

  describe('with a connect check', () => {
    const refusedConnect = () => Promise.resolve(new Error('connect ECONNREFUSED 127.0.0.1:4318'));
    const openConnect = () => Promise.resolve(undefined);

    it('fails at once, without calling the exporter, when the endpoint refuses; one line names it', async () => {
      const log = recordingLog();
      const guard = new ExportGuard(
        target('traces (otlp http/protobuf)', 1000, { checkConnect: refusedConnect }),
        log,
      );
      const send = vi.fn(succeed);
      const run = exportVia(guard, send);
      await vi.advanceTimersByTimeAsync(0);
      expect(run.result?.code).toBe(ExportResultCode.FAILED);
      expect(send).not.toHaveBeenCalled();
      expect(log.lines).toEqual([
        `export to the collector failed (traces (otlp http/protobuf) to ${ENDPOINT}: connect ECONNREFUSED 127.0.0.1:4318); telemetry is dropped while it is unavailable, and this is reported once`,
      ]);
    });

    it('checks only until the collector has answered, and again once it fails', async () => {
      const check = vi.fn(openConnect);
      const guard = new ExportGuard(
        target('metrics (otlp grpc)', 1000, { checkConnect: check }),
        recordingLog(),
      );
      const first = exportVia(guard, succeed);
      expect(first.result).toBeUndefined();
      await vi.advanceTimersByTimeAsync(0);
      expect(first.result).toEqual(SUCCESS);
      expect(exportVia(guard, refuse).result).toEqual(REFUSED);
      expect(check).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(2000);
      const probe = exportVia(guard, succeed);
      await vi.advanceTimersByTimeAsync(0);
      expect(probe.result).toEqual(SUCCESS);
      expect(check).toHaveBeenCalledTimes(2);
    });

    it('holds the next exports while the check runs', async () => {
      const guard = new ExportGuard(
        target('traces (otlp grpc)', 1000, { checkConnect: refusedConnect }),
        recordingLog(),
      );
      const runs = ['a', 'b'].map((items) => exportVia(guard, succeed, items));
      expect(runs.map((run) => run.result)).toEqual([undefined, undefined]);
      await vi.advanceTimersByTimeAsync(0);
      expect(runs.map((run) => run.result?.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    });
  });
});
