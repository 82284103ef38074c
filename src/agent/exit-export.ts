/**
 * The export at process exit, for a process that ends without the agent's normal flush: process.exit() before
 * the event loop empties, an uncaught error, an unhandled rejection. Runs inside the 'exit' event, where
 * nothing asynchronous of the main thread runs again, so everything here is synchronous: the pending spans and
 * a synchronous metric collection, serialised, posted by a worker thread while this thread waits, within the
 * shutdown bound (exit-post.ts). Prints at most one line (the agent's export line, or the bound's); never
 * throws.
 */
import type { OtlpProtocol } from './config.js';
import type { AgentLog } from './diagnostics.js';
import { type ExitRequest, postAndWait } from './exit-post.js';
import { exitRequest } from './exit-request.js';
import { type ExportGuard, reportExportFailure } from './export-guard.js';
import type { OtlpEndpoint, OtlpSignal } from './otlp-endpoint.js';

export interface ExitSource {
  readonly signal: OtlpSignal;
  readonly protocol: OtlpProtocol;
  readonly endpoint: OtlpEndpoint;
  /** The signal's export guard: a collector already known to fail is not tried again. */
  readonly guard: ExportGuard;
  /** The serialised export request of what has not been exported; undefined when there is nothing. */
  readonly takeBody: () => Uint8Array | undefined;
}

const label = (source: ExitSource) => `${source.signal} (otlp ${source.protocol}, at exit)`;

export function exportAtExit(
  sources: readonly ExitSource[],
  timeoutMs: number,
  log: AgentLog,
  env: NodeJS.ProcessEnv,
): void {
  try {
    const sending: Array<{ source: ExitSource; request: ExitRequest }> = [];
    for (const source of sources) {
      if (source.guard.isFailing) continue;
      const body = source.takeBody();
      if (body === undefined) continue;
      const request = exitRequest(source.signal, source.protocol, source.endpoint, body, env);
      if (request === undefined) {
        reportExportFailure(
          log,
          { label: label(source), endpoint: source.endpoint.display },
          'not supported at exit',
        );
        continue;
      }
      sending.push({ source, request });
    }
    if (sending.length === 0) return;
    const outcome = postAndWait(
      sending.map((entry) => entry.request),
      timeoutMs,
    );
    const failed = outcome.failure === undefined ? undefined : sending[outcome.failure.index]?.source;
    if (failed !== undefined && outcome.failure !== undefined) {
      reportExportFailure(
        log,
        { label: label(failed), endpoint: failed.endpoint.display },
        outcome.failure.message,
      );
    } else if (!outcome.finished) {
      log.once(
        'shutdown-timeout',
        `telemetry export at exit did not finish within ${timeoutMs} ms; ending without it`,
      );
    }
  } catch {
    // The process is ending as the app made it end; the agent must not change how.
  }
}
